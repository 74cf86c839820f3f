import { marginAccountView, marginPoolView, unitsToAmount } from '@fulcrum/core';
import type { MarginAccountView } from '@fulcrum/core';
import type { FastifyInstance } from 'fastify';
import { ApiCode, ApiError } from '../errors.ts';
import { assetOf, parseAmount, ppmText, wadText } from '../format.ts';
import { submit } from '../http/submit.ts';
import { assetSymbol, decimal, errorResponses, signed, strictObject, symbol } from '../schemas.ts';
import type { ServerContext } from '../types.ts';
import { accountOf } from './authenticate.ts';

/** Signed spot margin routes: the margin account (cross or isolated), the lending pools, transfers, borrow, repay. */

const trade = { trade: true } as const;

interface AmountBody {
  asset: string;
  amount: string;
  pair?: string;
}

const amountBody = strictObject({ asset: assetSymbol, amount: decimal, pair: symbol }, ['asset', 'amount']);

export function marginRoutes(app: FastifyInstance, context: ServerContext): void {
  const { exchange } = context;
  const state = exchange.state;
  const venue = state.venue;

  const view = (accountId: number, pair: string | undefined) => {
    const v = marginAccountView(state, accountId, pair);
    if (!v) throw new ApiError(404, ApiCode.NotFound, 'spot margin is not offered on this venue');
    return accountView(v);
  };
  const accountView = (v: MarginAccountView) => {
    const valuation = venue.assetBySymbol.get(v.valuationAsset)!;
    return {
      pair: v.pair ?? null,
      valuationAsset: v.valuationAsset,
      marginLevel: v.levelPpm >= 2n ** 62n ? null : ppmText(v.levelPpm),
      state: v.state,
      totalAssetValue: unitsToAmount(valuation, v.totalAssetValue),
      totalDebtValue: unitsToAmount(valuation, v.totalDebtValue),
      assets: v.assets.map((a) => {
        const asset = venue.assetBySymbol.get(a.asset)!;
        const amount = (units: bigint) => unitsToAmount(asset, units);
        return {
          asset: a.asset,
          free: amount(a.free),
          locked: amount(a.locked),
          borrowed: amount(a.borrowed),
          interest: amount(a.interest),
          netAsset: amount(a.netAsset),
          maxBorrowable: amount(a.maxBorrowable),
          price: unitsToAmount(valuation, a.price),
        };
      }),
    };
  };

  app.get<{ Querystring: { pair?: string } }>('/margin/account', {
    schema: {
      tags: ['margin'],
      summary:
        'The cross margin account, or the isolated one of `pair`: assets, debts, margin level and state',
      security: signed,
      querystring: strictObject({ pair: symbol }, []),
    },
    handler: async (request) => view(accountOf(request), request.query.pair),
  });

  app.get('/margin/pools', {
    schema: {
      tags: ['margin'],
      summary:
        "The venue's lending pool per margin asset: rate, supply, lent, interest earned, insurance fund",
      security: signed,
      querystring: strictObject({}, []),
    },
    handler: async () =>
      marginPoolView(state).map((p) => {
        const asset = venue.assetBySymbol.get(p.asset)!;
        const amount = (units: bigint) => unitsToAmount(asset, units);
        return {
          asset: p.asset,
          dailyInterestRate: wadText(p.dailyInterestRate),
          supply: amount(p.supply),
          available: amount(p.available),
          borrowed: amount(p.borrowed),
          interestEarned: amount(p.interestEarned),
          badDebt: amount(p.badDebt),
          insuranceFund: amount(p.insuranceFund),
        };
      }),
  });

  app.post<{ Body: AmountBody & { direction: 'SPOT_TO_MARGIN' | 'MARGIN_TO_SPOT' } }>('/margin/transfer', {
    config: trade,
    schema: {
      tags: ['margin'],
      summary:
        'Move funds between the spot wallet and a margin account (out only above the transfer-out level)',
      security: signed,
      body: strictObject(
        {
          asset: assetSymbol,
          amount: decimal,
          pair: symbol,
          direction: { type: 'string', enum: ['SPOT_TO_MARGIN', 'MARGIN_TO_SPOT'] },
        },
        ['asset', 'amount', 'direction'],
      ),
      response: errorResponses,
    },
    handler: async (request) => {
      const accountId = accountOf(request);
      const { direction, pair } = request.body;
      const asset = assetOf(state, request.body.asset);
      const amount = parseAmount(asset, request.body.amount);
      await submit(exchange, {
        type: 'MarginTransfer',
        accountId,
        asset: asset.symbol,
        amount,
        direction,
        ...(pair !== undefined ? { pair } : {}),
      });
      return view(accountId, pair);
    },
  });

  for (const [path, type, summary] of [
    [
      '/margin/borrow',
      'Borrow',
      'Borrow from the pool (the margin level after must stay at or above the borrow level)',
    ],
    [
      '/margin/repay',
      'Repay',
      'Repay interest, then principal, from the margin account (at most what is owed)',
    ],
  ] as const) {
    app.post<{ Body: AmountBody }>(path, {
      config: trade,
      schema: { tags: ['margin'], summary, security: signed, body: amountBody, response: errorResponses },
      handler: async (request) => {
        const accountId = accountOf(request);
        const { pair } = request.body;
        const asset = assetOf(state, request.body.asset);
        const amount = parseAmount(asset, request.body.amount);
        await submit(exchange, {
          type,
          accountId,
          asset: asset.symbol,
          amount,
          ...(pair !== undefined ? { pair } : {}),
        });
        return view(accountId, pair);
      },
    });
  }
}
