import { describe, expect, it } from 'vitest';
import { Rounding, divRound } from '../money/index.ts';
import {
  bankruptcyPrice,
  bracketFor,
  liquidationBounds,
  liquidationPrice,
  maintenanceMargin,
  notionalOf,
} from './index.ts';
import type { LiquidationInput } from './index.ts';
import { BTC_2021, BTC_DEFAULT, ETH_FAQ, FLAT_04, units } from './testTables.ts';

const usdt = (text: string): bigint => units(text);
const btc = (text: string): bigint => units(text);

/** A price in 1e-8 USDT rounded half-up to the cent, as the FAQ prints it. */
const toCents = (price: bigint | undefined): bigint | undefined =>
  price === undefined ? undefined : divRound(price, 1_000_000n, Rounding.HalfUp);
const cents = (text: string): bigint => units(text, 2);

const isolated = (
  walletBalance: bigint,
  position: LiquidationInput['position'],
  brackets = BTC_DEFAULT,
): LiquidationInput => ({
  walletBalance,
  otherMaintenance: 0n,
  otherUnrealized: 0n,
  position,
  brackets,
  baseDecimals: 8,
});

describe('liquidationPrice: documented examples (SPEC section 1)', () => {
  // FAQ cross example: WB 1,535,443.01; BTCUSDT long 109.488 @ 32,481.98 and ETHUSDT long
  // 3,683.979 @ 1,456.84; at the mark BTC's notional is 3,500,032.458 and ETH's 4,918,775.081.
  const wallet = usdt('1535443.01');
  const btcQty = btc('109.488');
  const btcBasis = notionalOf(btcQty, usdt('32481.98'), 8, Rounding.Up);
  const ethQty = units('3683.979');
  const ethBasis = notionalOf(ethQty, usdt('1456.84'), 8, Rounding.Up);
  const btcMarkNotional = usdt('3500032.458');
  const ethMarkNotional = usdt('4918775.081');
  const btcMm = maintenanceMargin(btcMarkNotional, bracketFor(BTC_2021, btcMarkNotional)!);
  const ethMm = maintenanceMargin(ethMarkNotional, bracketFor(ETH_FAQ, ethMarkNotional)!);

  it('uses the rates the FAQ states (BTC 2.5% / 16,300, ETH 10% / 135,365)', () => {
    expect(bracketFor(BTC_2021, btcMarkNotional)).toMatchObject({ mmrPpm: 25_000n, cum: usdt('16300') });
    expect(bracketFor(ETH_FAQ, ethMarkNotional)).toMatchObject({ mmrPpm: 100_000n, cum: usdt('135365') });
    expect(btcMarkNotional - btcBasis).toBe(usdt('-56354.56824'));
    expect(ethMarkNotional - ethBasis).toBe(usdt('-448192.88536'));
  });

  it.each([
    ["the FAQ's rounded uPnL", usdt('-448192.89'), usdt('-56354.57')],
    ['the exact uPnL', ethMarkNotional - ethBasis, btcMarkNotional - btcBasis],
  ])('cross, two positions, with %s: LP BTC 26,316.89, LP ETH 1,153.26', (_name, ethUpnl, btcUpnl) => {
    const lpBtc = liquidationPrice({
      walletBalance: wallet,
      otherMaintenance: ethMm,
      otherUnrealized: ethUpnl,
      position: { side: 1, qty: btcQty, basis: btcBasis },
      brackets: BTC_2021,
      baseDecimals: 8,
    });
    const lpEth = liquidationPrice({
      walletBalance: wallet,
      otherMaintenance: btcMm,
      otherUnrealized: btcUpnl,
      position: { side: 1, qty: ethQty, basis: ethBasis },
      brackets: ETH_FAQ,
      baseDecimals: 8,
    });
    expect(toCents(lpBtc)).toBe(cents('26316.89'));
    expect(toCents(lpEth)).toBe(cents('1153.26'));
  });

  it('cross, wallet 500, long 0.02 BTC @ 50,000 at 20x: LP 25,100.40', () => {
    const lp = liquidationPrice(isolated(usdt('500'), { side: 1, qty: btc('0.02'), basis: usdt('1000') }));
    expect(toCents(lp)).toBe(cents('25100.40'));
    // 500 / 0.01992 = 25,100.4016064...: the long's price rounds up at the last unit.
    expect(lp).toBe(usdt('25100.40160643'));
  });

  it('isolated 1 BTC @ 50,000 with 5,000 (research/perps.md 3.1): long 45,180.72, short 54,780.88', () => {
    const long = liquidationPrice(
      isolated(usdt('5000'), { side: 1, qty: btc('1'), basis: usdt('50000') }, FLAT_04),
    );
    const short = liquidationPrice(
      isolated(usdt('5000'), { side: -1, qty: btc('1'), basis: usdt('50000') }, FLAT_04),
    );
    expect(toCents(long)).toBe(cents('45180.72'));
    expect(toCents(short)).toBe(cents('54780.88'));
    // 45,000 / 0.996 = 45,180.722891566... up; 55,000 / 1.004 = 54,780.876494023... down.
    expect(long).toBe(usdt('45180.72289157'));
    expect(short).toBe(usdt('54780.87649402'));
  });

  it('bankruptcy of the isolated example: 45,000 long, 55,000 short', () => {
    const base = { qty: btc('1'), basis: usdt('50000'), walletBalance: usdt('5000'), otherUnrealized: 0n };
    expect(bankruptcyPrice({ ...base, side: 1, baseDecimals: 8 })).toBe(usdt('45000'));
    expect(bankruptcyPrice({ ...base, side: -1, baseDecimals: 8 })).toBe(usdt('55000'));
  });
});

