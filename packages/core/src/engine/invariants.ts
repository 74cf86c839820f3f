import { hasDebt } from '../account/index.ts';
import type { MarginAccount, Wallet } from '../account/index.ts';
import { Side } from '../book/index.ts';
import { surplusRay } from '../lending/index.ts';
import type { PerpMarket } from '../market/index.ts';
import { emptyLending } from './lendingState.ts';
import { marginKey } from './marginState.ts';
import { holdFor } from './spot.ts';
import type { EngineState } from './state.ts';

/**
 * Invariants the engine must keep after every command. Used by the property tests and available to
 * the runtime as a self-check after recovery. Each returns a list of violations (empty = holds).
 */

/** Every margin account of every account, cross first. */
function marginAccounts(state: EngineState): MarginAccount[] {
  const all: MarginAccount[] = [];
  for (const account of state.accounts) {
    all.push(account.margin);
    for (const pair of [...account.isolated.keys()].sort((a, b) => a - b))
      all.push(account.isolated.get(pair)!);
  }
  return all;
}

/**
 * Per asset: spot wallets (available + held) + margin wallets (cross and isolated) + futures wallets
 * (the insurance fund's included) + isolated margins + the margin insurance fund + the margin
 * lending pool's available + the lending pool's cash + fees ==
 * deposits - withdrawals + the pool's supply + realized PnL + funding received - funding paid,
 * exactly. PnL and funding are the only money a perpetual creates for one side; perpViolations ties
 * them to the other side. Loans and interest only move money between the pool and margin wallets;
 * lending supply, loans, repayments and liquidations only between spot wallets and the pool's cash.
 */
export function conservationViolations(state: EngineState): string[] {
  const problems: string[] = [];
  state.venue.assets.forEach((asset) => {
    let inWallets = 0n;
    for (const account of [...state.accounts, state.insurance]) {
      const w = account.wallets[asset.index]!;
      if (w.available < 0n || w.held < 0n) problems.push(`account ${account.id} ${asset.symbol} negative`);
      inWallets += w.available + w.held + account.futures.wallet[asset.index]!;
      for (const p of account.futures.positions) {
        if ((state.venue.markets[p.market] as PerpMarket).margin.index === asset.index) inWallets += p.margin;
      }
    }
    for (const m of marginAccounts(state)) {
      const w = m.wallets[asset.index]!;
      if (w.available < 0n || w.held < 0n)
        problems.push(`margin account ${m.id}/${m.pair} ${asset.symbol} negative`);
      inWallets += w.available + w.held;
    }
    const pool = state.marginPool[asset.index]!;
    const marginFund = state.marginFund[asset.index]!;
    if (marginFund < 0n) problems.push(`margin fund ${asset.symbol} negative`);
    inWallets += marginFund + pool.available;
    const reserve = state.venue.lending?.reserveOf[asset.index] ?? -1;
    if (reserve >= 0) inWallets += state.lending!.reserves[reserve]!.cash;
    let created = pool.supply;
    for (const market of state.venue.perpMarkets) {
      if (market.margin.index !== asset.index) continue;
      const ms = state.perp[market.index]!;
      created += ms.realizedPnl + ms.fundingReceived - ms.fundingPaid;
    }
    const fees = state.ledger.fees[asset.index]!;
    const net = state.ledger.deposited[asset.index]! - state.ledger.withdrawn[asset.index]! + created;
    if (inWallets + fees !== net) {
      problems.push(
        `${asset.symbol}: wallets ${inWallets} + fees ${fees} != deposits - withdrawals + supply + pnl + funding ${net}`,
      );
    }
  });
  return problems;
}

/**
 * Per perpetual market: long open interest == short open interest (and the market's counters);
 * realized PnL == long entry value - short entry value (every trade's value leaves one side and
 * reaches the other, so what was realized is exactly what open positions still carry); every
 * account's open-order totals and order count match its resting orders.
 */
