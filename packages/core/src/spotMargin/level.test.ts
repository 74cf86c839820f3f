import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { newMarginAccount } from '../account/index.ts';
import {
  MARGIN_LEVEL_UNBOUNDED_PPM,
  exactValue,
  levelState,
  marginLevelPpm,
  marginTotals,
  maxBorrowable,
  valueUnits,
} from './level.ts';
import type { Pricing } from './level.ts';

const U = 10n ** 8n;
const LEVELS = {
  transferOutLevelPpm: 2_000_000n,
  borrowLevelPpm: 1_500_000n,
  marginCallLevelPpm: 1_300_000n,
  liquidationLevelPpm: 1_100_000n,
};
/** USDT (the valuation asset, 1) and BTC at `btc` USDT, 8 decimals each. */
const pricing = (btc: bigint, rates: [bigint, bigint] = [0n, 0n]): Pricing => ({
  prices: [U, btc * U],
  decimals: [8, 8],
  rates,
});

/** The 3x example: 0.06 BTC held against 2,000 USDT owed. */
function long() {
  const m = newMarginAccount(1, -1, 2);
  m.wallets[1]!.available = 6_000_000n;
  m.debts[0]!.principal = 2_000n * U;
  m.debts[0]!.nextAccrual = 1;
  return m;
}

describe('margin level', () => {
  it('values exactly, whatever the decimals', () => {
    expect(valueUnits(exactValue(6_000_000n, 50_000n * U, 8), 'down')).toBe(3_000n * U);
    // 1 unit of a 6-decimal asset at 1.5 valuation units: 1.5 x 10^-6, kept exact.
    expect(exactValue(1n, 150_000_000n, 6)).toBe(150_000_000n * 10n ** 12n);
  });

  it('is 1.5 at 50,000 and changes band exactly at the documented prices', () => {
    const m = long();
    const at = (price: bigint) =>
      marginTotals(m, { prices: [U, price], decimals: [8, 8], rates: [0n, 0n] }, 0);
    expect(marginLevelPpm(at(50_000n * U))).toBe(1_500_000n);
    expect(levelState(at(50_000n * U), LEVELS)).toBe('NO_BORROW');
    expect(levelState(at(4_333_334n * 1_000_000n), LEVELS)).toBe('NO_BORROW'); // 43,333.34
    expect(levelState(at(4_333_333n * 1_000_000n), LEVELS)).toBe('MARGIN_CALL'); // 43,333.33
    expect(levelState(at(3_666_667n * 1_000_000n), LEVELS)).toBe('MARGIN_CALL'); // 36,666.67
    expect(levelState(at(3_666_666_666_667n), LEVELS)).toBe('MARGIN_CALL'); // 36,666.66666667
    expect(levelState(at(3_666_666_666_666n), LEVELS)).toBe('LIQUIDATION'); // 36,666.66666666
    expect(levelState(at(66_666n * U), LEVELS)).toBe('NO_TRANSFER_OUT');
    expect(levelState(at(66_667n * U), LEVELS)).toBe('NORMAL');
  });

  it('is unbounded and NORMAL without debt', () => {
    const m = newMarginAccount(1, -1, 2);
    const totals = marginTotals(m, pricing(50_000n), 0);
    expect(marginLevelPpm(totals)).toBe(MARGIN_LEVEL_UNBOUNDED_PPM);
    expect(levelState(totals, LEVELS)).toBe('NORMAL');
  });

  it('finds the largest borrow that keeps ML at the borrow level, interest of the first hour included', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 10n ** 12n }),
        fc.bigInt({ min: 1_000n, max: 100_000n }),
        fc.bigInt({ min: 0n, max: 10n ** 16n }),
        (usdt, btc, rate) => {
          const m = newMarginAccount(1, -1, 2);
          m.wallets[0]!.available = usdt;
          const p = pricing(btc, [rate, rate]);
          const cap = 10n ** 15n;
          for (const asset of [0, 1]) {
            const x = maxBorrowable(m, p, 0, asset, LEVELS.borrowLevelPpm, cap);
            const ok = (amount: bigint) => {
              const t = marginTotals(m, p, 0, { asset, wallet: 0n, borrow: amount });
              return t.assets * 1_000_000n >= LEVELS.borrowLevelPpm * t.debt;
            };
            if (x > 0n) expect(ok(x)).toBe(true);
            if (x < cap) expect(ok(x + 1n)).toBe(false);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
