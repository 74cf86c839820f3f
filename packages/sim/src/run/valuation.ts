import { accrue, borrowedBalance, direction, interestOwed, pow10, suppliedBalance } from '@fulcrum/core';
import type {
  Account,
  EngineState,
  LendingAccount,
  LendingPool,
  MarginAccount,
  MarginDebt,
  PerpMarket,
  Position,
} from '@fulcrum/core';

const WAD = 10n ** 18n;

/**
 * Supply less debt of an account's position in one reserve, smallest units, with interest to the last
 * command's time (supply rounded down, debt up, as the pool counts them).
 */
export function lendingNetUnits(
  state: EngineState,
  pool: LendingPool,
  positions: LendingAccount,
  reserve: number,
): bigint {
  const p = positions.positions[reserve]!;
  if (p.scaledSupply === 0n && p.scaledDebt === 0n) return 0n;
  const now = Math.max(state.time, pool.reserves[reserve]!.lastUpdate);
  return suppliedBalance(pool, positions, reserve, now) - borrowedBalance(pool, positions, reserve, now);
}

/**
 * Values accounts for the charts, the summary and the strategies, in USDT units: spot and margin
 * wallets at the feed's prices (margin net of debt), perpetuals at their marks (wallets, isolated
 * margins, unrealized PnL, funding not yet settled), lending pool supply less debt at the feed's
 * prices (the ones the oracle is sent). All bigint; divisions truncate, so a figure may
 * differ from the engine's own rounding by a unit. Funding not yet settled comes from a cumulative
 * index per market, so a position held for a year costs one step, not one per funding time.
 */
export class Valuation {
  private readonly state: EngineState;
  /** Per market index: sum of mark x rate over the first k funding times, k = 0..history length. */
  private readonly cumulative: bigint[][];
  private readonly assetScale: bigint[];
  private readonly usdt: number;
  /** Per asset index: USDT units per whole asset at the prices last prepared. */
  private readonly assetPrice: bigint[];
  private preparedFor: ReadonlyMap<string, bigint> | undefined;

  constructor(state: EngineState) {
    this.state = state;
    this.cumulative = state.venue.markets.map(() => [0n]);
    this.assetScale = state.venue.assets.map((a) => pow10(a.decimals));
    this.usdt = state.venue.assetBySymbol.get('USDT')?.index ?? 0;
    this.assetPrice = state.venue.assets.map(() => 0n);
  }

  /** Use these prices from now on (a no-op when they are the ones in use). */
  prepare(prices: ReadonlyMap<string, bigint>): void {
    if (prices === this.preparedFor) return;
    this.preparedFor = prices;
    for (const a of this.state.venue.assets)
      this.assetPrice[a.index] = a.index === this.usdt ? 0n : (prices.get(a.symbol) ?? 0n);
  }

  /** Funding a position would get (> 0) or pay if it settled now. */
  pendingFunding(market: PerpMarket, p: Position): bigint {
    const history = this.state.perp[market.index]!.fundingHistory;
    if (p.fundingCount >= history.length || p.qty === 0) return 0n;
    const cum = this.cumulative[market.index]!;
    for (let k = cum.length - 1; k < history.length; k++)
      cum.push(cum[k]! + history[k]!.mark * history[k]!.rate);
    const owed =
      BigInt(direction(p)) *
      BigInt(Math.abs(p.qty)) *
      market.lotUnits *
      (cum[history.length]! - cum[p.fundingCount]!);
    return -owed / (this.assetScale[market.base.index]! * WAD);
  }

  /** Value of `amount` of an asset in USDT units at the prepared prices (USDT at par). */
  value(asset: number, amount: bigint): bigint {
    if (amount === 0n || asset === this.usdt) return amount;
    return (amount * this.assetPrice[asset]!) / this.assetScale[asset]!;
  }

