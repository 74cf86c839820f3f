import websocket from '@fastify/websocket';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { Clock } from '@fulcrum/runtime';
import Fastify from 'fastify';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { SignatureVerifier } from './auth/verify.ts';
import type { AuthContext } from './auth/verify.ts';
import { AuthHeader } from './auth/sign.ts';
import { ApiCode } from './errors.ts';
import { sendError, toErrorResponse } from './http/errorHandler.ts';
import { schemaErrorFormatter, validatorCompiler } from './http/validation.ts';
import { DEFAULT_HISTORY, ReadModels } from './readModels/index.ts';
import { accountRoutes } from './routes/account.ts';
import { adminRoutes } from './routes/admin.ts';
import { authenticate } from './routes/authenticate.ts';
import { insuranceRoutes } from './routes/insurance.ts';
import { lendingRoutes } from './routes/lending.ts';
import { marginRoutes } from './routes/margin.ts';
import { orderRoutes } from './routes/orders.ts';
import { publicRoutes } from './routes/public.ts';
import { DEFAULT_LIMITS } from './types.ts';
import type { ServerContext, ServerLimits, ServerOptions } from './types.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The body exactly as received ('' when none): signatures cover these bytes. */
    rawBody: string;
    /** Set on signed routes once the signature is verified. */
    auth: AuthContext | null;
  }
  interface FastifyInstance {
    /** Exchange, read models, keys and verifier, for plugins added after the API (WebSocket...). */
    fulcrum: ServerContext;
  }
  interface FastifyContextConfig {
    /** The route changes state: read-only keys are refused (403). */
    trade?: boolean;
  }
}

const systemClock: Clock = { now: () => Date.now() };

/**
 * The HTTP server: native REST API under /api/v1, signed private routes, the admin API when a
 * token is configured, OpenAPI at /docs. Returns the app unstarted: register more, then `listen`.
 */
export function buildServer(options: ServerOptions): FastifyInstance {
  const limits: ServerLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const clock = options.clock ?? systemClock;
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: limits.bodyLimit,
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    schemaErrorFormatter,
    // Malformed URLs and the like never reach the error handler: answer them in the same shape.
    frameworkErrors: (error, request, reply) => sendError(reply, toErrorResponse(error), request, error),
  });
  app.setValidatorCompiler(validatorCompiler);
  // One WebSocket server for every plugin that adds stream routes (native channels, Binance streams).
  if ((options.plugins ?? []).length > 0) app.register(websocket, { options: { maxPayload: 16 * 1024 } });

  const readModels = new ReadModels(options.exchange, { ...DEFAULT_HISTORY, ...options.history });
  if (options.replayHistory) readModels.rebuild(options.replayHistory);
  const detach = readModels.attach((error) => app.log.error({ err: error }, 'read model update failed'));
  const context: ServerContext = {
    exchange: options.exchange,
    keys: options.keys,
    clock,
    readModels,
    verifier: new SignatureVerifier({
      keys: options.keys,
      clock,
      windowMs: limits.signatureWindowMs,
      maxRemembered: limits.maxRememberedSignatures,
    }),
    limits,
  };
  app.decorate('fulcrum', context);
  app.decorateRequest('rawBody', '');
  app.decorateRequest('auth', null);
  app.addHook('onClose', async () => {
    detach();
  });

  // JSON only, kept raw for signatures; anything else is 415.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    request.rawBody = body as string;
    parseJson(request, body as string, done);
  });

  app.setErrorHandler((error, request, reply) => sendError(reply, toErrorResponse(error), request, error));
  app.setNotFoundHandler((request, reply) =>
    sendError(reply, { status: 404, body: { code: ApiCode.NotFound, message: 'no such route' } }, request),
  );

  if (limits.rateLimit !== false) {
    const { max, timeWindowMs } = limits.rateLimit;
    app.register(rateLimit, {
      global: true,
      max,
      timeWindow: timeWindowMs,
      keyGenerator: (request: FastifyRequest) => {
        // Per key when the key exists, else per address: made-up keys must not multiply the budget.
        const key = request.headers['x-fulcrum-apikey'];
        return typeof key === 'string' && options.keys.get(key) ? `key:${key}` : `ip:${request.ip}`;
      },
      errorResponseBuilder: (_request, ctx) => ({
        statusCode: ctx.statusCode,
        code: ApiCode.RateLimited,
        message: `rate limit of ${ctx.max} requests per ${ctx.after} exceeded`,
      }),
    });
  }

  if (options.docs !== false) {
    app.register(swagger, {
      openapi: {
        info: {
          title: 'Fulcrum API',
          version: '0.1.0',
          description:
            'Native REST API. Prices, sizes and amounts are decimal strings. Signed routes need ' +
            `${AuthHeader.ApiKey}, ${AuthHeader.Timestamp} (ms, exchange clock) and ${AuthHeader.Signature} = ` +
            'hex HMAC-SHA256(secret, timestamp + method + path with query + body). Errors are ' +
            '{ "code", "message" }.',
        },
        components: {
          securitySchemes: {
            apiKey: { type: 'apiKey', in: 'header', name: AuthHeader.ApiKey },
            timestamp: { type: 'apiKey', in: 'header', name: AuthHeader.Timestamp },
            signature: { type: 'apiKey', in: 'header', name: AuthHeader.Signature },
            admin: { type: 'http', scheme: 'bearer' },
          },
        },
      },
    });
    app.register(swaggerUi, { routePrefix: '/docs' });
  }

  app.register(
    async (api) => {
      publicRoutes(api, context);
      insuranceRoutes(api, context);
      await api.register(async (signed) => {
        signed.addHook('preValidation', authenticate(context));
        accountRoutes(signed, context);
        orderRoutes(signed, context);
        marginRoutes(signed, context);
        lendingRoutes(signed, context);
      });
      if (options.adminToken !== undefined) {
        const token = options.adminToken;
        const controls = options.admin ?? {};
        await api.register(async (admin) => adminRoutes(admin, context, token, controls), {
          prefix: '/admin',
        });
      }
    },
    { prefix: '/api/v1' },
  );

  for (const plugin of options.plugins ?? []) app.register(async (instance) => plugin(instance, context));
  return app;
}
