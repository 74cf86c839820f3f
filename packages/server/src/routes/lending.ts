import {
  HEALTH_FACTOR_UNBOUNDED,
  formatDecimal,
  lendingAccountView,
  lendingEModesView,
  lendingReservesView,
  unitsToAmount,
} from '@fulcrum/core';
import type { Asset, LendingAccountView, UnstampedCommand } from '@fulcrum/core';
import type { FastifyInstance } from 'fastify';
import { ApiCode, ApiError } from '../errors.ts';
import { assetOf, parseAmount, wadText } from '../format.ts';
import { submit } from '../http/submit.ts';
import { assetSymbol, decimal, errorResponses, signed, strictObject } from '../schemas.ts';
import type { ServerContext } from '../types.ts';
import { accountOf } from './authenticate.ts';

/**
 * Signed lending pool routes (Aave v3 family): the reserves, the account's positions and health,
 * supply, withdraw, borrow, repay, collateral, e-mode and liquidation. Amounts are decimal strings of
 * the asset; values in USD; shares, rates and indexes as fractions ('0.805', '0.0345').
 */

const trade = { trade: true } as const;
const TAGS = ['lending'];
const amountOrMax = { ...decimal, description: 'decimal string, or "max" for everything' } as const;
const accountId = { type: 'integer', minimum: 1 } as const;

/** Basis points as a fraction: 8,050 -> '0.805'. */
const bpsText = (bps: bigint): string => formatDecimal(bps, 4, { trim: true });
/** RAY (1e27 = 1) as a fraction. */
const rayText = (ray: bigint): string => formatDecimal(ray, 27, { trim: true });

