import { Side } from '../book/index.ts';
import { holdFor } from './spot.ts';
import type { EngineState } from './state.ts';

/**
 * Invariants the engine must keep after every command. Used by the property tests and available to
 * the runtime as a self-check after recovery. Each returns a list of violations (empty = holds).
 */

/** Per asset: wallets (available + held) + fees == deposited - withdrawn, exactly. */
export function conservationViolations(state: EngineState): string[] {
  const problems: string[] = [];
  state.venue.assets.forEach((asset) => {
    let inWallets = 0n;
    for (const account of state.accounts) {
      const w = account.wallets[asset.index]!;
      if (w.available < 0n || w.held < 0n) problems.push(`account ${account.id} ${asset.symbol} negative`);
      inWallets += w.available + w.held;
    }
    const fees = state.ledger.fees[asset.index]!;
    const net = state.ledger.deposited[asset.index]! - state.ledger.withdrawn[asset.index]!;
    if (inWallets + fees !== net) {
      problems.push(`${asset.symbol}: wallets ${inWallets} + fees ${fees} != deposits - withdrawals ${net}`);
    }
  });
  return problems;
}

/** Every account's held amount equals what its resting orders hold. */
export function holdViolations(state: EngineState): string[] {
  const expected = state.accounts.map(() => new Array<bigint>(state.venue.assets.length).fill(0n));
  state.venue.spotMarkets.forEach((market) => {
    const book = state.books[market.index]!;
    for (const side of [Side.Buy, Side.Sell]) {
      for (const o of book.orders(side)) {
        const asset = side === Side.Buy ? market.quote.index : market.base.index;
        const row = expected[o.owner - 1];
        if (!row) return;
        row[asset] = row[asset]! + holdFor(market, side, o.tick, o.qty);
      }
    }
  });
  const problems: string[] = [];
  state.accounts.forEach((account, i) => {
    account.wallets.forEach((w, asset) => {
      if (w.held !== expected[i]![asset]) {
        problems.push(
          `account ${account.id} asset ${asset}: held ${w.held}, orders hold ${expected[i]![asset]}`,
        );
      }
    });
  });
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
  return [...conservationViolations(state), ...holdViolations(state), ...crossedBookViolations(state)];
}