describe('liquidationPrice: bracket re-run', () => {
  it('starts in the bracket of the entry value and re-runs in the one at the LP', () => {
    // Entry value 50,000 is the floor of bracket 2 (0.5%, cum 50); with it the LP would be
    // (5,000 + 50 - 50,000) / (0.005 - 1) = 45,175.88, whose notional is in bracket 1 (0.4%).
    const lp = liquidationPrice(isolated(usdt('5000'), { side: 1, qty: btc('1'), basis: usdt('50000') }));
    expect(toCents(lp)).toBe(cents('45180.72'));
  });

  it('moves a short up into the next bracket: (5,000 + 50 + 50,000) / 1.005 = 54,776.12', () => {
    // With 0.4% the LP (54,780.88) has a notional above 50,000, where bracket 2 applies.
    const lp = liquidationPrice(isolated(usdt('5000'), { side: -1, qty: btc('1'), basis: usdt('50000') }));
    expect(toCents(lp)).toBe(cents('54776.12'));
    expect(lp).toBe(usdt('54776.11940298'));
  });

  it('re-runs until the bracket settles, wherever the first run lands', () => {
    // Long 100 BTC @ 60,000 (entry value 6M: bracket 4, 1%, cum 11,450), isolated wallet 5,945,000.
    // Bracket 4: (5,945,000 + 11,450 - 6,000,000) / (100 x (0.01 - 1)) = 439.90, notional 43,990: bracket 1.
    // Bracket 1: (5,945,000 - 6,000,000) / (100 x (0.004 - 1)) = 552.21, notional 55,221: bracket 2.
    // Bracket 2: (5,945,000 + 50 - 6,000,000) / (100 x (0.005 - 1)) = 552.2613..., notional 55,226: settled.
    const lp = liquidationPrice(
      isolated(usdt('5945000'), { side: 1, qty: btc('100'), basis: usdt('6000000') }),
    );
    expect(toCents(lp)).toBe(cents('552.26'));
    expect(lp).toBe(usdt('552.26130654'));
  });
});