export function lendingRoutes(app: FastifyInstance, context: ServerContext): void {
  const { exchange } = context;
  const state = exchange.state;
  const venue = state.venue;
  const usd = (units: bigint): string =>
    formatDecimal(units, venue.lending?.params.baseCurrencyDecimals ?? 8, { trim: true });
  const amountOf = (asset: Asset, text: string): bigint | 'max' =>
    text === 'max' ? 'max' : parseAmount(asset, text);
  const noPool = () => new ApiError(404, ApiCode.NotFound, 'this venue has no lending pool');

  const accountView = (v: LendingAccountView) => ({
    accountId: v.accountId,
    eMode: v.eMode,
    eModeLabel: v.eModeLabel,
    positions: v.positions.map((p) => {
      const asset = venue.assetBySymbol.get(p.asset)!;
      return {
        asset: p.asset,
        supplied: unitsToAmount(asset, p.supplied),
        borrowed: unitsToAmount(asset, p.borrowed),
        collateral: p.collateral,
        price: p.price === 0n ? null : usd(p.price),
        maxBorrow: unitsToAmount(asset, p.maxBorrow),
      };
    }),
    totalCollateral: usd(v.totalCollateral),
    totalDebt: usd(v.totalDebt),
    availableBorrows: usd(v.availableBorrows),
    ltv: bpsText(v.ltv),
    liquidationThreshold: bpsText(v.liquidationThreshold),
    healthFactor:
      v.missingPrice || v.healthFactor === HEALTH_FACTOR_UNBOUNDED ? null : wadText(v.healthFactor),
    missingPrice: v.missingPrice,
  });
  const view = (id: number) => {
    const v = lendingAccountView(state, id);
    if (!v) throw noPool();
    return accountView(v);
  };

  app.get('/lending/reserves', {
    schema: {
      tags: TAGS,
      summary:
        'Every reserve: price, usage, supply and borrow APR/APY, indexes, supplied, borrowed, cash, treasury, deficit, caps, LTV/LT/bonus; and the e-mode categories',
      security: signed,
      querystring: strictObject({}, []),
    },
    handler: async () => {
      if (!venue.lending) throw noPool();
      return {
        baseCurrencyDecimals: venue.lending.params.baseCurrencyDecimals,
        reserves: lendingReservesView(state).map((r) => {
          const asset = venue.assetBySymbol.get(r.asset)!;
          const amount = (units: bigint) => unitsToAmount(asset, units);
          return {
            asset: r.asset,
            price: r.price === 0n ? null : usd(r.price),
            utilization: rayText(r.utilization),
            supplyRate: rayText(r.supplyRate),
            borrowRate: rayText(r.borrowRate),
            supplyApy: rayText(r.supplyApy),
            borrowApy: rayText(r.borrowApy),
            liquidityIndex: rayText(r.liquidityIndex),
            variableBorrowIndex: rayText(r.variableBorrowIndex),
            totalSupplied: amount(r.totalSupplied),
            totalBorrowed: amount(r.totalBorrowed),
            cash: amount(r.cash),
            treasury: amount(r.treasury),
            deficit: amount(r.deficit),
            supplyCap: amount(r.supplyCap),
            borrowCap: amount(r.borrowCap),
            ltv: bpsText(r.ltv),
            liquidationThreshold: bpsText(r.liquidationThreshold),
            liquidationBonus: bpsText(r.liquidationBonus - 10_000n),
            reserveFactor: bpsText(r.reserveFactor),
            liquidationProtocolFee: bpsText(r.liquidationProtocolFee),
            borrowingEnabled: r.borrowingEnabled,
          };
        }),
        eModes: lendingEModesView(state).map((e) => ({
          id: e.id,
          label: e.label,
          ltv: bpsText(e.ltv),
          liquidationThreshold: bpsText(e.liquidationThreshold),
          liquidationBonus: bpsText(e.liquidationBonus - 10_000n),
          collateral: e.collateral,
          borrowable: e.borrowable,
        })),
      };
    },
  });

  app.get('/lending/account', {
    schema: {
      tags: TAGS,
      summary:
        "The account's positions (supplied, borrowed, collateral), totals in USD, LTV, liquidation threshold and health factor",
      security: signed,
      querystring: strictObject({}, []),
    },
    handler: async (request) => view(accountOf(request)),
  });

  /** A POST route that submits one command built from the body and answers the account's view. */
  const post = <B>(
    path: string,
    summary: string,
    body: ReturnType<typeof strictObject>,
    command: (accountId: number, body: B) => UnstampedCommand,
  ) => {
    app.post<{ Body: B }>(path, {
      config: trade,
      schema: { tags: TAGS, summary, security: signed, body, response: errorResponses },
      handler: async (request) => {
        const id = accountOf(request);
        await submit(exchange, command(id, request.body as B));
        return view(id);
      },
    });
  };

  post<{ asset: string; amount: string }>(
    '/lending/supply',
    'Supply from the spot wallet to the pool (the first supply of an asset that can back borrows is used as collateral)',
    strictObject({ asset: assetSymbol, amount: decimal }, ['asset', 'amount']),
    (id, b) => {
      const asset = assetOf(state, b.asset);
      return {
        type: 'LendingSupply',
        accountId: id,
        asset: asset.symbol,
        amount: parseAmount(asset, b.amount),
      };
    },
  );
  post<{ asset: string; amount: string }>(
    '/lending/withdraw',
    'Withdraw supply with interest to the spot wallet ("max" for all); refused if it would leave the health factor below 1',
    strictObject({ asset: assetSymbol, amount: amountOrMax }, ['asset', 'amount']),
    (id, b) => {
      const asset = assetOf(state, b.asset);
      return {
        type: 'LendingWithdraw',
        accountId: id,
        asset: asset.symbol,
        amount: amountOf(asset, b.amount),
      };
    },
  );
  post<{ asset: string; amount: string }>(
    '/lending/borrow',
    'Borrow at the variable rate into the spot wallet (within collateral x LTV)',
    strictObject({ asset: assetSymbol, amount: decimal }, ['asset', 'amount']),
    (id, b) => {
      const asset = assetOf(state, b.asset);
      return {
        type: 'LendingBorrow',
        accountId: id,
        asset: asset.symbol,
        amount: parseAmount(asset, b.amount),
      };
    },
  );
  post<{ asset: string; amount: string; onBehalfOf?: number }>(
    '/lending/repay',
    'Repay debt from the spot wallet ("max" for all of it), the account\'s own or `onBehalfOf` another\'s',
    strictObject({ asset: assetSymbol, amount: amountOrMax, onBehalfOf: accountId }, ['asset', 'amount']),
    (id, b) => {
      const asset = assetOf(state, b.asset);
      return {
        type: 'LendingRepay',
        accountId: id,
        asset: asset.symbol,
        amount: amountOf(asset, b.amount),
        ...(b.onBehalfOf !== undefined ? { onBehalfOf: b.onBehalfOf } : {}),
      };
    },
  );
  post<{ asset: string; enabled: boolean }>(
    '/lending/collateral',
    'Use (or stop using) a supply as collateral',
    strictObject({ asset: assetSymbol, enabled: { type: 'boolean' } }, ['asset', 'enabled']),
    (id, b) => ({
      type: 'SetCollateral',
      accountId: id,
      asset: assetOf(state, b.asset).symbol,
      enabled: b.enabled,
    }),
  );
  post<{ category: number }>(
    '/lending/emode',
    'Enter an e-mode category (0 leaves e-mode)',
    strictObject({ category: { type: 'integer', minimum: 0, maximum: 255 } }, ['category']),
    (id, b) => ({ type: 'SetEMode', accountId: id, category: b.category }),
  );

  app.post<{
    Body: {
      borrower: number;
      collateralAsset: string;
      debtAsset: string;
      debtToCover: string;
      receiveSupply?: boolean;
    };
  }>('/lending/liquidate', {
    config: trade,
    schema: {
      tags: TAGS,
      summary:
        'Liquidate a borrower whose health factor is below 1: repay its debt from the spot wallet, receive its collateral with the bonus',
      security: signed,
      body: strictObject(
        {
          borrower: accountId,
          collateralAsset: assetSymbol,
          debtAsset: assetSymbol,
          debtToCover: amountOrMax,
          receiveSupply: { type: 'boolean' },
        },
        ['borrower', 'collateralAsset', 'debtAsset', 'debtToCover'],
      ),
      response: errorResponses,
    },
    handler: async (request) => {
      const id = accountOf(request);
      const b = request.body;
      const collateral = assetOf(state, b.collateralAsset);
      const debt = assetOf(state, b.debtAsset);
      const { value } = await submit(exchange, {
        type: 'LiquidationCall',
        accountId: id,
        borrower: b.borrower,
        collateralAsset: collateral.symbol,
        debtAsset: debt.symbol,
        debtToCover: amountOf(debt, b.debtToCover),
        ...(b.receiveSupply !== undefined ? { receiveSupply: b.receiveSupply } : {}),
      });
      return {
        liquidation: {
          borrower: b.borrower,
          healthFactorBefore: wadText(value.healthFactor),
          closeFactor: bpsText(value.closeFactor),
          debtRepaid: unitsToAmount(debt, value.debtRepaid),
          collateralReceived: unitsToAmount(collateral, value.collateralToLiquidator),
          protocolFee: unitsToAmount(collateral, value.protocolFee),
          receiveSupply: value.receiveSupply,
          deficits: value.deficits.map((d) => ({
            asset: d.asset,
            amount: unitsToAmount(venue.assetBySymbol.get(d.asset)!, d.amount),
          })),
        },
        account: view(id),
      };
    },
  });
}
