import { apply, createState, defaultSpotVenueConfig, defaultVenueConfig, mustLoadVenue } from '@fulcrum/core';
import type { Command } from '@fulcrum/core';
import { describe, expect, it } from 'vitest';
import { oracleCommands } from './oracleCommands.ts';

const USD = 100_000_000n;

describe('oracleCommands', () => {
  it('prices every venue asset the feed knows, in asset order, and skips prices already held', () => {
    const state = createState(mustLoadVenue(defaultVenueConfig()));
    const prices = new Map([
      ['ETH', 3_000n * USD],
      ['USDC', USD],
      ['WSTETH', 2_900n * USD],
      ['DOGE', 1n],
      ['USDT', USD],
    ]);
    const commands = oracleCommands(state, prices);
    expect(commands.map((c) => c.asset)).toEqual(['USDT', 'ETH', 'WSTETH', 'USDC']);
    commands.forEach((c, i) => apply(state, { ...c, seq: i + 1, time: 1 } as Command));
    expect(oracleCommands(state, prices)).toEqual([]);
    prices.set('ETH', 2_500n * USD);
    expect(oracleCommands(state, prices)).toEqual([
      { type: 'OraclePrice', asset: 'ETH', price: 2_500n * USD },
    ]);
    // Feed prices with 2 decimals become the oracle's 8.
    expect(oracleCommands(state, new Map([['BTC', 6_000_000n]]), { decimals: 2 })).toEqual([
      { type: 'OraclePrice', asset: 'BTC', price: 60_000n * USD },
    ]);
  });

  it('sends nothing to a venue without a lending pool', () => {
    const state = createState(mustLoadVenue(defaultSpotVenueConfig()));
    expect(oracleCommands(state, new Map([['ETH', 3_000n * USD]]))).toEqual([]);
  });
});
