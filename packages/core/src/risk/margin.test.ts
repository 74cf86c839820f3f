import { describe, expect, it } from 'vitest';
import { PPM, Rounding } from '../money/index.ts';
import {
  MARGIN_RATIO_UNBOUNDED_PPM,
  bracketFor,
  initialMargin,
  maintenanceMargin,
  marginRatioPpm,
  maxLeverageFor,
  notionalOf,
  unrealizedPnl,
} from './index.ts';
import { BTC_2021, BTC_DEFAULT, ETH_DEFAULT, ETH_FAQ, units } from './testTables.ts';

const usdt = (text: string): bigint => units(text);

describe('bracketFor / maxLeverageFor', () => {
  it('finds the band floor <= notional < cap', () => {
    expect(bracketFor(BTC_DEFAULT, 0n)?.index).toBe(0);
    expect(bracketFor(BTC_DEFAULT, usdt('49999.99999999'))?.index).toBe(0);
    expect(bracketFor(BTC_DEFAULT, usdt('50000'))?.index).toBe(1);
    expect(bracketFor(BTC_DEFAULT, usdt('3500032.458'))?.index).toBe(3);
    expect(bracketFor(BTC_DEFAULT, usdt('1799999999.99999999'))?.index).toBe(11);
  });

  it('is undefined outside the table: at or above the last cap, or negative', () => {
    expect(bracketFor(BTC_DEFAULT, usdt('1800000000'))).toBeUndefined();
    expect(bracketFor(BTC_DEFAULT, usdt('1800000000') * 10n)).toBeUndefined();
    expect(bracketFor(BTC_DEFAULT, -1n)).toBeUndefined();
    expect(bracketFor([], 0n)).toBeUndefined();
    expect(maxLeverageFor(BTC_DEFAULT, usdt('1800000000'))).toBeUndefined();
  });

  it('gives the leverage of the band', () => {
    expect(maxLeverageFor(BTC_DEFAULT, 0n)).toBe(125);
    expect(maxLeverageFor(BTC_DEFAULT, usdt('50000'))).toBe(100);
    expect(maxLeverageFor(ETH_DEFAULT, usdt('64999999.99999999'))).toBe(20);
    expect(maxLeverageFor(ETH_DEFAULT, usdt('65000000'))).toBe(10);
    expect(maxLeverageFor(BTC_DEFAULT, usdt('1200000000'))).toBe(1);
  });

  it('agrees with a linear scan on every boundary and its neighbours', () => {
    for (const table of [BTC_DEFAULT, ETH_DEFAULT, BTC_2021, ETH_FAQ]) {
      for (const b of table) {
        for (const n of [b.floor - 1n, b.floor, b.floor + 1n, b.cap - 1n, b.cap]) {
          const scan = table.find((x) => x.floor <= n && n < x.cap);
          expect(bracketFor(table, n)).toBe(scan);
        }
      }
    }
  });
});

describe('maintenanceMargin', () => {
  it("reproduces the FAQ's cross example: notional x MMR - cum", () => {
    const eth = usdt('4918775.081');
    const btc = usdt('3500032.458');
    expect(maintenanceMargin(eth, bracketFor(ETH_FAQ, eth)!)).toBe(usdt('356512.5081'));
    expect(maintenanceMargin(btc, bracketFor(BTC_2021, btc)!)).toBe(usdt('71200.81145'));
  });

  it('rounds up', () => {
    const first = BTC_DEFAULT[0]!;
    // 1 unit x 0.4% = 0.004 units -> 1.
    expect(maintenanceMargin(1n, first)).toBe(1n);
    expect(maintenanceMargin(250n, first)).toBe(1n);
    expect(maintenanceMargin(251n, first)).toBe(2n);
  });

  it('is continuous across every bracket boundary (the point of cum)', () => {
    for (const table of [BTC_DEFAULT, ETH_DEFAULT, BTC_2021, ETH_FAQ]) {
      table.slice(1).forEach((b, i) => {
        const below = table[i]!;
        expect(maintenanceMargin(b.floor, b)).toBe(maintenanceMargin(b.floor, below));
        expect(maintenanceMargin(b.floor - 1n, below)).toBeLessThanOrEqual(maintenanceMargin(b.floor, b));
      });
    }
  });

  it('is 0 for a zero notional and never negative with a higher bracket', () => {
    expect(maintenanceMargin(0n, BTC_DEFAULT[0]!)).toBe(0n);
    expect(maintenanceMargin(0n, BTC_DEFAULT[5]!)).toBe(0n);
    expect(() => maintenanceMargin(-1n, BTC_DEFAULT[0]!)).toThrow(RangeError);
  });
});

