import type { Command, EngineState, UnstampedCommand } from '@fulcrum/core';
import type { Committed } from '@fulcrum/runtime';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ServerContext } from '../types.ts';
import type { BookMirror } from '../ws/bookMirror.ts';
import { apiKeyOf, verifySigned } from './auth.ts';
import type { BinanceAuth } from './auth.ts';
import { fromRejection } from './errors.ts';
import type { BinanceHistory } from './history.ts';
import type { ListenKeys } from './listenKeys.ts';
import { Params } from './params.ts';

/** Binance's endpoint security types: none, API key only, or signed (reading / trading). */
export type Security = 'NONE' | 'USER_STREAM' | 'USER_DATA' | 'TRADE';

export interface Call {
  readonly params: Params;
  /** Set for every security type but NONE. */
  readonly auth: BinanceAuth | undefined;
  readonly request: FastifyRequest;
}

export type Handler = (call: Call) => unknown;
export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** What the Binance routes share. */
export interface BinanceApi {
  readonly context: ServerContext;
  readonly state: EngineState;
  readonly history: BinanceHistory;
  readonly mirror: BookMirror;
  readonly listenKeys: ListenKeys;
}

/** Register one endpoint: parameters merged, security checked, errors left to the scope's handler. */
export function endpoint(
  app: FastifyInstance,
  api: BinanceApi,
  method: Method,
  url: string,
  security: Security,
  handler: Handler,
): void {
  app.route({
    method,
    url,
    handler: async (request) => {
      const params = Params.of(request);
      let auth: BinanceAuth | undefined;
      if (security === 'USER_STREAM') auth = apiKeyOf(api.context, request, false);
      else if (security !== 'NONE') auth = verifySigned(api.context, request, params, security === 'TRADE');
      return handler({ params, auth, request });
    },
  });
}

/** The account of a call that needs one. */
export function accountOf(call: Call): number {
  return call.auth!.accountId;
}

/** Submit a command; a refusal becomes Binance's error. */
export async function submitOrThrow<C extends UnstampedCommand>(
  api: BinanceApi,
  command: C,
): Promise<Committed<Extract<Command, { type: C['type'] }>>> {
  const committed = await api.context.exchange.submit(command);
  if (!committed.result.ok) throw fromRejection(committed.result);
  return committed;
}
