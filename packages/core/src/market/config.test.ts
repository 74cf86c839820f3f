import { describe, expect, it } from 'vitest';
import { defaultPerpConfigs, defaultSpotVenueConfig, defaultVenueConfig, loadVenue } from './index.ts';
import type { SpotPairConfig, VenueConfig } from './index.ts';

function withPair(over: Partial<SpotPairConfig>): VenueConfig {
  const base = defaultSpotVenueConfig();
  return { ...base, spotPairs: [{ ...base.spotPairs[0]!, ...over }] };
}

describe('venue config', () => {
  it('loads the defaults with exact integer units', () => {
    const loaded = loadVenue(defaultSpotVenueConfig());
    expect(loaded.ok).toBe(true);
    if (!loaded.ok) return;
    const btc = loaded.venue.marketBySymbol.get('BTC/USDT')!;
    // 0.01 USDT x 0.00001 BTC = 0.0000001 USDT = 10 units of 1e-8.
    expect(btc).toMatchObject({
      tickUnits: 1_000_000n,
      lotUnits: 1_000n,
      notionalUnits: 10n,
      maxTick: 100_000_000,
      maxLots: 90_000_000,
      makerFeePpm: 1_000n,
      takerFeePpm: 1_000n,
      minNotionalUnits: 500_000_000n,
      minNotionalTickLots: 50_000_000,
    });
    expect(loaded.venue.marketBySymbol.get('ETH/USDT')!.notionalUnits).toBe(100n);
  });

  it.each([
    [{ tickSize: '0' }, 'CONFIG_RANGE', 'spotPairs[0].tickSize'],
    [{ tickSize: '0.000000001' }, 'CONFIG_INEXACT', 'spotPairs[0].tickSize'],
    [{ lotSize: 'abc' }, 'CONFIG_INVALID', 'spotPairs[0].lotSize'],
    [{ tickSize: '0.00000001', lotSize: '0.00000001' }, 'CONFIG_INEXACT', 'spotPairs[0].tickSize'],
    [{ maxPrice: '1000000.005' }, 'CONFIG_INEXACT', 'spotPairs[0].maxPrice'],
    [{ maxQty: '9000' }, 'CONFIG_RANGE', 'spotPairs[0].maxQty'],
    [{ takerFee: '1' }, 'CONFIG_RANGE', 'spotPairs[0].takerFee'],
    [{ makerFee: '-0.001' }, 'CONFIG_INVALID', 'spotPairs[0].makerFee'],
    [{ base: 'DOGE' }, 'CONFIG_UNKNOWN_ASSET', 'spotPairs[0].base'],
    [{ quote: 'BTC' }, 'CONFIG_INVALID', 'spotPairs[0].quote'],
    [{ symbol: 'btc/usdt' }, 'CONFIG_INVALID', 'spotPairs[0].symbol'],
  ] as const)('%j -> %s at %s', (over, code, path) => {
    const loaded = loadVenue(withPair(over));
    expect(loaded.ok).toBe(false);
    if (loaded.ok) return;
    expect(loaded.problems).toContainEqual(expect.objectContaining({ code, path }));
  });

  it('reports every problem at once, including duplicates and bad assets', () => {
    const base = defaultSpotVenueConfig();
    const loaded = loadVenue({
      assets: [...base.assets, { symbol: 'BTC', decimals: 8 }, { symbol: 'X', decimals: 40 }],
      spotPairs: [...base.spotPairs, base.spotPairs[0]!],
    });
    expect(loaded.ok).toBe(false);
    if (loaded.ok) return;
    expect(loaded.problems.map((p) => `${p.code} ${p.path}`)).toEqual([
      'CONFIG_DUPLICATE assets[3].symbol',
      'CONFIG_INVALID assets[4].symbol',
      'CONFIG_RANGE assets[4].decimals',
      'CONFIG_DUPLICATE spotPairs[2].symbol',
    ]);
  });
});

