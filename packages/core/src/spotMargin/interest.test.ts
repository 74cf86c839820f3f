import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MarginDebt } from '../account/index.ts';
import {
  HOUR_MS,
  INTEREST_DIVISOR,
  accrue,
  interestOwed,
  nextHourStart,
  rawAfterBorrow,
  rawAfterPayment,
  splitRepayment,
} from './interest.ts';

const WAD = 10n ** 18n;
const RATE = 2n * 10n ** 14n; // 0.02% a day
const at = (h: number, m: number) => Date.UTC(2026, 2, 1, h, m);

function borrowed(amount: bigint, time: number): MarginDebt {
  return {
    principal: amount,
    interestRaw: rawAfterBorrow(0n, amount, RATE),
    nextAccrual: nextHourStart(time),
  };
}

describe('hourly margin interest', () => {
  it('SPEC example (doc): 1,000 USDT from 13:20 to 14:15 at 0.02% a day owes 0.01666667 USDT', () => {
    const debt = borrowed(1_000n * 10n ** 8n, at(13, 20));
    expect(interestOwed(debt.interestRaw)).toBe(833_334n); // the hour charged at borrow
    const caught = accrue(debt, at(14, 15), RATE);
    expect(caught.hours).toBe(1);
    expect(interestOwed(caught.interestRaw)).toBe(1_666_667n);
    expect(caught.nextAccrual).toBe(at(15, 0));
  });

  it('charges each hour start once, at the hour itself, whatever the catch-up steps', () => {
    const debt = borrowed(12_345n, at(13, 55));
    expect(accrue(debt, at(13, 59), RATE).hours).toBe(0);
    expect(accrue(debt, at(14, 0), RATE).hours).toBe(1);
    expect(accrue(debt, at(14, 30), RATE).hours).toBe(1);
    expect(accrue(debt, at(17, 0), RATE).hours).toBe(4);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 5 * HOUR_MS }), { maxLength: 8 }), (steps) => {
        let d = debt;
        let now = at(13, 55);
        for (const s of steps) {
          now += s;
          const c = accrue(d, now, RATE);
          d = { ...d, interestRaw: c.interestRaw, nextAccrual: c.nextAccrual };
        }
        expect(d).toEqual({ ...debt, ...pick(accrue(debt, now, RATE)) });
      }),
    );
  });

  it('owes the raw sum over 24 x WAD rounded up, and a full payment clears the remainder', () => {
    expect(INTEREST_DIVISOR).toBe(24n * WAD);
    expect(interestOwed(1n)).toBe(1n);
    expect(interestOwed(24n * WAD)).toBe(1n);
    expect(interestOwed(24n * WAD + 1n)).toBe(2n);
    expect(rawAfterPayment(24n * WAD + 1n, 2n)).toBe(0n);
    expect(rawAfterPayment(48n * WAD + 5n, 1n)).toBe(24n * WAD + 5n);
  });

  it('repays interest first, then principal, never more than owed', () => {
    expect(splitRepayment(5n, 8n, 100n)).toEqual({ interest: 5n, principal: 0n });
    expect(splitRepayment(50n, 8n, 100n)).toEqual({ interest: 8n, principal: 42n });
    expect(splitRepayment(500n, 8n, 100n)).toEqual({ interest: 8n, principal: 100n });
  });
});

function pick(a: { interestRaw: bigint; nextAccrual: number }) {
  return { interestRaw: a.interestRaw, nextAccrual: a.nextAccrual };
}
