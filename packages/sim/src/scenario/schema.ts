import { z } from 'zod';
import { date, decimal, duration, integer, number, positive, positiveDuration, show } from './fields.ts';

/**
 * The scenario file (YAML or JSON), checked field by field. Amounts are decimal text or plain
 * numbers; durations are like 30s, 5m, 2h, 1d; times inside the run (shocks) are offsets from `start`.
 */

const symbol = z
  .string({ error: (i) => `${show(i.input)} is not a symbol` })
  .regex(/^[A-Z0-9]{2,20}(\/[A-Z0-9]{2,20})?$/, 'must be upper case like BTC, BTCUSDT or BTC/USDT');

const bracket = z.strictObject({
  notionalFloor: decimal,
  notionalCap: decimal,
  maintMarginRatio: decimal,
  maxLeverage: integer.min(1, 'must be at least 1'),
  cum: decimal.optional(),
});

/** A market as the venue lists it: overrides of the default market, or a new one (kind and base). */
const market = z.strictObject({
  kind: z.enum(['spot', 'perp'], { error: 'must be spot or perp' }).optional(),
  base: symbol.optional(),
  quote: symbol.optional(),
  tickSize: decimal.optional(),
  lotSize: decimal.optional(),
  maxPrice: decimal.optional(),
  maxQty: decimal.optional(),
  minNotional: decimal.optional(),
  makerFee: decimal.optional(),
  takerFee: decimal.optional(),
  isolatedMargin: z.boolean().optional(),
  brackets: z.array(bracket).min(1, 'needs at least one bracket').optional(),
  fundingIntervalHours: integer.min(1, 'must be at least 1').max(24, 'must be at most 24').optional(),
  interestRate: decimal.optional(),
  premiumClamp: decimal.optional(),
  fundingCap: decimal.optional(),
  impactMargin: decimal.optional(),
  defaultLeverage: integer.min(1, 'must be at least 1').optional(),
  liquidationFee: decimal.optional(),
  insuranceSlippage: decimal.optional(),
});
export type MarketSpec = z.infer<typeof market>;

const marginAsset = z.strictObject({ dailyInterestRate: decimal.optional(), lendable: decimal.optional() });

const asset = z.strictObject({
  decimals: integer.min(0, 'must be at least 0').max(18, 'must be at most 18').optional(),
  /** Spot margin terms when the asset may be held and borrowed in margin accounts. */
  margin: marginAsset.optional(),
});

const margin = z.strictObject({
  transferOutLevel: decimal.optional(),
  borrowLevel: decimal.optional(),
  marginCallLevel: decimal.optional(),
  liquidationLevel: decimal.optional(),
  liquidationFee: decimal.optional(),
  liquidationSlippage: decimal.optional(),
  assets: z.record(symbol, marginAsset).optional(),
});

/** Overrides of one reserve of the lending pool: shares as fractions, rates yearly, caps in whole tokens. */
const reserve = z.strictObject({
  ltv: decimal.optional(),
  liquidationThreshold: decimal.optional(),
  /** Collateral a liquidator receives above the value it repays, e.g. '0.05'. */
  liquidationBonus: decimal.optional(),
  reserveFactor: decimal.optional(),
  liquidationProtocolFee: decimal.optional(),
  /** The rate curve: usage at the kink, the rate at zero usage, and the two slopes. */
  optimalUsage: decimal.optional(),
  baseRate: decimal.optional(),
  slope1: decimal.optional(),
  slope2: decimal.optional(),
  supplyCap: decimal.optional(),
  borrowCap: decimal.optional(),
  borrowingEnabled: z.boolean().optional(),
});
export type ReserveSpec = z.infer<typeof reserve>;

/** An e-mode category: the default one's overrides, or a new one (then every field but label is needed). */
const eMode = z.strictObject({
  label: z.string().min(1, 'must not be empty').optional(),
  ltv: decimal.optional(),
  liquidationThreshold: decimal.optional(),
  liquidationBonus: decimal.optional(),
  /** Assets whose collateral counts at the category's terms. */
  collateral: z.array(symbol).optional(),
  /** Assets a member may borrow. */
  borrowable: z.array(symbol).optional(),
});
export type EModeSpec = z.infer<typeof eMode>;