describe('perpetual market config', () => {
  it('loads the default perpetuals with brackets, funding and impact parameters', () => {
    const loaded = loadVenue(defaultVenueConfig());
    expect(loaded.ok).toBe(true);
    if (!loaded.ok) return;
    const btc = loaded.venue.marketBySymbol.get('BTCUSDT');
    expect(btc?.kind).toBe('perp');
    if (btc?.kind !== 'perp') return;
    // tick 0.1 USDT x lot 0.001 BTC = 0.0001 USDT = 10,000 units; impact notional 200 x 125.
    expect(btc).toMatchObject({
      notionalUnits: 10_000n,
      maxLeverage: 125,
      defaultLeverage: 20,
      fundingIntervalMs: 28_800_000,
    });
    expect(btc.impactNotional).toBe(25_000n * 100_000_000n);
    expect(btc.interestRate).toBe(10n ** 14n);
    expect(btc.fundingCap).toBe(3n * 10n ** 15n);
    expect(btc.brackets[1]).toMatchObject({ mmrPpm: 5_000n, cum: 50n * 100_000_000n });
    expect(loaded.venue.markets.map((m) => `${m.index}:${m.kind}:${m.symbol}`)).toEqual([
      '0:spot:BTC/USDT',
      '1:spot:ETH/USDT',
      '2:perp:BTCUSDT',
      '3:perp:ETHUSDT',
    ]);
  });

  it('reports perpetual problems with their paths', () => {
    const [perp] = defaultPerpConfigs();
    const loaded = loadVenue({
      ...defaultSpotVenueConfig(),
      perps: [
        {
          ...perp!,
          symbol: 'BTC/USDT',
          fundingIntervalHours: 5,
          fundingCap: '0',
          defaultLeverage: 200,
          brackets: [],
        },
      ],
    });
    expect(loaded.ok).toBe(false);
    if (loaded.ok) return;
    expect(loaded.problems.map((p) => `${p.code} ${p.path}`)).toEqual(['CONFIG_DUPLICATE perps[0].symbol']);
    const bad = loadVenue({
      ...defaultSpotVenueConfig(),
      perps: [{ ...perp!, fundingIntervalHours: 5, fundingCap: '0', brackets: [] }],
    });
    expect(bad.ok ? [] : bad.problems.map((p) => `${p.code} ${p.path}`)).toEqual([
      'CONFIG_INVALID perps[0].brackets',
      'CONFIG_RANGE perps[0].fundingIntervalHours',
      'CONFIG_RANGE perps[0].fundingCap',
    ]);
  });
});

describe('spot margin config', () => {
  it('loads the default margin terms: Cross 3x levels, rates as WAD, pools, pricing pairs', () => {
    const loaded = loadVenue(defaultVenueConfig());
    expect(loaded.ok).toBe(true);
    if (!loaded.ok) return;
    const m = loaded.venue.margin!;
    expect(m).toMatchObject({
      transferOutLevelPpm: 2_000_000n,
      borrowLevelPpm: 1_500_000n,
      marginCallLevelPpm: 1_300_000n,
      liquidationLevelPpm: 1_100_000n,
      liquidationFeePpm: 20_000n,
      liquidationSlippagePpm: 50_000n,
      priceMarket: [-1, 0, 1, -1, -1],
    });
    expect(m.valuation.symbol).toBe('USDT');
    expect(m.assets[0]).toMatchObject({ dailyRateWad: 2n * 10n ** 14n, lendable: 10_000_000n * 10n ** 8n });
    expect(loaded.venue.spotMarkets.map((s) => s.isolatedMargin)).toEqual([true, true]);
  });

  const margin = defaultSpotVenueConfig().margin!;
  it.each([
    [{ valuationAsset: 'EUR' }, 'CONFIG_UNKNOWN_ASSET', 'margin.valuationAsset'],
    [{ liquidationLevel: '0.9' }, 'CONFIG_RANGE', 'margin.liquidationLevel'],
    [{ marginCallLevel: '1.1' }, 'CONFIG_RANGE', 'margin.marginCallLevel'],
    [{ borrowLevel: '1.2' }, 'CONFIG_RANGE', 'margin.borrowLevel'],
    [{ transferOutLevel: '1.5' }, 'CONFIG_RANGE', 'margin.transferOutLevel'],
    [{ liquidationFee: '1' }, 'CONFIG_RANGE', 'margin.liquidationFee'],
    [{ liquidationSlippage: '0' }, 'CONFIG_RANGE', 'margin.liquidationSlippage'],
    [{ borrowLevel: '1.5000001' }, 'CONFIG_INEXACT', 'margin.borrowLevel'],
    [{ assets: [...margin.assets, margin.assets[1]!] }, 'CONFIG_DUPLICATE', 'margin.assets[3].asset'],
    [
      { assets: [{ asset: 'DOGE', dailyInterestRate: '0', lendable: '0' }] },
      'CONFIG_UNKNOWN_ASSET',
      'margin.assets[0].asset',
    ],
    [{ assets: margin.assets.slice(1) }, 'CONFIG_INVALID', 'margin.valuationAsset'],
    [
      { assets: [{ ...margin.assets[0]!, lendable: '0.000000001' }] },
      'CONFIG_INEXACT',
      'margin.assets[0].lendable',
    ],
  ] as const)('%j -> %s at %s', (over, code, path) => {
    const loaded = loadVenue({ ...defaultSpotVenueConfig(), margin: { ...margin, ...over } });
    expect(loaded.ok).toBe(false);
    if (loaded.ok) return;
    expect(loaded.problems).toContainEqual(expect.objectContaining({ code, path }));
  });

  it('needs isolated pairs quoted in the valuation asset, on margin assets; inert without margin', () => {
    const base = defaultSpotVenueConfig();
    const btcEth = {
      ...base.spotPairs[1]!,
      symbol: 'ETH/BTC',
      quote: 'BTC',
      tickSize: '0.0001',
      maxPrice: '10',
    };
    const loaded = loadVenue({ ...base, spotPairs: [...base.spotPairs, btcEth] });
    expect(loaded.ok ? [] : loaded.problems.map((p) => `${p.code} ${p.path}`)).toEqual([
      'CONFIG_INVALID spotPairs[2].isolatedMargin',
    ]);
    const { margin: _none, ...spotOnly } = base;
    const plain = loadVenue({ ...spotOnly, spotPairs: [...base.spotPairs, btcEth] });
    expect(plain.ok && plain.venue.margin).toBe(undefined);
  });
});

