import { direction } from '@fulcrum/core';
import type { Account, EngineState, MarginAccount, PerpMarket } from '@fulcrum/core';
import { lendingNetUnits } from './valuation.ts';

interface BracketF {
  readonly cap: number;
  readonly mmr: number;
  readonly cum: number;
}

/**
 * Float pictures of accounts for the charts: equity, worst margin ratio and pending funding, read
 * from the exact engine state at a chart point. A thousand agents at a thousand points is a million
 * readings, and bigint arithmetic there would cost more than the run; the exact figures of the
 * summary come from Valuation. Nothing computed here reaches the engine.
 */
export class Picture {
  private readonly state: EngineState;
  private readonly unit: number[];
  private readonly usdt: number;
  private readonly price: number[];
  private readonly lot: number[];
  private readonly quoteUnit: number[];
  private readonly brackets: BracketF[][];
  /** Per market: cumulative mark x rate (quote per whole base) over its funding times. */
  private readonly cumulative: number[][];

  constructor(state: EngineState) {
    this.state = state;
    const v = state.venue;
    this.unit = v.assets.map((a) => 10 ** a.decimals);
    this.usdt = v.assetBySymbol.get('USDT')?.index ?? 0;
    this.price = v.assets.map(() => 0);
    this.lot = v.markets.map((m) => Number(m.lotUnits) / 10 ** m.base.decimals);
    this.quoteUnit = v.markets.map((m) => 10 ** m.quote.decimals);
    this.brackets = v.markets.map((m) =>
      m.kind === 'perp'
        ? m.brackets.map((b) => ({
            cap: Number(b.cap) / 10 ** m.quote.decimals,
            mmr: Number(b.mmrPpm) / 1e6,
            cum: Number(b.cum) / 10 ** m.quote.decimals,
          }))
        : [],
    );
    this.cumulative = v.markets.map(() => [0]);
  }

  /** Prices of this chart point, USDT units per whole asset. */
  prepare(prices: ReadonlyMap<string, bigint>): void {
    for (const a of this.state.venue.assets)
      this.price[a.index] = a.index === this.usdt ? 1 : Number(prices.get(a.symbol) ?? 0n) / 1e8;
  }

  /** `margin`: whether the account's spot margin accounts may hold anything (reading them costs). */
  equity(account: Account, margin = true): number {
    let total = 0;
    const f = account.futures.wallet;
    for (let i = 0; i < account.wallets.length; i++) {
      const w = account.wallets[i]!;
      let units = 0;
      if (w.available !== 0n) units += Number(w.available);
      if (w.held !== 0n) units += Number(w.held);
      if (f[i] !== 0n) units += Number(f[i]);
      if (units !== 0) total += (units / this.unit[i]!) * this.price[i]!;
    }
    if (margin) {
      total += this.marginNet(account.margin);
      for (const m of account.isolated.values()) total += this.marginNet(m);
    }
    for (const p of account.futures.positions) {
      const market = this.state.venue.markets[p.market] as PerpMarket;
      total +=
        this.upnl(market, p.qty, p.basis, direction(p)) +
        this.pendingFunding(account, p.market) +
        Number(p.margin) / this.quoteUnit[p.market]!;
    }
    if (account.lending) total += this.lendingNet(account);
    return total;
  }

  /** Lending pool supply less debt, USDT (few accounts use the pool: read exactly, then pictured). */
  private lendingNet(account: Account): number {
    const pool = this.state.lending;
    const lending = this.state.venue.lending;
    if (!pool || !lending || !account.lending) return 0;
    let total = 0;
    for (let r = 0; r < account.lending.positions.length; r++) {
      const net = lendingNetUnits(this.state, pool, account.lending, r);
      const i = lending.assets[r]!.index;
      if (net !== 0n) total += (Number(net) / this.unit[i]!) * this.price[i]!;
    }
    return total;
  }

  /** Funding the account's positions in one market would get (> 0) or pay if they settled now, USDT. */
  pendingFunding(account: Account, marketIndex: number): number {
    const market = this.state.venue.markets[marketIndex] as PerpMarket;
    const history = this.state.perp[marketIndex]!.fundingHistory;
    const cum = this.cumulative[marketIndex]!;
    for (let k = cum.length - 1; k < history.length; k++)
      cum.push(
        cum[k]! +
          (Number(history[k]!.mark) / this.quoteUnit[marketIndex]!) * (Number(history[k]!.rate) / 1e18),
      );
    let total = 0;
    for (const p of account.futures.positions) {
      if (p.market !== marketIndex || p.fundingCount >= history.length) continue;
      total -=
        direction(p) *
        Math.abs(p.qty) *
        this.lot[market.index]! *
        (cum[history.length]! - cum[p.fundingCount]!);
    }
    return total;
  }