const lending = z.strictObject({
  /** Below this value (USD) of a pair's collateral or debt a liquidation may close it all (default 2000). */
  closeFactorThreshold: decimal.optional(),
  /** Value (USD) a partial liquidation must leave, or clear (default 1000). */
  minLeftover: decimal.optional(),
  /** By venue asset (ETH, WSTETH, BTC, USDC, USDT on the default venue): overrides, or a new reserve. */
  reserves: z.record(symbol, reserve).optional(),
  /** By category id (1 is the default "ETH correlated"). */
  eModes: z
    .record(z.string().regex(/^[1-9]\d{0,2}$/, 'must be an e-mode id from 1 to 255'), eMode)
    .optional(),
});
export type LendingSpec = z.infer<typeof lending>;

const venue = z.strictObject({
  /** Extra assets (the defaults are USDT, BTC and ETH), e.g. a second stablecoin or stETH. */
  assets: z.record(symbol, asset).optional(),
  /** The markets to list (default: every default market) with their overrides; {} keeps the defaults. */
  markets: z.record(symbol, market.nullable()).optional(),
  /** Fees of every market unless a market sets its own. */
  fees: z.strictObject({ makerFee: decimal.optional(), takerFee: decimal.optional() }).optional(),
  /** Spot margin terms over the defaults (Binance Cross 3x); false for a venue without spot margin. */
  margin: z.union([z.literal(false), margin]).optional(),
  /** The lending pool (Aave v3's reserves and ETH e-mode) with overrides; false for a venue without one. */
  lending: z.union([z.literal(false), lending]).optional(),
  /** Perpetual insurance fund, USDT (default 1,000,000). */
  insuranceFund: decimal.optional(),
  /** Spot margin insurance fund, USDT (default 0). */
  marginInsuranceFund: decimal.optional(),
});
export type VenueSpec = z.infer<typeof venue>;

const synthetic = z.strictObject({
  kind: z.literal('synthetic'),
  start: decimal,
  /** Annual volatility, e.g. 0.6. */
  volatility: number.min(0, 'must be at least 0'),
  /** Annual expected growth, jumps included. */
  drift: number.optional(),
  jumpsPerYear: number.min(0, 'must be at least 0').optional(),
  jumpMean: number.optional(),
  jumpStdev: number.min(0, 'must be at least 0').optional(),
});
const csv = z.strictObject({
  kind: z.literal('csv'),
  /** Candle CSV (time, open, high, low, close), relative to the scenario file. */
  file: z.string().min(1, 'must name a file'),
  /** The candle time replayed at the scenario's start (default: the first candle). */
  from: date.optional(),
  /** Candle time per simulated time (default 1). */
  speed: positive.optional(),
});
const constant = z.strictObject({ kind: z.literal('constant'), price: decimal });
const follow = z.strictObject({
  kind: z.literal('follow'),
  /** Another asset's path times `ratio` (e.g. stETH at 1 ETH), shocks of both applied. */
  asset: symbol,
  ratio: positive.optional(),
});
const pricePath = z.discriminatedUnion('kind', [synthetic, csv, constant, follow], {
  error: (i) =>
    i.code === 'invalid_union' ? 'kind must be synthetic, csv, constant or follow' : 'must be a price path',
});
export type PricePathSpec = z.infer<typeof pricePath>;

