import { describe, expect, it } from 'vitest';
import { RAY } from '../money/index.ts';
import { loadLending, mustLoadLending } from './config.ts';
import type { LendingConfig, LendingReserveConfig } from './config.ts';
import { defaultLendingConfig, defaultWeth } from './defaults.ts';

function withReserve(patch: Partial<LendingReserveConfig>): LendingConfig {
  return { reserves: [{ ...defaultWeth(), ...patch }] };
}
function codesOf(config: LendingConfig): string[] {
  const loaded = loadLending(config);
  return loaded.ok ? [] : loaded.problems.map((p) => `${p.code} ${p.path}`);
}

describe('lending config', () => {
  it('loads the defaults into exact units', () => {
    const params = mustLoadLending(defaultLendingConfig());
    expect(params.reserves.map((r) => r.asset)).toEqual(['WETH', 'WSTETH', 'WBTC', 'USDC', 'USDT']);
    const weth = params.reserveByAsset.get('WETH')!;
    expect(weth.ltv).toBe(8_050n);
    expect(weth.liquidationThreshold).toBe(8_300n);
    expect(weth.liquidationBonus).toBe(10_500n);
    expect(weth.rates.optimalUsage).toBe((RAY * 92n) / 100n);
    expect(weth.rates.slope1).toBe((RAY * 27n) / 1_000n);
    expect(weth.supplyCap).toBe(1_800_000n * 10n ** 18n);
    expect(params.reserveByAsset.get('USDC')!.borrowCap).toBe(1_580_000_000n * 10n ** 6n);
    const eMode = params.eModes.get(1)!;
    expect([eMode.ltv, eMode.liquidationThreshold, eMode.liquidationBonus]).toEqual([
      9_300n,
      9_500n,
      10_100n,
    ]);
    expect(eMode.collateral).toEqual([true, true, false, false, false]);
    expect(eMode.borrowable).toEqual([true, false, false, false, false]);
    expect(params.closeFactorThreshold).toBe(2_000n * 10n ** 8n);
    expect(params.minLeftover).toBe(1_000n * 10n ** 8n);
  });

  it('reports every problem with a code and a path', () => {
    expect(codesOf(withReserve({ ltv: '0.9', liquidationThreshold: '0.85' }))).toEqual([
      'CONFIG_RANGE lending.reserves[0].ltv',
    ]);
    expect(codesOf(withReserve({ liquidationThreshold: '0.97' }))).toEqual([
      'CONFIG_RANGE lending.reserves[0].liquidationBonus',
    ]);
    expect(codesOf(withReserve({ ltv: '0', liquidationThreshold: '0' }))).toEqual([
      'CONFIG_RANGE lending.reserves[0].liquidationBonus',
    ]);
    expect(codesOf(withReserve({ ltv: '0.80555' }))).toEqual(['CONFIG_INEXACT lending.reserves[0].ltv']);
    expect(codesOf(withReserve({ reserveFactor: '1.5' }))).toEqual([
      'CONFIG_RANGE lending.reserves[0].reserveFactor',
    ]);
    expect(codesOf(withReserve({ optimalUsage: '1' }))).toEqual([
      'CONFIG_RANGE lending.reserves[0].optimalUsage',
    ]);
    expect(codesOf(withReserve({ slope1: '0.9' }))).toEqual(['CONFIG_RANGE lending.reserves[0].slope2']);
    expect(codesOf(withReserve({ slope2: '10' }))).toEqual(['CONFIG_RANGE lending.reserves[0].slope2']);
    expect(codesOf(withReserve({ asset: 'wstETH', decimals: 40 }))).toEqual([
      'CONFIG_INVALID lending.reserves[0].asset',
      'CONFIG_RANGE lending.reserves[0].decimals',
    ]);
    expect(codesOf(withReserve({ supplyCap: 'lots' }))).toEqual([
      'CONFIG_INVALID lending.reserves[0].supplyCap',
    ]);
    expect(codesOf({ reserves: [defaultWeth(), defaultWeth()] })).toEqual([
      'CONFIG_DUPLICATE lending.reserves[1].asset',
    ]);
    // Outside a venue nothing else says how many decimals a reserve has.
    const { decimals: _decimals, ...undecided } = defaultWeth();
    expect(codesOf({ reserves: [undecided] })).toEqual(['CONFIG_INVALID lending.reserves[0].decimals']);
  });

  it('checks e-mode categories against the reserves', () => {
    const config: LendingConfig = {
      ...defaultLendingConfig(),
      baseCurrencyDecimals: 30,
      eModes: [
        {
          id: 1,
          label: 'ok',
          ltv: '0.9',
          liquidationThreshold: '0.93',
          liquidationBonus: '0.01',
          collateral: ['WETH'],
          borrowable: ['WETH'],
        },
        {
          id: 1,
          label: 'twice',
          ltv: '0.9',
          liquidationThreshold: '0.93',
          liquidationBonus: '0.01',
          collateral: [],
          borrowable: [],
        },
        {
          id: 2,
          label: 'bad',
          ltv: '0.95',
          liquidationThreshold: '0.99',
          liquidationBonus: '0.05',
          collateral: ['DOGE', 'WETH', 'WETH'],
          borrowable: [],
        },
      ],
    };
    expect(codesOf(config)).toEqual([
      'CONFIG_RANGE lending.baseCurrencyDecimals',
      'CONFIG_DUPLICATE lending.eModes[1].id',
      'CONFIG_RANGE lending.eModes[2].liquidationBonus',
      'CONFIG_UNKNOWN_ASSET lending.eModes[2].collateral[0]',
      'CONFIG_DUPLICATE lending.eModes[2].collateral[2]',
    ]);
    expect(() => mustLoadLending(config)).toThrow(/lending.eModes\[2\]/);
  });
});