describe('initialMargin', () => {
  it('is notional / leverage rounded up', () => {
    // FAQ: 1 BTC @ 9,253.30 at 20x -> 462.665 (shown as 462.66).
    expect(initialMargin(usdt('9253.3'), 20)).toBe(usdt('462.665'));
    expect(initialMargin(10n, 3)).toBe(4n);
    expect(initialMargin(0n, 125)).toBe(0n);
  });

  it('refuses a leverage that is not an integer >= 1', () => {
    expect(() => initialMargin(100n, 0)).toThrow(RangeError);
    expect(() => initialMargin(100n, 2.5)).toThrow(RangeError);
  });
});

describe('notionalOf', () => {
  it('is qty x price / 10^baseDecimals with the named rounding', () => {
    // 0.001 BTC x 60,000.5 = 60.0005 USDT, exact.
    expect(notionalOf(100_000n, usdt('60000.5'), 8, Rounding.Up)).toBe(usdt('60.0005'));
    expect(notionalOf(1n, 1n, 8, Rounding.Down)).toBe(0n);
    expect(notionalOf(1n, 1n, 8, Rounding.Up)).toBe(1n);
    expect(notionalOf(0n, usdt('60000'), 8, Rounding.Up)).toBe(0n);
  });
});

describe('unrealizedPnl', () => {
  it('is side x (mark value - basis)', () => {
    const qty = units('109.488');
    const basis = notionalOf(qty, usdt('32481.98'), 8, Rounding.Up);
    expect(basis).toBe(usdt('3556387.02624'));
    expect(unrealizedPnl(1, qty, basis, usdt('32000'), 8)).toBe(usdt('-52771.02624'));
    expect(unrealizedPnl(-1, qty, basis, usdt('32000'), 8)).toBe(usdt('52771.02624'));
  });

  it("rounds the mark value in the venue's favour: a long's down, a short's up", () => {
    // 1 unit of base at 1 unit of price is worth 1e-8 units.
    expect(unrealizedPnl(1, 1n, 0n, 1n, 8)).toBe(0n);
    expect(unrealizedPnl(-1, 1n, 0n, 1n, 8)).toBe(-1n);
    expect(unrealizedPnl(1, 3n, 7n, usdt('2.5'), 0)).toBe(usdt('7.5') - 7n);
  });

  it('is 0 for a zero position and refuses a negative qty', () => {
    expect(unrealizedPnl(1, 0n, 0n, usdt('50000'), 8)).toBe(0n);
    expect(unrealizedPnl(-1, 0n, 0n, usdt('50000'), 8)).toBe(0n);
    expect(() => unrealizedPnl(1, -1n, 0n, 1n, 8)).toThrow(RangeError);
  });
});

describe('marginRatioPpm', () => {
  it('is ΣMM / margin balance in ppm, rounded up', () => {
    expect(marginRatioPpm(100n, 200n)).toBe(500_000n);
    expect(marginRatioPpm(1n, 3n)).toBe(333_334n);
    expect(marginRatioPpm(200n, 200n)).toBe(PPM);
    expect(marginRatioPpm(0n, 200n)).toBe(0n);
  });

  it('reports 100% as soon as the exact ratio passes 99.9999%', () => {
    const balance = 10_000_000n;
    expect(marginRatioPpm(balance - 10n, balance)).toBe(999_999n);
    expect(marginRatioPpm(balance - 9n, balance)).toBe(PPM);
  });

  it('is the unbounded sentinel for a balance <= 0 and saturates there', () => {
    expect(marginRatioPpm(1n, 0n)).toBe(MARGIN_RATIO_UNBOUNDED_PPM);
    expect(marginRatioPpm(0n, -5n)).toBe(MARGIN_RATIO_UNBOUNDED_PPM);
    expect(marginRatioPpm(2n ** 80n, 1n)).toBe(MARGIN_RATIO_UNBOUNDED_PPM);
    expect(MARGIN_RATIO_UNBOUNDED_PPM > PPM).toBe(true);
    expect(() => marginRatioPpm(-1n, 5n)).toThrow(RangeError);
  });
});