describe('lending pool config', () => {
  it('lends the default venue assets with Aave parameters and the venue decimals', () => {
    const loaded = loadVenue(defaultVenueConfig());
    expect(loaded.ok).toBe(true);
    if (!loaded.ok) return;
    const lending = loaded.venue.lending!;
    expect(lending.assets.map((a) => a.symbol)).toEqual(['ETH', 'WSTETH', 'BTC', 'USDC', 'USDT']);
    expect(lending.params.reserves.map((r) => r.decimals)).toEqual([8, 8, 8, 6, 8]);
    // Asset order USDT, BTC, ETH, WSTETH, USDC -> reserve indexes.
    expect(lending.reserveOf).toEqual([4, 2, 0, 1, 3]);
    const eth = lending.params.reserveByAsset.get('ETH')!;
    expect([eth.ltv, eth.liquidationThreshold, eth.liquidationBonus]).toEqual([8_050n, 8_300n, 10_500n]);
    expect(eth.supplyCap).toBe(1_800_000n * 10n ** 8n);
    const eMode = lending.params.eModes.get(1)!;
    expect(eMode.collateral).toEqual([true, true, false, false, false]);
    expect(eMode.borrowable).toEqual([true, false, false, false, false]);
  });

  it('needs reserves on venue assets, with their decimals; a venue without lending has no pool', () => {
    const base = defaultVenueConfig();
    const lending = base.lending!;
    const reserve = lending.reserves[0]!;
    const problems = (config: VenueConfig) => {
      const loaded = loadVenue(config);
      return loaded.ok ? [] : loaded.problems.map((p) => `${p.code} ${p.path}`);
    };
    const one = (r: typeof reserve): VenueConfig => ({ ...base, lending: { reserves: [r] } });
    expect(problems(one({ ...reserve, asset: 'DOGE' }))).toEqual([
      'CONFIG_UNKNOWN_ASSET lending.reserves[0].asset',
    ]);
    expect(problems(one({ ...reserve, decimals: 18 }))).toEqual([
      'CONFIG_INVALID lending.reserves[0].decimals',
    ]);
    expect(problems(one({ ...reserve, decimals: 8 }))).toEqual([]);
    const spot = loadVenue(defaultSpotVenueConfig());
    expect(spot.ok && spot.venue.lending).toBe(undefined);
  });
});