export function perpViolations(state: EngineState): string[] {
  const problems: string[] = [];
  for (const market of state.venue.perpMarkets) {
    const ms = state.perp[market.index]!;
    let long = 0;
    let short = 0;
    let basis = 0n;
    for (const account of [...state.accounts, state.insurance]) {
      for (const p of account.futures.positions) {
        if (p.market !== market.index) continue;
        const signed = p.side === 'SHORT' ? -p.qty : p.qty;
        if (p.qty === 0 || (p.side !== 'BOTH' && p.qty < 0)) {
          problems.push(`account ${account.id} holds an empty or negative ${p.side} position`);
        }
        if (signed > 0) {
          long += signed;
          basis += p.basis;
        } else {
          short -= signed;
          basis -= p.basis;
        }
      }
    }
    if (long !== short || long !== ms.longQty || short !== ms.shortQty) {
      problems.push(
        `${market.symbol}: long ${long} / short ${short} lots, counters ${ms.longQty} / ${ms.shortQty}`,
      );
    }
    if (basis !== ms.realizedPnl) {
      problems.push(`${market.symbol}: realized ${ms.realizedPnl} != long - short entry value ${basis}`);
    }
    const book = state.books[market.index]!;
    const totals = new Map<
      number,
      { buyQty: number; buyValue: number; sellQty: number; sellValue: number; count: number }
    >();
    for (const side of [Side.Buy, Side.Sell]) {
      for (const o of book.orders(side)) {
        const meta = state.perpOrders.get(o.id);
        if (!meta) {
          problems.push(`${market.symbol}: order ${o.id} has no perpetual metadata`);
          continue;
        }
        const t = totals.get(o.owner) ?? { buyQty: 0, buyValue: 0, sellQty: 0, sellValue: 0, count: 0 };
        totals.set(o.owner, t);
        t.count++;
        const opening =
          meta.positionSide === 'LONG'
            ? side === Side.Buy
            : meta.positionSide === 'SHORT'
              ? side === Side.Sell
              : true;
        if (meta.reduceOnly || !opening) continue;
        if (side === Side.Buy) {
          t.buyQty += o.qty;
          t.buyValue += o.tick * o.qty;
        } else {
          t.sellQty += o.qty;
          t.sellValue += o.tick * o.qty;
        }
      }
    }
    for (const order of state.conditional.values()) {
      if (order.market !== market.index) continue;
      const t = totals.get(order.accountId) ?? { buyQty: 0, buyValue: 0, sellQty: 0, sellValue: 0, count: 0 };
      totals.set(order.accountId, t);
      t.count++;
    }
    for (const account of state.accounts) {
      const expected = totals.get(account.id);
      const actual = account.futures.openOrders.get(market.index);
      const count = account.futures.orderCount.get(market.index) ?? 0;
      const want = expected && expected.buyQty + expected.sellQty > 0 ? expected : undefined;
      const same =
        (want === undefined && actual === undefined) ||
        (want !== undefined &&
          actual !== undefined &&
          want.buyQty === actual.buyQty &&
          want.buyValue === actual.buyValue &&
          want.sellQty === actual.sellQty &&
          want.sellValue === actual.sellValue);
      if (!same) {
        problems.push(
          `${market.symbol}: account ${account.id} open-order totals ${JSON.stringify(actual)} != book ${JSON.stringify(want)}`,
        );
      }
      if (count !== (expected?.count ?? 0)) {
        problems.push(
          `${market.symbol}: account ${account.id} order count ${count} != ${expected?.count ?? 0}`,
        );
      }
    }
  }
  return problems;
}

/**
 * Every wallet set's held amount equals what its resting orders hold: spot orders in the spot
 * wallets, margin orders in the margin account they trade from.
 */
export function holdViolations(state: EngineState): string[] {
  const expected = new Map<Wallet[], bigint[]>();
  const problems: string[] = [];
  state.venue.spotMarkets.forEach((market) => {
    const book = state.books[market.index]!;
    for (const side of [Side.Buy, Side.Sell]) {
      for (const o of book.orders(side)) {
        const account = state.accounts[o.owner - 1];
        if (!account) continue;
        const meta = state.marginOrders.get(o.id);
        const holder = !meta ? account : meta.isolated ? account.isolated.get(meta.market) : account.margin;
        if (!holder || (meta && (meta.accountId !== o.owner || meta.market !== market.index))) {
          problems.push(`order ${o.id}: margin metadata does not match the book`);
          continue;
        }
        const row = expected.get(holder.wallets) ?? new Array<bigint>(state.venue.assets.length).fill(0n);
        expected.set(holder.wallets, row);
        const asset = side === Side.Buy ? market.quote.index : market.base.index;
        row[asset] = row[asset]! + holdFor(market, side, o.tick, o.qty);
      }
    }
  });
  for (const id of state.marginOrders.keys()) {
    const meta = state.marginOrders.get(id)!;
    if (!state.books[meta.market]?.has(id)) problems.push(`margin order ${id} is not on the book`);
  }
  const check = (name: string, wallets: Wallet[]) => {
    const row = expected.get(wallets);
    wallets.forEach((w, asset) => {
      const want = row?.[asset] ?? 0n;
      if (w.held !== want) problems.push(`${name} asset ${asset}: held ${w.held}, orders hold ${want}`);
    });
  };
  state.accounts.forEach((account) => {
    check(`account ${account.id}`, account.wallets);
    check(`account ${account.id} margin`, account.margin.wallets);
    for (const [pair, m] of account.isolated) check(`account ${account.id} isolated ${pair}`, m.wallets);
  });
  return problems;
}

