import { describe, expect, it } from 'vitest';
import { smallScenario } from '../test/fixtures.ts';
import { loadScenario } from './load.ts';

describe("the scenario's lending pool", () => {
  it("is the default venue's (Aave v3's reserves and ETH e-mode), and its oracle is fed only when used", async () => {
    const s = await loadScenario(smallScenario());
    const lending = s.venue.lending!;
    expect(lending.assets.map((a) => a.symbol)).toEqual(['ETH', 'WSTETH', 'BTC', 'USDC', 'USDT']);
    expect(lending.params.reserveByAsset.get('ETH')!.ltv).toBe(8_050n);
    expect(lending.params.eModes.get(1)!.liquidationThreshold).toBe(9_500n);
    expect(s.oracleAssets).toEqual([]);
  });

  it('takes overrides of reserves and e-mode categories, new categories and new reserves', async () => {
    const s = await loadScenario(
      smallScenario({
        venue: {
          assets: { STETH: {} },
          lending: {
            closeFactorThreshold: 5000,
            reserves: {
              WSTETH: { ltv: '0.7', liquidationThreshold: '0.75', slope2: '1' },
              USDC: { optimalUsage: '0.8', borrowCap: 0 },
              STETH: { ltv: '0.6', liquidationThreshold: '0.7', liquidationBonus: '0.08' },
            },
            eModes: {
              1: { liquidationThreshold: '0.96', collateral: ['ETH', 'WSTETH', 'STETH'] },
              2: {
                label: 'BTC and dollars',
                ltv: '0.8',
                liquidationThreshold: '0.85',
                liquidationBonus: '0.03',
                collateral: ['BTC'],
                borrowable: ['USDC', 'USDT'],
              },
            },
          },
        },
      }),
    );
    const p = s.venue.lending!.params;
    const wsteth = p.reserveByAsset.get('WSTETH')!;
    expect([wsteth.ltv, wsteth.liquidationThreshold, wsteth.liquidationBonus]).toEqual([
      7_000n,
      7_500n,
      10_600n,
    ]);
    expect(wsteth.rates.slope2).toBe(10n ** 27n);
    expect(p.reserveByAsset.get('USDC')!.borrowCap).toBe(0n);
    const steth = p.reserveByAsset.get('STETH')!;
    expect([steth.index, steth.ltv, steth.liquidationBonus]).toEqual([5, 6_000n, 10_800n]);
    expect(p.eModes.get(1)!.liquidationThreshold).toBe(9_600n);
    expect(p.eModes.get(1)!.collateral).toEqual([true, true, false, false, false, true]);
    const btc = p.eModes.get(2)!;
    expect(btc.label).toBe('BTC and dollars');
    expect(btc.borrowable).toEqual([false, false, false, true, true, false]);
    expect(p.closeFactorThreshold).toBe(5_000n * 10n ** 8n);
    // A scenario that shapes the pool uses it: reserve assets with a price path, and USDT, reach the oracle.
    expect(s.oracleAssets).toEqual(['ETH', 'BTC', 'USDT']);
  });

  it('can be left out', async () => {
    const s = await loadScenario(smallScenario({ venue: { lending: false } }));
    expect(s.venue.lending).toBeUndefined();
    expect(s.oracleAssets).toEqual([]);
  });
});
