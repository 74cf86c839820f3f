import { DEFAULT_BRACKETS } from './brackets.ts';
import type { PerpMarketConfig, VenueConfig } from './config.ts';
import { defaultVenueLendingConfig } from './lendingDefaults.ts';
import type { MarginConfig } from './marginConfig.ts';

/**
 * Default spot pairs: Binance spot's BTCUSDT and ETHUSDT filters (tick 0.01, lot 0.00001 / 0.0001,
 * notional >= 5 USDT) and its base fee tier (0.1% maker and taker). Maximum quantities are lower than
 * Binance's so one order's value in tick-lots stays exact in a double (see loadVenue).
 * Ledger amounts use 8 decimals, as Binance's balances do.
 */
export function defaultSpotVenueConfig(): VenueConfig {
  return {
    assets: [
      { symbol: 'USDT', decimals: 8 },
      { symbol: 'BTC', decimals: 8 },
      { symbol: 'ETH', decimals: 8 },
    ],
    spotPairs: [
      {
        symbol: 'BTC/USDT',
        base: 'BTC',
        quote: 'USDT',
        tickSize: '0.01',
        lotSize: '0.00001',
        maxPrice: '1000000',
        maxQty: '900',
        minNotional: '5',
        makerFee: '0.001',
        takerFee: '0.001',
        isolatedMargin: true,
      },
      {
        symbol: 'ETH/USDT',
        base: 'ETH',
        quote: 'USDT',
        tickSize: '0.01',
        lotSize: '0.0001',
        maxPrice: '100000',
        maxQty: '9000',
        minNotional: '5',
        makerFee: '0.001',
        takerFee: '0.001',
        isolatedMargin: true,
      },
    ],
    margin: defaultMarginConfig(),
  };
}

/**
 * Default spot margin: Binance Cross 3x levels (transfers out above 2, borrowing down to 1.5, margin
 * call at 1.3, liquidation at 1.1), a 2% liquidation fee to the margin insurance fund, USDT's
 * documented 0.02% a day, and a finite lending supply per asset.
 */
export function defaultMarginConfig(): MarginConfig {
  return {
    valuationAsset: 'USDT',
    transferOutLevel: '2',
    borrowLevel: '1.5',
    marginCallLevel: '1.3',
    liquidationLevel: '1.1',
    liquidationFee: '0.02',
    liquidationSlippage: '0.05',
    assets: [
      { asset: 'USDT', dailyInterestRate: '0.0002', lendable: '10000000' },
      { asset: 'BTC', dailyInterestRate: '0.00005', lendable: '100' },
      { asset: 'ETH', dailyInterestRate: '0.00008', lendable: '2000' },
    ],
  };
}

/**
 * Default perpetuals: Binance USDⓈ-M BTCUSDT and ETHUSDT filters (tick 0.1 / 0.01, lot 0.001,
 * minimum notional 100 / 20 USDT), regular fees 0.02% maker / 0.05% taker, funding every 8 hours
 * with interest 0.01% and clamp 0.05%, cap 0.75 x the first bracket's MMR, impact margin 200 USDT
 * (impact notional 200 x max leverage), and Binance's real leverage brackets.
 */
export function defaultPerpConfigs(): PerpMarketConfig[] {
  const common = {
    quote: 'USDT',
    lotSize: '0.001',
    makerFee: '0.0002',
    takerFee: '0.0005',
    fundingIntervalHours: 8,
    interestRate: '0.0001',
    premiumClamp: '0.0005',
    fundingCap: '0.003',
    impactMargin: '200',
    defaultLeverage: 20,
  };
  return [
    {
      ...common,
      symbol: 'BTCUSDT',
      base: 'BTC',
      tickSize: '0.1',
      maxPrice: '1000000',
      maxQty: '1000',
      minNotional: '100',
      brackets: DEFAULT_BRACKETS.BTCUSDT,
    },
    {
      ...common,
      symbol: 'ETHUSDT',
      base: 'ETH',
      tickSize: '0.01',
      maxPrice: '100000',
      maxQty: '10000',
      minNotional: '20',
      brackets: DEFAULT_BRACKETS.ETHUSDT,
    },
  ];
}

/**
 * The default venue: spot pairs and perpetuals over USDT, BTC and ETH, and a lending pool (Aave v3's
 * reserves and ETH e-mode) over those plus WSTETH (8 decimals, like the venue's ETH) and USDC (6, as
 * Aave's). WSTETH and USDC have no spot pair: the oracle prices them.
 */
export function defaultVenueConfig(): VenueConfig {
  const spot = defaultSpotVenueConfig();
  return {
    ...spot,
    assets: [...spot.assets, { symbol: 'WSTETH', decimals: 8 }, { symbol: 'USDC', decimals: 6 }],
    perps: defaultPerpConfigs(),
    lending: defaultVenueLendingConfig(),
  };
}
