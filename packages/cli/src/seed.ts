import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { accountById, pow10 } from '@fulcrum/core';
import type { UnstampedCommand, Venue } from '@fulcrum/core';
import type { ExchangeApi } from '@fulcrum/runtime';

/**
 * Accounts a fresh venue starts with: 1 quotes the books, 2 is the demo account; with a lending pool,
 * 3 is the liquidation keeper and 4 the pool's first lender.
 */
export const MAKER_ACCOUNT = 1;
export const DEMO_ACCOUNT = 2;
export const KEEPER_ACCOUNT = 3;
export const LENDER_ACCOUNT = 4;

export interface SeedOptions {
  /**
   * Where to remember the keeper's account of a venue seeded before it had one (its id cannot be
   * fixed there: later accounts are users'). Without it such a venue gets no keeper.
   */
  readonly keeperFile?: string;
}

export interface SeededVenue {
  readonly makerId: number;
  readonly demoId: number;
  /** The keeper's account; undefined on an older venue when no keeper file is given. */
  readonly keeperId: number | undefined;
}

/** Whole units of every asset the keeper holds: what it repays debts with. */
const KEEPER_FUNDS = { USDT: 1_000_000n, USDC: 1_000_000n, ETH: 200n, WSTETH: 200n, BTC: 10n };
/** What the first lender supplies to the pool, so there is something to borrow from the start. */
const LENDER_SUPPLY = { USDT: 20_000_000n, USDC: 20_000_000n, ETH: 5_000n, WSTETH: 5_000n, BTC: 200n };

/**
 * On a fresh journal: the market maker's account (deep spot and futures wallets, hedge mode so it
 * can quote both sides of a perpetual), a demo account with test funds, and an insurance fund; with
 * a lending pool, a funded keeper account and a lender that supplies every reserve. Journaled like
 * any command, so a restart replays them instead of seeding again. A venue seeded before it had a
 * keeper gets one on start, recorded in `keeperFile`.
 */
export async function seedVenue(exchange: ExchangeApi, options: SeedOptions = {}): Promise<SeededVenue> {
  const state = exchange.state;
  const lending = state.venue.lending !== undefined;
  if (state.accounts.length >= DEMO_ACCOUNT) {
    // Seeded together with the pool: the keeper has its fixed id.
    if (lending && state.accounts.length >= LENDER_ACCOUNT)
      return { makerId: MAKER_ACCOUNT, demoId: DEMO_ACCOUNT, keeperId: KEEPER_ACCOUNT };
    const keeperId = options.keeperFile ? await laterKeeper(exchange, options.keeperFile) : undefined;
    return { makerId: MAKER_ACCOUNT, demoId: DEMO_ACCOUNT, keeperId };
  }
  if (state.accounts.length !== 0) throw new Error('the journal holds a partly seeded venue');
  const venue = state.venue;
  const commands: UnstampedCommand[] = [
    { type: 'CreateAccount' },
    { type: 'CreateAccount' },
    ...(lending ? [{ type: 'CreateAccount' } as const, { type: 'CreateAccount' } as const] : []),
    ...funds(venue, MAKER_ACCOUNT, { USDT: 100_000_000n, BTC: 1_000n, ETH: 20_000n }),
    {
      type: 'Transfer',
      accountId: MAKER_ACCOUNT,
      asset: 'USDT',
      amount: units(venue, 'USDT', 50_000_000n),
      direction: 'SPOT_TO_FUTURES',
    },
    { type: 'SetPositionMode', accountId: MAKER_ACCOUNT, dualSide: true },
    ...funds(venue, DEMO_ACCOUNT, { USDT: 100_000n, BTC: 1n, ETH: 10n }),
    {
      type: 'Transfer',
      accountId: DEMO_ACCOUNT,
      asset: 'USDT',
      amount: units(venue, 'USDT', 50_000n),
      direction: 'SPOT_TO_FUTURES',
    },
    { type: 'FundInsurance', asset: 'USDT', amount: units(venue, 'USDT', 1_000_000n) },
    ...(lending ? [...funds(venue, KEEPER_ACCOUNT, KEEPER_FUNDS), ...supplies(venue, LENDER_ACCOUNT)] : []),
  ];
  await submitAll(exchange, commands);
  return { makerId: MAKER_ACCOUNT, demoId: DEMO_ACCOUNT, keeperId: lending ? KEEPER_ACCOUNT : undefined };
}

/** The keeper of a venue seeded before it had one: read from `file`, or created, funded and recorded. */
async function laterKeeper(exchange: ExchangeApi, file: string): Promise<number> {
  if (existsSync(file)) {
    const { keeperId } = JSON.parse(readFileSync(file, 'utf8')) as { keeperId: number };
    if (accountById(exchange.state, keeperId)) return keeperId;
    throw new Error(`${file} names account ${keeperId}, which the journal does not hold`);
  }
  const { result } = await exchange.submit({ type: 'CreateAccount' });
  if (!result.ok) throw new Error(`seeding: the keeper's account was refused: ${result.message}`);
  const keeperId = result.value.accountId;
  await submitAll(exchange, funds(exchange.state.venue, keeperId, KEEPER_FUNDS));
  // Written whole, then renamed: a crash leaves the old file or the new one, never half of one.
  writeFileSync(`${file}.tmp`, JSON.stringify({ keeperId }));
  renameSync(`${file}.tmp`, file);
  return keeperId;
}

async function submitAll(exchange: ExchangeApi, commands: readonly UnstampedCommand[]): Promise<void> {
  for (const command of commands) {
    const { result } = await exchange.submit(command);
    if (!result.ok) throw new Error(`seeding: ${command.type} refused: ${result.code} ${result.message}`);
  }
}

/** `whole` units of a venue asset in its smallest units (USDC has 6 decimals, the others 8). */
function units(venue: Venue, asset: string, whole: bigint): bigint {
  const found = venue.assetBySymbol.get(asset);
  if (!found) throw new Error(`seeding: no asset ${asset}`);
  return whole * pow10(found.decimals);
}

/** Deposits of the assets the venue has (an older venue lacks WSTETH and USDC). */
function funds(venue: Venue, accountId: number, amounts: Record<string, bigint>): UnstampedCommand[] {
  return Object.entries(amounts)
    .filter(([asset]) => venue.assetBySymbol.has(asset))
    .map(([asset, whole]) => ({ type: 'Deposit', accountId, asset, amount: units(venue, asset, whole) }));
}

/** The lender's deposits and supplies of every reserve. */
function supplies(venue: Venue, accountId: number): UnstampedCommand[] {
  const reserves = venue.lending?.assets ?? [];
  const amounts = Object.entries(LENDER_SUPPLY).filter(([asset]) => reserves.some((a) => a.symbol === asset));
  return [
    ...funds(venue, accountId, Object.fromEntries(amounts)),
    ...amounts.map(([asset, whole]): UnstampedCommand => ({
      type: 'LendingSupply',
      accountId,
      asset,
      amount: units(venue, asset, whole),
    })),
  ];
}