describe('liquidationPrice: hedge mode', () => {
  // Worked by hand from the FAQ formula. Cross WB 10,000, LONG 2 BTC @ 50,000 (basis 100,000),
  // SHORT 1 BTC @ 52,000 (basis 52,000), default BTC brackets. At LP ~ 38,500 the long's notional
  // (~77k) is in bracket 2 (0.5%, cum 50), the short's (~38.5k) in bracket 1 (0.4%, cum 0):
  //   LP = (WB + cumL + cumS - 2 x 50,000 + 1 x 52,000) / (2 x 0.005 + 1 x 0.004 - 2 + 1)
  //      = (10,000 + 50 + 0 - 100,000 + 52,000) / (-0.986) = 38,488.8438...
  const pair = {
    walletBalance: usdt('10000'),
    otherMaintenance: 0n,
    otherUnrealized: 0n,
    position: {
      long: { qty: btc('2'), basis: usdt('100000') },
      short: { qty: btc('1'), basis: usdt('52000') },
    },
    brackets: BTC_DEFAULT,
    baseDecimals: 8,
  } as const;

  it('net long: the price below, rounded up', () => {
    const lp = liquidationPrice(pair);
    expect(toCents(lp)).toBe(cents('38488.84'));
    expect(lp).toBe(usdt('38488.84381339'));
  });

  it('also reports the price above, where maintenance outgrows the net gain', () => {
    // Far above the table both legs use the last rates (50%, cum 421,481,450):
    //   K = 10,000 + (421,481,450 - 100,000) + (421,481,450 + 52,000) = 842,924,900
    //   slope = 2 x (1 - 0.5) - 1 x (1 + 0.5) = -0.5 per BTC  ->  842,924,900 / 0.5 = 1,685,849,800
    // (the short's notional, 1.69B, is in the last bracket; the long's is beyond it).
    expect(liquidationBounds(pair)).toEqual({
      kind: 'prices',
      below: usdt('38488.84381339'),
      above: usdt('1685849800'),
    });
  });

  it('a flat pair can only fail on a rise: (1,000 + 2 x 50) / (2 x 0.005) = 110,000', () => {
    const flat: LiquidationInput = {
      ...pair,
      walletBalance: usdt('1000'),
      position: {
        long: { qty: btc('1'), basis: usdt('50000') },
        short: { qty: btc('1'), basis: usdt('50000') },
      },
    };
    expect(liquidationBounds(flat)).toEqual({ kind: 'prices', below: undefined, above: usdt('110000') });
    expect(liquidationPrice(flat)).toBe(usdt('110000'));
  });

  it('a hedge with one leg is that one-way position', () => {
    const longOnly = liquidationPrice(
      isolated(usdt('500'), { long: { qty: btc('0.02'), basis: usdt('1000') } }),
    );
    expect(longOnly).toBe(usdt('25100.40160643'));
    const shortOnly = liquidationPrice(
      isolated(usdt('5000'), { short: { qty: btc('1'), basis: usdt('50000') } }),
    );
    expect(shortOnly).toBe(usdt('54776.11940298'));
  });
});

