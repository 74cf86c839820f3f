import { createHmac, timingSafeEqual } from 'node:crypto';
import { accountById } from '@fulcrum/core';
import type { FastifyRequest } from 'fastify';
import type { ServerContext } from '../types.ts';
import { B } from './errors.ts';
import type { Params } from './params.ts';

/** Who a Binance-style request acts for. */
export interface BinanceAuth {
  readonly apiKey: string;
  readonly accountId: number;
  readonly canTrade: boolean;
}

/** Binance's defaults: a 5 s window unless recvWindow says otherwise, never more than 60 s. */
const DEFAULT_RECV_WINDOW = 5_000;
const MAX_RECV_WINDOW = 60_000;
const SIGNATURE = /^[0-9a-fA-F]{64}$/;

/** The raw parameter string without its `signature=` part: what the client signed. */
export function withoutSignature(raw: string): string {
  if (!raw.includes('signature=')) return raw;
  return raw
    .split('&')
    .filter((part) => !part.startsWith('signature='))
    .join('&');
}

/** hex HMAC-SHA256(secret, query string + body), as Binance signs (no separator between them). */
export function binanceSignature(secret: string, query: string, body: string): string {
  return createHmac('sha256', secret)
    .update(query + body)
    .digest('hex');
}

/** The key of the X-MBX-APIKEY header and its account; -2015 for anything else. */
export function apiKeyOf(context: ServerContext, request: FastifyRequest, trade: boolean): BinanceAuth {
  const header = request.headers['x-mbx-apikey'];
  const apiKey = typeof header === 'string' ? header : undefined;
  const key = apiKey === undefined ? undefined : context.keys.get(apiKey);
  if (!key || !accountById(context.exchange.state, key.accountId)) throw B.badKey();
  if (trade && !key.canTrade) throw B.badKey();
  return { apiKey: key.apiKey, accountId: key.accountId, canTrade: key.canTrade };
}

/**
 * A SIGNED request (TRADE, USER_DATA): a known key, `timestamp` within `recvWindow` of the exchange
 * clock (timestamp < now + 1 s and now - timestamp <= recvWindow), and an HMAC over the raw bytes.
 */
export function verifySigned(
  context: ServerContext,
  request: FastifyRequest,
  params: Params,
  trade: boolean,
): BinanceAuth {
  const auth = apiKeyOf(context, request, trade);
  const timestamp = params.needInt('timestamp');
  const recvWindow = params.int('recvWindow', 0, Number.MAX_SAFE_INTEGER) ?? DEFAULT_RECV_WINDOW;
  if (recvWindow > MAX_RECV_WINDOW) throw B.recvWindow();
  const now = context.clock.now();
  if (!(timestamp < now + 1_000 && now - timestamp <= recvWindow)) throw B.timestampOutside();
  const signature = params.str('signature');
  if (signature === undefined) throw B.mandatory('signature');
  if (!SIGNATURE.test(signature)) throw B.badSignature();
  const url = request.url;
  const q = url.indexOf('?');
  const query = withoutSignature(q < 0 ? '' : url.slice(q + 1));
  const body = withoutSignature(request.rawBody);
  const secret = context.keys.get(auth.apiKey)!.secret;
  const expected = Buffer.from(binanceSignature(secret, query, body), 'hex');
  if (!timingSafeEqual(expected, Buffer.from(signature, 'hex'))) throw B.badSignature();
  return auth;
}
