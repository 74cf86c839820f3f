import { accountById } from '@fulcrum/core';
import type { preValidationHookHandler } from 'fastify';
import { ApiCode, ApiError } from '../errors.ts';
import type { ServerContext } from '../types.ts';

/**
 * The hook of signed routes: verify the signature over the raw body, then check that the key's
 * account exists and, on routes that change state, that the key may trade.
 */
export function authenticate(context: ServerContext): preValidationHookHandler {
  return (request, _reply, done) => {
    try {
      const auth = context.verifier.verify(request.method, request.url, request.rawBody, request.headers);
      if (!accountById(context.exchange.state, auth.accountId))
        throw new ApiError(
          403,
          ApiCode.AuthAccountUnknown,
          `the key's account ${auth.accountId} does not exist`,
        );
      if (request.routeOptions.config.trade === true && !auth.canTrade)
        throw new ApiError(403, ApiCode.AuthForbidden, 'this API key is read-only');
      request.auth = auth;
      done();
    } catch (error) {
      done(error as Error);
    }
  };
}

/** The verified account of a signed request. */
export function accountOf(request: { auth: { accountId: number } | null }): number {
  if (!request.auth) throw new ApiError(401, ApiCode.AuthMissing, 'this route needs a signed request');
  return request.auth.accountId;
}