describe('liquidationPrice: edge cases', () => {
  it('is undefined without a position', () => {
    expect(liquidationPrice(isolated(usdt('5000'), { side: 1, qty: 0n, basis: 0n }))).toBeUndefined();
    expect(liquidationPrice(isolated(usdt('5000'), { side: -1, qty: 0n, basis: 0n }))).toBeUndefined();
    expect(liquidationPrice(isolated(usdt('5000'), {}))).toBeUndefined();
    expect(liquidationPrice(isolated(usdt('5000'), { long: { qty: 0n, basis: 0n } }))).toBeUndefined();
  });

  it('is undefined for a fully collateralised long, and positive just short of it', () => {
    // Wallet + cum covers the entry value: the group is safe at every positive price.
    expect(
      liquidationPrice(isolated(usdt('50000'), { side: 1, qty: btc('1'), basis: usdt('50000') })),
    ).toBeUndefined();
    const nearly = liquidationPrice(
      isolated(usdt('49999'), { side: 1, qty: btc('1'), basis: usdt('50000') }),
    );
    // 1 / 0.996 = 1.004016...
    expect(nearly).toBe(usdt('1.00401607'));
  });

  it('is 0 for a short that no price can save (its loss is unbounded, so it is always liquidatable)', () => {
    const input: LiquidationInput = {
      walletBalance: usdt('1000'),
      otherMaintenance: 0n,
      otherUnrealized: usdt('-60000'),
      position: { side: -1, qty: btc('1'), basis: usdt('50000') },
      brackets: BTC_DEFAULT,
      baseDecimals: 8,
    };
    expect(liquidationBounds(input)).toEqual({ kind: 'always' });
    expect(liquidationPrice(input)).toBe(0n);
    expect(
      bankruptcyPrice({
        side: -1,
        qty: btc('1'),
        basis: usdt('50000'),
        walletBalance: usdt('1000'),
        otherUnrealized: usdt('-60000'),
        baseDecimals: 8,
      }),
    ).toBe(0n);
  });

  it('applies the last bracket beyond the last cap', () => {
    // 40,000 BTC @ 50,000 (2B, above the 1.8B cap) with 100M: at the LP the notional is still beyond
    // the table, so the last rates apply: (2B - 100M - 421,481,450) / (40,000 x 0.5) = 73,925.9275.
    const input = isolated(usdt('100000000'), { side: 1, qty: btc('40000'), basis: usdt('2000000000') });
    const lp = liquidationPrice(input);
    expect(lp).toBe(usdt('73925.9275'));
    expect(bracketFor(BTC_DEFAULT, notionalOf(btc('40000'), lp!, 8, Rounding.Up))).toBeUndefined();
  });

  it('lands exactly on a bracket floor', () => {
    // Long 1 BTC, isolated: choose the wallet so the LP is exactly 50,000 (bracket 2's floor, where
    // either neighbour's line gives the same MM): wallet = 50,000 - 50,000 x (1 - 0.005) - 50 = 200.
    const lp = liquidationPrice(isolated(usdt('200'), { side: 1, qty: btc('1'), basis: usdt('50000') }));
    expect(lp).toBe(usdt('50000'));
  });

  it('refuses negative quantities and bases', () => {
    expect(() => liquidationPrice(isolated(1n, { side: 1, qty: -1n, basis: 0n }))).toThrow(RangeError);
    expect(() => liquidationPrice(isolated(1n, { short: { qty: 1n, basis: -1n } }))).toThrow(RangeError);
    expect(() =>
      liquidationPrice({ ...isolated(1n, { side: 1, qty: 1n, basis: 1n }), brackets: [] }),
    ).toThrow(RangeError);
  });
});

describe('bankruptcyPrice', () => {
  const base = { qty: btc('1'), basis: usdt('50000'), baseDecimals: 8 } as const;

  it('includes the other positions uPnL in cross and ignores maintenance', () => {
    // Cross wallet 5,000 with other positions up 1,000: equity 6,000 -> 44,000 / 56,000.
    const cross = { ...base, walletBalance: usdt('5000'), otherUnrealized: usdt('1000') };
    expect(bankruptcyPrice({ ...cross, side: 1 })).toBe(usdt('44000'));
    expect(bankruptcyPrice({ ...cross, side: -1 })).toBe(usdt('56000'));
  });

  it("rounds in the venue's favour: a long's up, a short's down", () => {
    // 3 units of base, entry value 10 units, no margin: 10 x 1e8 / 3 = 333,333,333.33...
    const thin = { qty: 3n, basis: 10n, walletBalance: 0n, otherUnrealized: 0n, baseDecimals: 8 };
    expect(bankruptcyPrice({ ...thin, side: 1 })).toBe(333_333_334n);
    expect(bankruptcyPrice({ ...thin, side: -1 })).toBe(333_333_333n);
  });

  it('is undefined for a zero qty or a long the wallet fully covers', () => {
    expect(
      bankruptcyPrice({ ...base, qty: 0n, basis: 0n, side: 1, walletBalance: 1n, otherUnrealized: 0n }),
    ).toBeUndefined();
    expect(
      bankruptcyPrice({ ...base, side: 1, walletBalance: usdt('50000'), otherUnrealized: 0n }),
    ).toBeUndefined();
  });
});