  /** Spot + margin (net of debt) + futures (wallets, isolated margins, uPnL, pending funding). */
  equity(account: Account, prices: ReadonlyMap<string, bigint>): bigint {
    this.prepare(prices);
    let total = 0n;
    const wallets = account.wallets;
    const futures = account.futures.wallet;
    for (let i = 0; i < wallets.length; i++) {
      const w = wallets[i]!;
      if (w.available !== 0n || w.held !== 0n) total += this.value(i, w.available + w.held);
      if (futures[i] !== 0n) total += this.value(i, futures[i]!);
    }
    total += this.marginNet(account.margin);
    if (account.isolated.size > 0) for (const m of account.isolated.values()) total += this.marginNet(m);
    for (const p of account.futures.positions) {
      const market = this.state.venue.markets[p.market] as PerpMarket;
      total += this.upnl(market, p) + this.pendingFunding(market, p) + p.margin;
    }
    if (account.lending) total += this.lendingNet(account.lending);
    return total;
  }

  /** Supply less debt in the lending pool, with interest, at the prepared prices. */
  private lendingNet(positions: LendingAccount): bigint {
    const pool = this.state.lending;
    const lending = this.state.venue.lending;
    if (!pool || !lending) return 0n;
    let total = 0n;
    for (let r = 0; r < positions.positions.length; r++) {
      const net = lendingNetUnits(this.state, pool, positions, r);
      if (net !== 0n) total += this.value(lending.assets[r]!.index, net);
    }
    return total;
  }

  /**
   * Net interest the account paid the lending pool (< 0: earned), USDT units at the prepared prices:
   * per reserve, the principal it put in (supplied - withdrawn - borrowed + repaid, liquidations
   * counted) less what its positions are worth now.
   */
  lendingInterest(account: Account, principal: readonly bigint[] | undefined): bigint {
    const pool = this.state.lending;
    const lending = this.state.venue.lending;
    if (!pool || !lending || !principal) return 0n;
    let total = 0n;
    for (let r = 0; r < principal.length; r++) {
      const net = account.lending ? lendingNetUnits(this.state, pool, account.lending, r) : 0n;
      const paid = principal[r]! - net;
      if (paid !== 0n) total += this.value(lending.assets[r]!.index, paid);
    }
    return total;
  }

  private upnl(market: PerpMarket, p: Position): bigint {
    if (p.qty === 0) return 0n;
    const mark = this.state.perp[market.index]!.mark;
    const value = (BigInt(Math.abs(p.qty)) * market.lotUnits * mark) / this.assetScale[market.base.index]!;
    return direction(p) === 1 ? value - p.basis : p.basis - value;
  }

  /** Interest a margin account owes now, USDT units: charged, and the hours since still to charge. */
  interestOwed(account: Account): bigint {
    let total = 0n;
    const add = (m: MarginAccount) => {
      for (let i = 0; i < m.debts.length; i++) {
        const d = m.debts[i]!;
        if (d.principal !== 0n || d.interestRaw !== 0n) total += this.value(i, this.interest(i, d));
      }
    };
    add(account.margin);
    for (const m of account.isolated.values()) add(m);
    return total;
  }

  /** Interest owed on one debt at the last command's time, the hour starts not yet charged included. */
  private interest(asset: number, d: MarginDebt): bigint {
    const rate = this.state.venue.margin?.assets[asset]?.dailyRateWad ?? 0n;
    const raw = accrue(d, this.state.time, rate).interestRaw;
    return raw === 0n ? 0n : interestOwed(raw);
  }

  private marginNet(m: MarginAccount): bigint {
    let total = 0n;
    for (let i = 0; i < m.wallets.length; i++) {
      const w = m.wallets[i]!;
      const d = m.debts[i]!;
      if (w.available === 0n && w.held === 0n && d.principal === 0n && d.interestRaw === 0n) continue;
      total += this.value(i, w.available + w.held - d.principal - this.interest(i, d));
    }
    return total;
  }
}
