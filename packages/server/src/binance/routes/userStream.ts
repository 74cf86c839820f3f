import type { FastifyInstance } from 'fastify';
import { endpoint } from '../api.ts';
import type { BinanceApi } from '../api.ts';
import { B } from '../errors.ts';

/** The user data stream's key: POST creates (or returns the live one), PUT extends, DELETE closes. */
export function userStreamRoutes(app: FastifyInstance, api: BinanceApi): void {
  const { listenKeys } = api;
  endpoint(app, api, 'POST', '/v1/listenKey', 'USER_STREAM', ({ auth }) => ({
    listenKey: listenKeys.create(auth!.apiKey, auth!.accountId),
  }));
  endpoint(app, api, 'PUT', '/v1/listenKey', 'USER_STREAM', ({ auth }) => {
    const listenKey = listenKeys.keepAlive(auth!.apiKey);
    if (listenKey === undefined) throw B.listenKeyUnknown();
    return { listenKey };
  });
  endpoint(app, api, 'DELETE', '/v1/listenKey', 'USER_STREAM', ({ auth }) => {
    listenKeys.close(auth!.apiKey);
    return {};
  });
}
