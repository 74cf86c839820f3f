import websocket from '@fastify/websocket';
import type { FastifyInstance } from 'fastify';
import type { ServerPlugin } from '../types.ts';
import { BookMirror } from '../ws/bookMirror.ts';
import type { BinanceApi } from './api.ts';
import { toBinanceError } from './errors.ts';
import { BinanceHistory, DEFAULT_HISTORY_LIMITS } from './history.ts';
import type { HistoryLimits } from './history.ts';
import { ListenKeys } from './listenKeys.ts';
import { accountRoutes } from './routes/account.ts';
import { marketRoutes } from './routes/market.ts';
import { orderRoutes } from './routes/orders.ts';
import { spotRoutes } from './routes/spot.ts';
import { userStreamRoutes } from './routes/userStream.ts';
import { Streams } from './streams.ts';

export { BinanceError, fromRejection } from './errors.ts';
export { binanceSignature } from './auth.ts';
export { BinanceHistory, DEFAULT_HISTORY_LIMITS } from './history.ts';
export type { HistoryLimits, OrderRecord, FillRecord, IncomeRecord, Update } from './history.ts';
export { parseStream } from './streams.ts';

export interface BinanceApiOptions {
  /** How much order, fill, income and mark history is kept (per account / market). */
  readonly history?: Partial<HistoryLimits>;
  /** Lifetime of a listenKey without keepalive, ms of the exchange clock (default 60 minutes). */
  readonly listenKeyTtlMs?: number;
  /** Streams one WebSocket connection may hold (default 200, Binance's limit). */
  readonly maxStreams?: number;
  /** Largest WebSocket message a client may send, bytes (default 16 KiB). */
  readonly maxMessageBytes?: number;
}

/**
 * The Binance USDⓈ-M futures compatible API: REST under /fapi/v1, v2 and v3 (plus what CCXT asks of
 * /api/v3, /sapi and /dapi while loading markets), WebSocket market streams and the user data
 * stream. Add it to `plugins` beside the native API; it keeps its own history from the exchange.
 */
export function binanceApi(options: BinanceApiOptions = {}): ServerPlugin {
  return async (app, context) => {
    const state = context.exchange.state;
    const history = new BinanceHistory(state, { ...DEFAULT_HISTORY_LIMITS, ...options.history });
    const mirror = new BookMirror(state);
    const api: BinanceApi = {
      context,
      state,
      history,
      mirror,
      listenKeys: new ListenKeys(context.clock, options.listenKeyTtlMs ?? 3_600_000),
    };
    const streams = new Streams(api, { maxStreams: options.maxStreams ?? 200 });
    const unsubscribe = context.exchange.onCommitted((batch) => {
      const diffs = mirror.apply(batch);
      const updates = history.apply(batch);
      streams.publishBatch(batch, diffs, updates);
    });
    app.addHook('onClose', async () => {
      unsubscribe();
      streams.close();
    });

    // Binance clients send forms; the signature covers the raw bytes, so keep them.
    app.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string' },
      (request, body, done) => {
        request.rawBody = body as string;
        done(null, {});
      },
    );
    app.setErrorHandler((error, request, reply) => {
      const e = toBinanceError(error);
      if (e.status >= 500) request.log.error({ err: error }, e.message);
      void reply.code(e.status).type('application/json').send(e.body());
    });

    await app.register(
      async (fapi) => {
        fapi.setNotFoundHandler((_request, reply) => {
          void reply.code(404).send({ code: -1000, msg: 'Path not found.' });
        });
        marketRoutes(fapi, api);
        orderRoutes(fapi, api);
        accountRoutes(fapi, api);
        userStreamRoutes(fapi, api);
      },
      { prefix: '/fapi' },
    );
    spotRoutes(app, api);
    await webSockets(app, options.maxMessageBytes ?? 16 * 1024);
    streams.routes(app);
  };
}

/** @fastify/websocket for the stream routes, unless buildServer already registered it for its plugins. */
async function webSockets(app: FastifyInstance, maxPayload: number): Promise<void> {
  if (app.hasDecorator('websocketServer')) return;
  await app.register(websocket, { options: { maxPayload } });
}
