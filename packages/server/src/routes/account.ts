import { accountById, accountRisk, positionRisk, unitsToAmount } from '@fulcrum/core';
import type { PositionSide } from '@fulcrum/core';
import type { FastifyInstance } from 'fastify';
import { assetOf, marginRatioText, parseAmount, perpOf } from '../format.ts';
import { submit } from '../http/submit.ts';
import {
  assetSymbol,
  decimal,
  errorResponses,
  positionSide,
  signed,
  strictObject,
  symbol,
} from '../schemas.ts';
import type { ServerContext } from '../types.ts';
import { positionView } from '../views.ts';
import { accountOf } from './authenticate.ts';

/** Signed account routes: balances, positions, transfers and futures settings. */

const trade = { trade: true } as const;

export function accountRoutes(app: FastifyInstance, context: ServerContext): void {
  const { exchange } = context;
  const state = exchange.state;
  const venue = state.venue;
  // Futures wallets are listed for every asset some perpetual is margined in.
  const marginAssets = [...new Set(venue.perpMarkets.map((m) => m.margin.symbol))];

  app.get('/account', {
    schema: {
      tags: ['account'],
      summary: 'Spot wallets, futures wallets per margin asset, position mode and per-market settings',
      security: signed,
      querystring: strictObject({}, []),
    },
    handler: async (request) => {
      const accountId = accountOf(request);
      const account = accountById(state, accountId)!;
      const f = account.futures;
      return {
        accountId,
        spot: venue.assets.map((a) => ({
          asset: a.symbol,
          available: unitsToAmount(a, account.wallets[a.index]!.available),
          held: unitsToAmount(a, account.wallets[a.index]!.held),
        })),
        futures: {
          positionMode: f.dualSide ? 'HEDGE' : 'ONE_WAY',
          assets: marginAssets.map((symbol) => {
            const a = venue.assetBySymbol.get(symbol)!;
            const r = accountRisk(state, accountId, symbol)!;
            const amount = (units: bigint): string => unitsToAmount(a, units);
            return {
              asset: symbol,
              walletBalance: amount(r.walletBalance),
              unrealizedPnl: amount(r.unrealizedPnl),
              marginBalance: amount(r.marginBalance),
              positionInitialMargin: amount(r.positionInitialMargin),
              openOrderInitialMargin: amount(r.openOrderInitialMargin),
              maintenanceMargin: amount(r.maintenanceMargin),
              availableBalance: amount(r.availableBalance),
              maxWithdrawAmount: amount(r.maxWithdrawAmount),
              marginRatio: marginRatioText(r.maintenanceMargin, r.marginRatioPpm),
            };
          }),
          markets: venue.perpMarkets.map((m) => {
            const s = f.settings.get(m.index);
            return {
              market: m.symbol,
              leverage: s?.leverage ?? m.defaultLeverage,
              marginType: s?.isolated === true ? 'ISOLATED' : 'CROSSED',
            };
          }),
        },
      };
    },
  });

  app.get<{ Querystring: { market?: string } }>('/positions', {
    schema: {
      tags: ['account'],
      summary: 'Open perpetual positions with their risk: entry, mark, uPnL, margins, liquidation price',
      security: signed,
      querystring: strictObject({ market: symbol }, []),
    },
    handler: async (request) => {
      const accountId = accountOf(request);
      const wanted = request.query.market;
      if (wanted !== undefined) perpOf(state, wanted);
      return positionRisk(state, accountId)
        .filter((p) => wanted === undefined || p.market === wanted)
        .map((p) => positionView(venue, p));
    },
  });

  app.post<{ Body: { asset: string; amount: string; direction: 'SPOT_TO_FUTURES' | 'FUTURES_TO_SPOT' } }>(
    '/transfer',
    {
      config: trade,
      schema: {
        tags: ['account'],
        summary: 'Move funds between the spot wallet and the futures wallet',
        security: signed,
        body: strictObject(
          {
            asset: assetSymbol,
            amount: decimal,
            direction: { type: 'string', enum: ['SPOT_TO_FUTURES', 'FUTURES_TO_SPOT'] },
          },
          ['asset', 'amount', 'direction'],
        ),
        response: errorResponses,
      },
    },
    async (request) => {
      const accountId = accountOf(request);
      const { direction } = request.body;
      const asset = assetOf(state, request.body.asset);
      const amount = parseAmount(asset, request.body.amount);
      await submit(exchange, { type: 'Transfer', accountId, asset: asset.symbol, amount, direction });
      return { asset: asset.symbol, amount: unitsToAmount(asset, amount), direction };
    },
  );

  app.post<{ Body: { market: string; leverage: number } }>('/leverage', {
    config: trade,
    schema: {
      tags: ['account'],
      summary: "Set the account's leverage on a perpetual",
      security: signed,
      body: strictObject({ market: symbol, leverage: { type: 'integer', minimum: 1, maximum: 1000 } }, [
        'market',
        'leverage',
      ]),
      response: errorResponses,
    },
    handler: async (request) => {
      const accountId = accountOf(request);
      const m = perpOf(state, request.body.market);
      const { value } = await submit(exchange, {
        type: 'SetLeverage',
        accountId,
        market: m.symbol,
        leverage: request.body.leverage,
      });
      return { market: m.symbol, leverage: value.leverage };
    },
  });

  app.post<{ Body: { market: string; marginType: 'ISOLATED' | 'CROSSED' } }>('/margin-type', {
    config: trade,
    schema: {
      tags: ['account'],
      summary: 'Cross or isolated margin on a perpetual (with no position or open order there)',
      security: signed,
      body: strictObject({ market: symbol, marginType: { type: 'string', enum: ['ISOLATED', 'CROSSED'] } }, [
        'market',
        'marginType',
      ]),
      response: errorResponses,
    },
    handler: async (request) => {
      const accountId = accountOf(request);
      const m = perpOf(state, request.body.market);
      const { value } = await submit(exchange, {
        type: 'SetMarginType',
        accountId,
        market: m.symbol,
        isolated: request.body.marginType === 'ISOLATED',
      });
      return { market: m.symbol, marginType: value.isolated ? 'ISOLATED' : 'CROSSED' };
    },
  });

  app.post<{ Body: { mode: 'ONE_WAY' | 'HEDGE' } }>('/position-mode', {
    config: trade,
    schema: {
      tags: ['account'],
      summary: 'One-way or hedge position mode (with no position and no open order)',
      security: signed,
      body: strictObject({ mode: { type: 'string', enum: ['ONE_WAY', 'HEDGE'] } }, ['mode']),
      response: errorResponses,
    },
    handler: async (request) => {
      const accountId = accountOf(request);
      const { value } = await submit(exchange, {
        type: 'SetPositionMode',
        accountId,
        dualSide: request.body.mode === 'HEDGE',
      });
      return { mode: value.dualSide ? 'HEDGE' : 'ONE_WAY' };
    },
  });

  app.post<{
    Body: { market: string; amount: string; action: 'ADD' | 'REMOVE'; positionSide?: PositionSide };
  }>(
    '/isolated-margin',
    {
      config: trade,
      schema: {
        tags: ['account'],
        summary: 'Add margin to an isolated position from the cross wallet, or take some back',
        security: signed,
        body: strictObject(
          {
            market: symbol,
            amount: decimal,
            action: { type: 'string', enum: ['ADD', 'REMOVE'] },
            positionSide,
          },
          ['market', 'amount', 'action'],
        ),
        response: errorResponses,
      },
    },
    async (request) => {
      const accountId = accountOf(request);
      const m = perpOf(state, request.body.market);
      const amount = parseAmount(m.margin, request.body.amount);
      const side = request.body.positionSide;
      const { value } = await submit(exchange, {
        type: 'AdjustIsolatedMargin',
        accountId,
        market: m.symbol,
        amount,
        add: request.body.action === 'ADD',
        ...(side !== undefined ? { positionSide: side } : {}),
      });
      return {
        market: m.symbol,
        positionSide: side ?? 'BOTH',
        action: request.body.action,
        amount: unitsToAmount(m.margin, amount),
        isolatedMargin: unitsToAmount(m.margin, value.margin),
      };
    },
  );
}