/**
 * Lending: per asset, pool available + outstanding principal == supply + interest earned - bad debt;
 * no debt is negative; no interest is owed without principal; the set of borrowers is exact.
 */
export function marginViolations(state: EngineState): string[] {
  const problems: string[] = [];
  const all = marginAccounts(state);
  state.venue.assets.forEach((asset) => {
    const pool = state.marginPool[asset.index]!;
    let principal = 0n;
    for (const m of all) {
      const d = m.debts[asset.index]!;
      if (d.principal < 0n || d.interestRaw < 0n)
        problems.push(`margin ${m.id}/${m.pair} ${asset.symbol} debt negative`);
      if (d.principal === 0n && (d.interestRaw !== 0n || d.nextAccrual !== 0))
        problems.push(`margin ${m.id}/${m.pair} ${asset.symbol}: interest without principal`);
      principal += d.principal;
    }
    if (pool.available < 0n || pool.badDebt < 0n || pool.interestEarned < 0n || pool.lostInterest < 0n)
      problems.push(`pool ${asset.symbol} negative`);
    if (pool.available + principal !== pool.supply + pool.interestEarned - pool.badDebt) {
      problems.push(
        `pool ${asset.symbol}: available ${pool.available} + principal ${principal} != supply ${pool.supply} + interest ${pool.interestEarned} - bad debt ${pool.badDebt}`,
      );
    }
  });
  for (const m of all) {
    if (hasDebt(m) !== state.borrowers.has(marginKey(state, m)))
      problems.push(`margin ${m.id}/${m.pair}: borrower set out of step`);
  }
  let borrowers = 0;
  for (const m of all) if (hasDebt(m)) borrowers++;
  if (borrowers !== state.borrowers.size) problems.push('borrower set has stale entries');
  return problems;
}

/**
 * Lending pool, per reserve: the scaled totals are the sums of the accounts' positions; nothing is
 * negative; the pool identity cash + debt + deficit >= users' supply + treasury holds exactly (ray
 * units, at the reserve's last update). An account's positions are null when empty.
 */
export function lendingViolations(state: EngineState): string[] {
  const pool = state.lending;
  const lending = state.venue.lending;
  if (!pool || !lending) return [];
  const problems: string[] = [];
  pool.reserves.forEach((r, i) => {
    const asset = lending.assets[i]!.symbol;
    let supply = 0n;
    let debt = 0n;
    for (const account of state.accounts) {
      const p = account.lending?.positions[i];
      if (!p) continue;
      if (p.scaledSupply < 0n || p.scaledDebt < 0n)
        problems.push(`account ${account.id} ${asset} lending negative`);
      supply += p.scaledSupply;
      debt += p.scaledDebt;
    }
    if (supply !== r.scaledTotalSupply)
      problems.push(`reserve ${asset}: scaled supply ${r.scaledTotalSupply} != accounts ${supply}`);
    if (debt !== r.scaledTotalDebt)
      problems.push(`reserve ${asset}: scaled debt ${r.scaledTotalDebt} != accounts ${debt}`);
    if (r.cash < 0n || r.deficit < 0n || r.accruedToTreasury < 0n) problems.push(`reserve ${asset} negative`);
    const surplus = surplusRay(r);
    if (surplus < 0n)
      problems.push(`reserve ${asset}: cash + debt + deficit below supply + treasury by ${-surplus} (ray)`);
  });
  for (const account of state.accounts) {
    const a = account.lending;
    if (a && (emptyLending(a) || a.positions.length !== pool.reserves.length))
      problems.push(`account ${account.id}: lending positions should be null`);
  }
  return problems;
}

/** No book is crossed: best bid < best ask whenever both exist. */
export function crossedBookViolations(state: EngineState): string[] {
  const problems: string[] = [];
  state.books.forEach((book, i) => {
    const bid = book.bestBid();
    const ask = book.bestAsk();
    if (bid !== -1 && ask !== -1 && bid >= ask) {
      problems.push(`${state.venue.markets[i]!.symbol} crossed: bid ${bid} >= ask ${ask}`);
    }
  });
  return problems;
}

export function invariantViolations(state: EngineState): string[] {
  return [
    ...conservationViolations(state),
    ...holdViolations(state),
    ...crossedBookViolations(state),
    ...perpViolations(state),
    ...marginViolations(state),
    ...lendingViolations(state),
  ];
}
