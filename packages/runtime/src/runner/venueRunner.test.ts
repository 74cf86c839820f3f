import { describe, expect, it } from 'vitest';
import { Exchange } from '../exchange/exchange.ts';
import { MarketMaker } from '../bots/index.ts';
import { ManualClock } from '../clock/index.ts';
import { SyntheticFeed } from '../feeds/index.ts';
import { VenueRunner } from './venueRunner.ts';

const USDT = 100_000_000n;
const T0 = Date.UTC(2026, 0, 1, 0, 0, 0);

describe('VenueRunner', () => {
  it('feeds index prices and keeps the makers quoting, tick after tick', async () => {
    const clock = new ManualClock(T0);
    const exchange = await Exchange.open({ clock });
    const maker = (await exchange.submit({ type: 'CreateAccount' })).result;
    if (!maker.ok) throw new Error('no account');
    const id = maker.value.accountId;
    await exchange.submit({ type: 'Deposit', accountId: id, asset: 'USDT', amount: 10_000_000n * USDT });
    await exchange.submit({
      type: 'Transfer',
      accountId: id,
      asset: 'USDT',
      amount: 10_000_000n * USDT,
      direction: 'SPOT_TO_FUTURES',
    });
    await exchange.submit({ type: 'SetPositionMode', accountId: id, dualSide: true });
    const runner = new VenueRunner({
      exchange,
      clock,
      feed: new SyntheticFeed({ seed: 7, startMs: T0 }),
      makers: [new MarketMaker({ accountId: id, market: 'BTCUSDT', size: 1_000_000n, levels: 5 })],
    });
    for (let i = 0; i < 30; i++) {
      clock.advance(1_000);
      const report = await runner.tick();
      expect(report.indexPrices).toBe(4);
      // Every asset on the first tick; then only what moved (BTC, ETH and wstETH with it).
      expect(report.oraclePrices).toBe(i === 0 ? 5 : 3);
      expect(report.refused).toBe(0);
    }
    const oracle = (symbol: string) =>
      exchange.state.oracle[exchange.state.venue.assetBySymbol.get(symbol)!.index];
    expect(oracle('USDT')).toBe(USDT);
    expect(oracle('USDC')).toBe(USDT);
    expect(oracle('WSTETH')).toBe(oracle('ETH'));
    const btc = exchange.state.venue.marketBySymbol.get('BTCUSDT')!;
    const book = exchange.state.books[btc.index]!;
    expect([...book.orders(0)].length).toBe(5);
    expect([...book.orders(1)].length).toBe(5);
    expect(book.bestBid()).toBeLessThan(book.bestAsk());
    expect(exchange.state.perp[btc.index]!.mark > 0n).toBe(true);
    await exchange.close();
  });
});
