/**
 * A strategy written outside the simulator, loaded by path from a scenario:
 *
 *   agents:
 *     - name: trend
 *       strategy: ./strategies/trendFollower.ts
 *       params: { market: BTCUSDT, lookback: 24, leverage: 3 }
 *
 * Every hour it records the index and holds the perpetual long while the price is above its moving
 * average over `lookback` hours, short while below. It uses only the StrategyContext: the engine
 * state and views to read, ctx helpers to size orders in whole lots, returned commands to act.
 */
import type { StrategyDefinition } from '@fulcrum/sim';

interface Params {
  readonly market: string;
  readonly lookback: number;
  readonly leverage: number;
}

export const strategy: StrategyDefinition<Params> = {
  name: 'trendFollower',
  every: 3_600_000,
  parse(raw, env) {
    const market = typeof raw['market'] === 'string' ? raw['market'] : 'BTCUSDT';
    if (env.venue.marketBySymbol.get(market)?.kind !== 'perp')
      throw new Error(`market: ${market} is not a perpetual`);
    const lookback = Number(raw['lookback'] ?? 24);
    const leverage = Number(raw['leverage'] ?? 3);
    if (!Number.isInteger(lookback) || lookback < 2)
      throw new Error('lookback: a whole number of hours >= 2');
    if (!Number.isInteger(leverage) || leverage < 1) throw new Error('leverage: a whole number >= 1');
    return { market, lookback, leverage };
  },
  create(params, agent) {
    const closes: number[] = [];
    return {
      init(ctx) {
        const usdt = agent.capital.get('USDT') ?? 0n;
        return [
          {
            type: 'Transfer',
            accountId: ctx.accountId,
            asset: 'USDT',
            amount: usdt,
            direction: 'SPOT_TO_FUTURES',
          },
          { type: 'SetLeverage', accountId: ctx.accountId, market: params.market, leverage: params.leverage },
        ];
      },
      onTick(ctx) {
        const market = ctx.market(params.market);
        const index = ctx.state.perp[market.index]?.index ?? 0n;
        if (index === 0n) return [];
        // Floats are fine for the decision; the order itself is in whole lots.
        closes.push(Number(index) / 1e8);
        if (closes.length > params.lookback) closes.shift();
        if (closes.length < params.lookback) return [];
        const average = closes.reduce((s, c) => s + c, 0) / closes.length;
        const want = closes[closes.length - 1]! > average ? 1 : -1;
        const held = ctx.positions().find((p) => p.market === params.market)?.qty ?? 0;
        if (Math.sign(held) === want) return [];
        const equity = ctx.equity();
        const lots = ctx.lotsFor(params.market, (equity * BigInt(params.leverage) * 9n) / 10n, index);
        // Flip: close what is held and open the other way in one order.
        const qty = Math.abs(held) + lots;
        return qty > 0 ? [ctx.marketOrder(params.market, want > 0 ? 'BUY' : 'SELL', qty)] : [];
      },
    };
  },
};
