import { unitsToAmount } from '@fulcrum/core';
import type { FastifyInstance } from 'fastify';
import { limit, strictObject } from '../schemas.ts';
import type { ServerContext } from '../types.ts';

/** The perpetual insurance fund: its balance per margin asset and its history (a line per command and reason). */
export function insuranceRoutes(app: FastifyInstance, context: ServerContext): void {
  const state = context.exchange.state;
  const venue = state.venue;
  const marginAssets = [...new Set(venue.perpMarkets.map((m) => m.margin))];

  app.get<{ Querystring: { limit: number } }>('/insurance', {
    schema: {
      tags: ['public'],
      summary: 'Insurance fund balances and history (inflows and outflows with their reason), oldest first',
      querystring: strictObject({ limit: limit(10_000, 1_000) }, []),
    },
    handler: async (request) => {
      const history = state.insuranceHistory.slice(-request.query.limit);
      return {
        balances: marginAssets.map((a) => ({
          asset: a.symbol,
          balance: unitsToAmount(a, state.insurance.futures.wallet[a.index]!),
        })),
        history: history.map((r) => {
          const asset = venue.assetBySymbol.get(r.asset)!;
          return {
            time: r.time,
            asset: r.asset,
            reason: r.reason,
            amount: unitsToAmount(asset, r.amount),
            balance: unitsToAmount(asset, r.balance),
          };
        }),
      };
    },
  });
}
