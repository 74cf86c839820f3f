import type { FundInsurance } from './commands.ts';
import { reject } from './codes.ts';
import type { EngineEvent } from './events.ts';
import { accept } from './result.ts';
import type { Outcome } from './result.ts';
import type { EngineState } from './state.ts';

/**
 * The insurance fund: one system account (id 0) whose futures wallet per margin asset is the fund's
 * balance. It takes over what liquidations cannot close in the book at the bankruptcy price, so it
 * can hold positions, which it sells back into the book. Every movement of its wallet is an event
 * with a reason and a line of its history.
 */

export const INSURANCE_ACCOUNT_ID = 0;

export type InsuranceReason =
  /** Funds put in by the venue (FundInsurance). */
  | 'DEPOSIT'
  /** Clearance fees of liquidations. */
  | 'CLEARANCE_FEE'
  /** PnL of positions the fund took over, realized when it closes them. */
  | 'POSITION_PNL'
  /** Funding paid or received by those positions. */
  | 'FUNDING'
  /** Negative equity left after a liquidation, made good by the fund. */
  | 'BANKRUPTCY_COVER';

export interface InsuranceRecord {
  readonly time: number;
  readonly asset: string;
  readonly reason: InsuranceReason;
  /** Inflow (> 0) or outflow (< 0), margin asset units. */
  amount: bigint;
  /** Fund wallet after it. */
  balance: bigint;
}

export function insuranceBalance(state: EngineState, asset: number): bigint {
  return state.insurance.futures.wallet[asset]!;
}

/**
 * Record a change of the fund's wallet that already happened (`amount` = new - old). Changes of the
 * same asset and reason in one command merge into one history line, so a crash that liquidates many
 * accounts adds a few lines, not thousands.
 */
export function recordFundFlow(
  state: EngineState,
  asset: number,
  amount: bigint,
  reason: InsuranceReason,
  events: EngineEvent[],
): void {
  if (amount === 0n) return;
  const symbol = state.venue.assets[asset]!.symbol;
  const balance = insuranceBalance(state, asset);
  events.push({ type: 'InsuranceFundChanged', asset: symbol, reason, amount, balance });
  const history = state.insuranceHistory;
  const last = history[history.length - 1];
  if (last && last.time === state.commandTime && last.asset === symbol && last.reason === reason) {
    last.amount += amount;
    last.balance = balance;
  } else {
    history.push({ time: state.commandTime, asset: symbol, reason, amount, balance });
  }
}

/** Move `amount` into (> 0) or out of (< 0) the fund's wallet and record it. */
export function fundFlow(
  state: EngineState,
  asset: number,
  amount: bigint,
  reason: InsuranceReason,
  events: EngineEvent[],
): void {
  state.insurance.futures.wallet[asset]! += amount;
  recordFundFlow(state, asset, amount, reason, events);
}

/** Run `change` on the fund's account and record how much its wallet moved, under `reason`. */
export function withFundFlow(
  state: EngineState,
  asset: number,
  reason: InsuranceReason,
  events: EngineEvent[],
  change: () => void,
): void {
  const before = insuranceBalance(state, asset);
  change();
  recordFundFlow(state, asset, insuranceBalance(state, asset) - before, reason, events);
}

export function fundInsurance(
  state: EngineState,
  c: FundInsurance,
  events: EngineEvent[],
): Outcome<{ readonly balance: bigint }> {
  const asset = state.venue.assetBySymbol.get(c.asset);
  if (!asset) return reject('ACCOUNT_ASSET_UNKNOWN', `no asset ${c.asset}`);
  if (typeof c.amount !== 'bigint' || c.amount <= 0n) {
    return reject('ACCOUNT_AMOUNT_NOT_POSITIVE', 'amount must be a bigint above zero');
  }
  state.ledger.deposited[asset.index]! += c.amount;
  fundFlow(state, asset.index, c.amount, 'DEPOSIT', events);
  return accept({ balance: insuranceBalance(state, asset.index) });
}