/** When a shock starts (offset from the start), how long it takes, holds and takes to go away. */
const timing = {
  at: duration,
  over: duration.optional(),
  hold: duration.optional(),
  recover: duration.optional(),
};
const crash = z.strictObject({
  kind: z.literal('crash'),
  asset: symbol,
  /** Fraction lost, e.g. 0.3 for -30%. */
  drop: number.gt(0, 'must be above 0').lt(1, 'must be below 1'),
  ...timing,
});
const rally = z.strictObject({
  kind: z.literal('rally'),
  asset: symbol,
  /** Fraction gained, e.g. 0.5 for +50%. */
  rise: positive,
  ...timing,
});
const depeg = z.strictObject({
  kind: z.literal('depeg'),
  asset: symbol,
  /** Price as a fraction of the peg, e.g. 0.9. */
  to: number.gt(0, 'must be above 0').lt(2, 'must be below 2'),
  ...timing,
});
const discount = z.strictObject({
  kind: z.literal('discount'),
  asset: symbol,
  /** Fraction below the asset's path, e.g. 0.05 for stETH at 0.95 ETH. */
  discount: number.min(0, 'must be at least 0').lt(1, 'must be below 1'),
  ...timing,
});
const fundingShock = z.strictObject({
  kind: z.literal('funding'),
  market: symbol,
  /** Funding rate per interval the perpetual's price is pushed to, e.g. 0.002. */
  rate: number.gt(-0.05, 'must be above -0.05').lt(0.05, 'must be below 0.05'),
  ...timing,
});
const shock = z.discriminatedUnion('kind', [crash, rally, depeg, discount, fundingShock], {
  error: (i) =>
    i.code === 'invalid_union' ? 'kind must be crash, rally, depeg, discount or funding' : 'must be a shock',
});
export type ShockSpec = z.infer<typeof shock>;

const funding = z.union(
  [
    z.strictObject({
      /** Funding rate per interval the makers' quotes aim at (default: the interest rate). */
      rate: number.gt(-0.05, 'must be above -0.05').lt(0.05, 'must be below 0.05'),
    }),
    z.strictObject({
      /** Funding history CSV (a time column and a funding rate column), relative to the scenario file. */
      file: z.string().min(1, 'must name a file'),
      /** The history's time replayed at the scenario's start (default: its first row). */
      from: date.optional(),
      /** Hours the file's times are ahead of UTC (e.g. 3 for a file written in UTC+3). */
      utcOffsetHours: number.optional(),
    }),
  ],
  { error: 'must be { rate } or { file, from? }' },
);
export type FundingSpec = z.infer<typeof funding>;

const agent = z.strictObject({
  /** Label of the group (unique); default the strategy's name and the position in the list. */
  name: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,40}$/, 'must be 1-40 letters, digits, _ or -')
    .optional(),
  /** A built-in strategy (directional, deltaNeutral, marketMaker, noise, the lending ones) or a module path. */
  strategy: z.string({ error: 'is required: a built-in strategy name or a module path' }).min(1),
  count: integer.min(1, 'must be at least 1').max(100_000, 'must be at most 100000').optional(),
  /** Deposit of each agent: USDT, or amounts per asset. */
  capital: z.union([decimal, z.record(symbol, decimal)], { error: 'must be an amount or { ASSET: amount }' }),
  /** Time between two decisions (default: the strategy's). */
  every: positiveDuration.optional(),
  params: z.record(z.string(), z.unknown()).optional(),
});
export type AgentSpec = z.infer<typeof agent>;

const sweep = z.strictObject({
  parameters: z
    .array(
      z.strictObject({
        /** Dotted path into the scenario; agents and markets by name, e.g. agents.longs.params.leverage. */
        path: z.string().min(1, 'must be a path such as shocks[0].drop'),
        values: z.array(z.unknown()).min(1, 'needs at least one value'),
        label: z.string().optional(),
      }),
    )
    .min(1, 'needs at least one parameter')
    .max(3, 'takes at most 3 parameters'),
  /** Metrics for the table and the heatmaps, e.g. longs.returnPct, adlFills, insurance.min. */
  metrics: z.array(z.string()).optional(),
});
export type SweepSpec = z.infer<typeof sweep>;

export const scenarioSchema = z.strictObject({
  name: z.string().min(1).optional(),
  description: z.string().optional(),
  /** 32-bit seed of every random source. */
  seed: integer.min(0, 'must be at least 0').max(0xffffffff, 'must fit in 32 bits').optional(),
  start: date.optional(),
  duration: positiveDuration,
  step: positiveDuration.optional(),
  /** Time between two points of the charts (default: about 1,000 points). */
  sample: positiveDuration.optional(),
  venue: venue.optional(),
  prices: z.record(symbol, pricePath, { error: 'must map each asset to a price path' }),
  shocks: z.array(shock).optional(),
  funding: z.record(symbol, funding).optional(),
  agents: z.array(agent).min(1, 'needs at least one agent'),
  sweep: sweep.optional(),
});

export type ScenarioInput = z.input<typeof scenarioSchema>;
export type ScenarioFile = z.infer<typeof scenarioSchema>;
