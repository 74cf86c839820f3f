import {
  apply,
  createState,
  defaultVenueConfig,
  formatDecimal,
  mustLoadVenue,
  positionRisk,
  unitsToAmount,
} from '@fulcrum/core';
import type { Command, PerpMarket, UnstampedCommand } from '@fulcrum/core';
import { describe, expect, it } from 'vitest';
import { estimateOrder, maxQuantity, quoteToBase } from './estimate.ts';
import type { BracketInfo } from './estimate.ts';

/**
 * The screen's estimate before an order against the engine's own liquidation price once the order
 * has filled, on the default venue.
 */

const USDT = 100_000_000n;

function venueAfterFill(opts: {
  isolated: boolean;
  leverage: number;
  side: 'BUY' | 'SELL';
  qty: number;
  wallet: bigint;
}) {
  const venue = mustLoadVenue(defaultVenueConfig());
  const state = createState(venue);
  let seq = 0;
  const run = (c: UnstampedCommand) => {
    const { result } = apply(state, { ...c, seq: ++seq, time: Date.UTC(2026, 0, 1) } as Command);
    if (!result.ok) throw new Error(`${c.type}: ${result.message}`);
  };
  const market = venue.marketBySymbol.get('BTCUSDT') as PerpMarket;
  for (const _ of [1, 2]) run({ type: 'CreateAccount' });
  for (const [accountId, amount] of [
    [1, opts.wallet],
    [2, 1_000_000n * USDT],
  ] as const) {
    run({ type: 'Deposit', accountId, asset: 'USDT', amount });
    run({ type: 'Transfer', accountId, asset: 'USDT', amount, direction: 'SPOT_TO_FUTURES' });
  }
  run({ type: 'IndexPrice', market: 'BTCUSDT', price: 60_000n * USDT });
  if (opts.isolated) run({ type: 'SetMarginType', accountId: 1, market: 'BTCUSDT', isolated: true });
  run({ type: 'SetLeverage', accountId: 1, market: 'BTCUSDT', leverage: opts.leverage });
  const other = opts.side === 'BUY' ? 'SELL' : 'BUY';
  run({
    type: 'PlaceOrder',
    accountId: 2,
    market: 'BTCUSDT',
    side: other,
    orderType: 'LIMIT',
    price: 600_000,
    qty: opts.qty,
  });
  run({
    type: 'PlaceOrder',
    accountId: 1,
    market: 'BTCUSDT',
    side: opts.side,
    orderType: 'MARKET',
    qty: opts.qty,
  });
  const risk = positionRisk(state, 1)[0]!;
  const brackets: BracketInfo[] = market.brackets.map((b) => ({
    bracket: b.index + 1,
    maxLeverage: b.maxLeverage,
    notionalFloor: unitsToAmount(market.margin, b.floor),
    notionalCap: unitsToAmount(market.margin, b.cap),
    maintMarginRatio: formatDecimal(b.mmrPpm, 6, { trim: true }),
    cum: unitsToAmount(market.margin, b.cum),
  }));
  return {
    liquidation: risk.liquidationPrice === undefined ? null : Number(formatDecimal(risk.liquidationPrice, 8)),
    brackets,
    market,
  };
}

describe('order estimate', () => {
  it('lands on the engine liquidation price of a 20x isolated long', () => {
    const after = venueAfterFill({
      isolated: true,
      leverage: 20,
      side: 'BUY',
      qty: 100,
      wallet: 10_000n * USDT,
    });
    const estimate = estimateOrder({
      side: 'BUY',
      qty: '0.1',
      price: '60000',
      leverage: 20,
      isolated: true,
      feeRate: after.market.config.takerFee,
      tickSize: after.market.config.tickSize,
      brackets: after.brackets,
    })!;
    expect(estimate.notional).toBe('6000');
    expect(estimate.initialMargin).toBe('300');
    expect(estimate.fee).toBe('3');
    expect(estimate.cost).toBe('303');
    expect(after.liquidation).not.toBeNull();
    expect(Math.abs(Number(estimate.liquidationPrice) - after.liquidation!)).toBeLessThanOrEqual(0.1);
  });

  it('lands on the engine liquidation price of a 10x cross short backed by the whole wallet', () => {
    const after = venueAfterFill({
      isolated: false,
      leverage: 10,
      side: 'SELL',
      qty: 1_000,
      wallet: 20_000n * USDT,
    });
    const estimate = estimateOrder({
      side: 'SELL',
      qty: '1',
      price: '60000',
      leverage: 10,
      isolated: false,
      feeRate: after.market.config.takerFee,
      tickSize: after.market.config.tickSize,
      brackets: after.brackets,
      walletBalance: '20000',
      otherMaintenance: '0',
      otherUnrealizedPnl: '0',
    })!;
    expect(after.liquidation).not.toBeNull();
    expect(Math.abs(Number(estimate.liquidationPrice) - after.liquidation!)).toBeLessThanOrEqual(0.1);
    expect(Number(estimate.liquidationPrice)).toBeGreaterThan(60_000);
  });

  it('says none when no price liquidates, and nothing for a closing order', () => {
    const base = {
      price: '60000',
      leverage: 1,
      isolated: false,
      feeRate: '0',
      tickSize: '0.1',
      walletBalance: '100000',
    };
    const { brackets } = venueAfterFill({
      isolated: false,
      leverage: 1,
      side: 'BUY',
      qty: 2,
      wallet: 1_000n * USDT,
    });
    expect(estimateOrder({ ...base, brackets, side: 'BUY', qty: '1' })?.liquidationPrice).toBeNull();
    const closing = estimateOrder({
      ...base,
      brackets,
      side: 'SELL',
      qty: '1',
      position: { qty: '1', entryPrice: '60000', isolatedMargin: '0' },
    });
    expect(closing?.liquidationPrice).toBeNull();
  });

  it('converts quote sizes and finds the largest order, on the lot grid', () => {
    expect(quoteToBase('1000', '60000', '0.001')).toBe('0.016');
    expect(quoteToBase('10', '60000', '0.001')).toBeUndefined();
    // Each BTC takes 3,000 of margin at 20x and 30 of fee: 1,000 opens 0.330.
    expect(maxQuantity('1000', '60000', 20, '0.0005', '0.001')).toBe('0.330');
  });
});
