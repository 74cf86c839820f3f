import type { UnstampedCommand } from '@fulcrum/core';
import type { ExchangeApi } from '@fulcrum/runtime';

/** Accounts a fresh venue starts with: 1 quotes the books, 2 is the demo account. */
export const MAKER_ACCOUNT = 1;
export const DEMO_ACCOUNT = 2;

const units = (whole: bigint): bigint => whole * 100_000_000n;

/**
 * On a fresh journal: the market maker's account (deep spot and futures wallets, hedge mode so it
 * can quote both sides of a perpetual), a demo account with test funds, and an insurance fund.
 * Journaled like any command, so a restart replays them instead of seeding again.
 */
export async function seedVenue(exchange: ExchangeApi): Promise<{ makerId: number; demoId: number }> {
  if (exchange.state.accounts.length >= DEMO_ACCOUNT) return { makerId: MAKER_ACCOUNT, demoId: DEMO_ACCOUNT };
  if (exchange.state.accounts.length !== 0) throw new Error('the journal holds a partly seeded venue');
  const commands: UnstampedCommand[] = [
    { type: 'CreateAccount' },
    { type: 'CreateAccount' },
    ...funds(MAKER_ACCOUNT, { USDT: 100_000_000n, BTC: 1_000n, ETH: 20_000n }),
    {
      type: 'Transfer',
      accountId: MAKER_ACCOUNT,
      asset: 'USDT',
      amount: units(50_000_000n),
      direction: 'SPOT_TO_FUTURES',
    },
    { type: 'SetPositionMode', accountId: MAKER_ACCOUNT, dualSide: true },
    ...funds(DEMO_ACCOUNT, { USDT: 100_000n, BTC: 1n, ETH: 10n }),
    {
      type: 'Transfer',
      accountId: DEMO_ACCOUNT,
      asset: 'USDT',
      amount: units(50_000n),
      direction: 'SPOT_TO_FUTURES',
    },
    { type: 'FundInsurance', asset: 'USDT', amount: units(1_000_000n) },
  ];
  for (const command of commands) {
    const { result } = await exchange.submit(command);
    if (!result.ok) throw new Error(`seeding: ${command.type} refused: ${result.code} ${result.message}`);
  }
  return { makerId: MAKER_ACCOUNT, demoId: DEMO_ACCOUNT };
}

function funds(accountId: number, amounts: Record<string, bigint>): UnstampedCommand[] {
  return Object.entries(amounts).map(([asset, whole]) => ({
    type: 'Deposit',
    accountId,
    asset,
    amount: units(whole),
  }));
}