  /** Funding not yet settled, all markets. */
  pendingFundingAll(account: Account): number {
    let total = 0;
    const seen = new Set<number>();
    for (const p of account.futures.positions) {
      if (seen.has(p.market)) continue;
      seen.add(p.market);
      total += this.pendingFunding(account, p.market);
    }
    return total;
  }

  /** Worst margin ratio, 1 = liquidation (as Valuation.riskPpm / 1e6). */
  risk(account: Account, margin = true): number {
    let worst = 0;
    let crossMm = 0;
    let crossBalance = Number(account.futures.wallet[this.usdt] ?? 0n) / 1e8;
    let crossPositions = 0;
    for (const p of account.futures.positions) {
      const market = this.state.venue.markets[p.market] as PerpMarket;
      const mark = Number(this.state.perp[market.index]!.mark) / this.quoteUnit[market.index]!;
      const notional = Math.abs(p.qty) * this.lot[market.index]! * mark;
      const table = this.brackets[market.index]!;
      const b = table.find((x) => notional < x.cap) ?? table[table.length - 1]!;
      const mm = Math.max(0, notional * b.mmr - b.cum);
      const balance =
        this.upnl(market, p.qty, p.basis, direction(p)) +
        this.pendingFunding(account, p.market) / countIn(account, p.market);
      if (p.isolated)
        worst = Math.max(worst, ratio(mm, Number(p.margin) / this.quoteUnit[market.index]! + balance));
      else {
        crossMm += mm;
        crossBalance += balance;
        crossPositions++;
      }
    }
    if (crossPositions > 0) worst = Math.max(worst, ratio(crossMm, crossBalance));
    const liquidation = this.state.venue.margin?.liquidationLevelPpm;
    if (margin && liquidation !== undefined) {
      const level = Number(liquidation) / 1e6;
      worst = Math.max(worst, this.marginRisk(account.margin, level));
      if (account.isolated.size > 0)
        for (const m of account.isolated.values()) worst = Math.max(worst, this.marginRisk(m, level));
    }
    return worst;
  }

  private upnl(market: PerpMarket, qty: number, basis: bigint, side: number): number {
    if (qty === 0) return 0;
    const q = this.quoteUnit[market.index]!;
    const value = Math.abs(qty) * this.lot[market.index]! * (Number(this.state.perp[market.index]!.mark) / q);
    return side * (value - Number(basis) / q);
  }

  private marginNet(m: MarginAccount): number {
    let total = 0;
    for (let i = 0; i < m.wallets.length; i++) {
      const w = m.wallets[i]!;
      const d = m.debts[i]!;
      if (w.available === 0n && w.held === 0n && d.principal === 0n) continue;
      const units =
        Number(w.available) + Number(w.held) - Number(d.principal) - Number(d.interestRaw) / 24e18;
      total += (units / this.unit[i]!) * this.price[i]!;
    }
    return total;
  }

  private marginRisk(m: MarginAccount, level: number): number {
    let assets = 0;
    let debt = 0;
    for (let i = 0; i < m.wallets.length; i++) {
      const w = m.wallets[i]!;
      const d = m.debts[i]!;
      if (w.available !== 0n || w.held !== 0n)
        assets += ((Number(w.available) + Number(w.held)) / this.unit[i]!) * this.price[i]!;
      if (d.principal !== 0n)
        debt += ((Number(d.principal) + Number(d.interestRaw) / 24e18) / this.unit[i]!) * this.price[i]!;
    }
    if (debt === 0) return 0;
    return assets <= 0 ? UNBOUNDED : (level * debt) / assets;
  }
}

const UNBOUNDED = 10;

function ratio(maintenance: number, balance: number): number {
  return balance <= 0 ? UNBOUNDED : Math.min(maintenance / balance, UNBOUNDED);
}

/** Positions of the account in a market (hedge mode has two): pending funding is shared among them. */
function countIn(account: Account, market: number): number {
  let n = 0;
  for (const p of account.futures.positions) if (p.market === market) n++;
  return Math.max(n, 1);
}
