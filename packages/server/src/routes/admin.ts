import { createHash, timingSafeEqual } from 'node:crypto';
import { accountById, unitsToAmount } from '@fulcrum/core';
import type { FastifyInstance } from 'fastify';
import { newApiKey } from '../auth/keyStore.ts';
import { ApiCode, ApiError } from '../errors.ts';
import { assetOf, parseAmount } from '../format.ts';
import { submit } from '../http/submit.ts';
import { assetSymbol, decimal, errorResponses, strictObject } from '../schemas.ts';
import type { AdminControls, ServerContext } from '../types.ts';

/**
 * The admin API: accounts and keys, test funds, and the price and clock hooks of the runtime.
 * Registered only when a token is configured; every route needs `Authorization: Bearer <token>`.
 */

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

const adminSecurity = [{ admin: [] }];

const keyPair = {
  type: 'object',
  properties: {
    accountId: { type: 'integer' },
    apiKey: { type: 'string' },
    secret: { type: 'string' },
    canTrade: { type: 'boolean' },
  },
} as const;

const accountId = { type: 'integer', minimum: 1, maximum: 2 ** 31 - 1 } as const;

export function adminRoutes(
  app: FastifyInstance,
  context: ServerContext,
  token: string,
  controls: AdminControls,
): void {
  const { exchange, keys, clock } = context;
  const state = exchange.state;
  // Digests have one length, so the comparison takes the same time whatever was sent.
  const expected = digest(token);

  app.addHook('onRequest', (request, _reply, done) => {
    const header = request.headers.authorization;
    const given = typeof header === 'string' && header.startsWith('Bearer ') ? header.slice(7) : undefined;
    if (given === undefined || !timingSafeEqual(digest(given), expected)) {
      done(new ApiError(401, ApiCode.AdminToken, 'admin routes need Authorization: Bearer <admin token>'));
      return;
    }
    done();
  });
  // Bodies are optional where every field is: an empty request means {}.
  app.addHook('preValidation', (request, _reply, done) => {
    if (request.body === undefined || request.body === null) request.body = {};
    done();
  });

  app.post<{ Body: { canTrade?: boolean } }>('/accounts', {
    schema: {
      tags: ['admin'],
      summary: 'Create an engine account and an API key pair for it',
      security: adminSecurity,
      body: strictObject({ canTrade: { type: 'boolean' } }, []),
      response: { 201: keyPair, ...errorResponses },
    },
    handler: async (request, reply) => {
      const { value } = await submit(exchange, { type: 'CreateAccount' });
      const record = newApiKey(value.accountId, clock.now(), request.body.canTrade ?? true);
      keys.add(record);
      void reply.code(201);
      return record;
    },
  });

  app.post<{ Body: { accountId: number; canTrade?: boolean } }>('/keys', {
    schema: {
      tags: ['admin'],
      summary: 'Another API key pair for an existing account',
      security: adminSecurity,
      body: strictObject({ accountId, canTrade: { type: 'boolean' } }, ['accountId']),
      response: { 201: keyPair, ...errorResponses },
    },
    handler: async (request, reply) => {
      const id = request.body.accountId;
      if (!accountById(state, id)) throw new ApiError(404, 'ACCOUNT_UNKNOWN', `no account ${id}`);
      const record = newApiKey(id, clock.now(), request.body.canTrade ?? true);
      keys.add(record);
      void reply.code(201);
      return record;
    },
  });

  app.post<{ Body: { accountId: number; asset: string; amount: string; futures?: boolean } }>('/credit', {
    schema: {
      tags: ['admin'],
      summary: 'Deposit test funds; with futures: true, also move them to the futures wallet',
      security: adminSecurity,
      body: strictObject({ accountId, asset: assetSymbol, amount: decimal, futures: { type: 'boolean' } }, [
        'accountId',
        'asset',
        'amount',
      ]),
      response: errorResponses,
    },
    handler: async (request) => {
      const { accountId: id, futures } = request.body;
      const asset = assetOf(state, request.body.asset);
      const amount = parseAmount(asset, request.body.amount);
      await submit(exchange, { type: 'Deposit', accountId: id, asset: asset.symbol, amount });
      if (futures === true) {
        await submit(exchange, {
          type: 'Transfer',
          accountId: id,
          asset: asset.symbol,
          amount,
          direction: 'SPOT_TO_FUTURES',
        });
      }
      const account = accountById(state, id)!;
      return {
        accountId: id,
        asset: asset.symbol,
        amount: unitsToAmount(asset, amount),
        spotAvailable: unitsToAmount(asset, account.wallets[asset.index]!.available),
        futuresWallet: unitsToAmount(asset, account.futures.wallet[asset.index]!),
      };
    },
  });

  app.post<{ Body: { asset: string; price: string } }>('/price', {
    schema: {
      tags: ['admin'],
      summary: "Set an asset's index price (price feed hook)",
      security: adminSecurity,
      body: strictObject(
        { asset: assetSymbol, price: { ...decimal, pattern: '^[0-9]{1,20}(\\.[0-9]{1,18})?$' } },
        ['asset', 'price'],
      ),
      response: errorResponses,
    },
    handler: async (request) => {
      const setPrice = hook(controls.setPrice, 'setPrice');
      const asset = assetOf(state, request.body.asset).symbol;
      await call(() => setPrice.call(controls, asset, request.body.price));
      return { asset, price: request.body.price };
    },
  });

  app.post<{ Body: { asset: string; bps: number } }>('/shock', {
    schema: {
      tags: ['admin'],
      summary: "Move an asset's price at once by basis points (price feed hook)",
      security: adminSecurity,
      body: strictObject(
        { asset: assetSymbol, bps: { type: 'integer', minimum: -9_999, maximum: 100_000 } },
        ['asset', 'bps'],
      ),
      response: errorResponses,
    },
    handler: async (request) => {
      const shock = hook(controls.shock, 'shock');
      const asset = assetOf(state, request.body.asset).symbol;
      await call(() => shock.call(controls, asset, request.body.bps));
      return { asset, bps: request.body.bps };
    },
  });

  app.post<{ Body: { speed: number } }>('/clock-speed', {
    schema: {
      tags: ['admin'],
      summary: 'Run the exchange clock faster or slower than real time (clock hook)',
      security: adminSecurity,
      body: strictObject({ speed: { type: 'number', exclusiveMinimum: 0, maximum: 10_000 } }, ['speed']),
      response: errorResponses,
    },
    handler: async (request) => {
      const setClockSpeed = hook(controls.setClockSpeed, 'setClockSpeed');
      await call(() => setClockSpeed.call(controls, request.body.speed));
      return { speed: request.body.speed };
    },
  });

  forceFundingRoute(app, controls);
}

export function forceFundingRoute(app: FastifyInstance, controls: AdminControls): void {
  app.post('/funding', {
    schema: {
      tags: ['admin'],
      summary: 'Pay funding now: the clock jumps to the next funding time (clock hook)',
      security: adminSecurity,
      response: errorResponses,
    },
    handler: async () => {
      const forceFunding = hook(controls.forceFunding, 'forceFunding');
      await call(() => forceFunding.call(controls));
      return { ok: true };
    },
  });
}

function hook<F>(fn: F | undefined, name: string): F {
  if (fn === undefined)
    throw new ApiError(501, ApiCode.NotConfigured, `${name} is not configured on this server`);
  return fn;
}

/** A hook that refuses with a coded error answers 400 with its code; anything else is a fault. */
async function call(run: () => void | Promise<void>): Promise<void> {
  try {
    await run();
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    if (error instanceof Error && typeof code === 'string') throw new ApiError(400, code, error.message);
    throw error;
  }
}
