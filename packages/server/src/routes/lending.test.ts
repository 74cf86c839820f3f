import { afterEach, describe, expect, it } from 'vitest';
import { harness } from '../testHarness.ts';
import type { Harness } from '../testHarness.ts';

let h: Harness;
afterEach(async () => h.close());

const USD = 100_000_000n;

/** The oracle's price of an asset in whole US dollars. */
async function oracle(asset: string, usd: bigint): Promise<void> {
  const { result } = await h.exchange.submit({ type: 'OraclePrice', asset, price: usd * USD });
  if (!result.ok) throw new Error(result.message);
}

interface AccountBody {
  eMode: number;
  eModeLabel: string | null;
  healthFactor: string | null;
  totalCollateral: string;
  totalDebt: string;
  availableBorrows: string;
  positions: { asset: string; supplied: string; borrowed: string; collateral: boolean; maxBorrow: string }[];
}
const position = (body: AccountBody, asset: string) => body.positions.find((p) => p.asset === asset)!;

describe('lending routes', () => {
  it('supplies, borrows, shows health and reserves, repays and withdraws, in decimal strings', async () => {
    h = await harness();
    await oracle('ETH', 3_000n);
    await oracle('USDT', 1n);
    const lender = await h.account({ USDT: '100000' });
    const supplied = await h.call(lender, 'POST', '/api/v1/lending/supply', {
      asset: 'USDT',
      amount: '100000',
    });
    expect(supplied.statusCode).toBe(200);
    expect(position(supplied.json() as AccountBody, 'USDT')).toMatchObject({
      supplied: '100000',
      collateral: true,
    });

    const alice = await h.account({ ETH: '10', USDT: '100' });
    await h.call(alice, 'POST', '/api/v1/lending/supply', { asset: 'ETH', amount: '10' });
    const borrowed = await h.call(alice, 'POST', '/api/v1/lending/borrow', {
      asset: 'USDT',
      amount: '10000',
    });
    expect(borrowed.statusCode).toBe(200);
    expect(borrowed.json()).toMatchObject({
      totalCollateral: '30000',
      totalDebt: '10000',
      availableBorrows: '14150', // 30,000 x 0.805 - 10,000
      ltv: '0.805',
      liquidationThreshold: '0.83',
      healthFactor: '2.49', // 30,000 x 0.83 / 10,000
    });

    const reserves = await h.call(alice, 'GET', '/api/v1/lending/reserves');
    expect(reserves.statusCode).toBe(200);
    const body = reserves.json() as {
      reserves: Record<string, unknown>[];
      eModes: Record<string, unknown>[];
    };
    expect(body.reserves.map((r) => r.asset)).toEqual(['ETH', 'WSTETH', 'BTC', 'USDC', 'USDT']);
    expect(body.reserves.find((r) => r.asset === 'USDT')).toMatchObject({
      price: '1',
      utilization: '0.1',
      totalSupplied: '100000',
      totalBorrowed: '10000',
      cash: '90000',
      ltv: '0.75',
      liquidationBonus: '0.045',
      borrowingEnabled: true,
    });
    expect(body.eModes).toEqual([
      {
        id: 1,
        label: 'ETH correlated',
        ltv: '0.93',
        liquidationThreshold: '0.95',
        liquidationBonus: '0.01',
        collateral: ['ETH', 'WSTETH'],
        borrowable: ['ETH'],
      },
    ]);

    const repaid = await h.call(alice, 'POST', '/api/v1/lending/repay', { asset: 'USDT', amount: 'max' });
    expect(repaid.statusCode).toBe(200);
    expect(repaid.json()).toMatchObject({ totalDebt: '0', healthFactor: null });
    const back = await h.call(alice, 'POST', '/api/v1/lending/withdraw', { asset: 'ETH', amount: 'max' });
    expect(position(back.json() as AccountBody, 'ETH')).toMatchObject({ supplied: '0', collateral: false });

    const eMode = await h.call(alice, 'POST', '/api/v1/lending/emode', { category: 1 });
    expect(eMode.json()).toMatchObject({ eMode: 1, eModeLabel: 'ETH correlated' });
    const off = await h.call(lender, 'POST', '/api/v1/lending/collateral', { asset: 'USDT', enabled: false });
    expect(position(off.json() as AccountBody, 'USDT').collateral).toBe(false);
  });

  it('refuses what the engine refuses, with its code, and malformed requests', async () => {
    h = await harness();
    await oracle('USDT', 1n);
    const key = await h.account({ USDT: '10' });
    const cases: [string, string, unknown, string][] = [
      ['/api/v1/lending/borrow', 'POST', { asset: 'USDT', amount: '1' }, 'LENDING_NO_LIQUIDITY'],
      ['/api/v1/lending/supply', 'POST', { asset: 'USDT', amount: '11' }, 'ACCOUNT_INSUFFICIENT_BALANCE'],
      ['/api/v1/lending/supply', 'POST', { asset: 'DOGE', amount: '1' }, 'ACCOUNT_ASSET_UNKNOWN'],
      ['/api/v1/lending/supply', 'POST', { asset: 'USDT', amount: 'lots' }, 'ACCOUNT_AMOUNT_SYNTAX'],
      ['/api/v1/lending/supply', 'POST', { asset: 'USDT', amount: 'max' }, 'ACCOUNT_AMOUNT_SYNTAX'],
      ['/api/v1/lending/repay', 'POST', { asset: 'USDT', amount: 'max' }, 'LENDING_NO_DEBT'],
      ['/api/v1/lending/emode', 'POST', { category: 9 }, 'LENDING_UNKNOWN_EMODE'],
      ['/api/v1/lending/supply', 'POST', { asset: 'USDT', amount: '1', extra: 1 }, 'REQUEST_INVALID'],
      [
        '/api/v1/lending/liquidate',
        'POST',
        { borrower: 1, collateralAsset: 'ETH', debtAsset: 'USDT', debtToCover: 'max' },
        'LENDING_SELF_LIQUIDATION',
      ],
    ];
    for (const [path, method, body, code] of cases) {
      const res = await h.call(key, method, path, body);
      expect([path, res.statusCode, (res.json() as { code: string }).code]).toEqual([path, 400, code]);
    }
  });

  it('liquidates a borrower below HF 1 and reports the bad debt left without collateral', async () => {
    h = await harness();
    await oracle('ETH', 3_000n);
    await oracle('USDT', 1n);
    const lender = await h.account({ USDT: '100000' });
    await h.call(lender, 'POST', '/api/v1/lending/supply', { asset: 'USDT', amount: '100000' });
    const borrower = await h.account({ ETH: '1' });
    await h.call(borrower, 'POST', '/api/v1/lending/supply', { asset: 'ETH', amount: '1' });
    await h.call(borrower, 'POST', '/api/v1/lending/borrow', { asset: 'USDT', amount: '2400' });
    const keeper = await h.account({ USDT: '5000' });
    const request = {
      borrower: borrower.accountId,
      collateralAsset: 'ETH',
      debtAsset: 'USDT',
      debtToCover: 'max',
    };
    const early = await h.call(keeper, 'POST', '/api/v1/lending/liquidate', request);
    expect(early.json()).toMatchObject({ code: 'LENDING_NOT_LIQUIDATABLE' });
    await oracle('ETH', 1_500n);
    const res = await h.call(keeper, 'POST', '/api/v1/lending/liquidate', request);
    expect(res.statusCode).toBe(200);
    const { liquidation } = res.json() as {
      liquidation: {
        closeFactor: string;
        debtRepaid: string;
        collateralReceived: string;
        deficits: unknown[];
      };
    };
    expect(liquidation.closeFactor).toBe('1');
    // All of the ETH went: $1,500 buys back 1,500 / 1.05 of the debt; the rest is the pool's deficit.
    expect(Number(liquidation.debtRepaid)).toBeCloseTo(1_500 / 1.05, 4);
    expect(liquidation.deficits).toMatchObject([{ asset: 'USDT' }]);
    const reserves = (await h.call(keeper, 'GET', '/api/v1/lending/reserves')).json() as {
      reserves: { asset: string; deficit: string }[];
    };
    expect(Number(reserves.reserves.find((r) => r.asset === 'USDT')!.deficit)).toBeCloseTo(
      2_400 - 1_500 / 1.05,
      4,
    );
  });
});
