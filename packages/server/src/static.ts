import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ServerPlugin } from './types.ts';

export interface WebScreenOptions {
  /** The built web screen (default: packages/web/dist of this repository). */
  readonly root?: string;
}

/** Paths the APIs own: never answered with the page, so their own 404 shapes stand. */
const API_PATH = /^\/(api|fapi|dapi|sapi|ws|stream|docs|assets)(\/|\?|$)/;

/** The router's storage of handlers per constraint value. */
type Store = ReturnType<Parameters<FastifyInstance['addConstraintStrategy']>[0]['storage']>;

const STRATEGY = 'fulcrumPage';

/** A browser navigating to an address of the page: HTML wanted, not a file, not an API path. */
function isPageRequest(request: FastifyRequest['raw']): boolean {
  const path = (request.url ?? '/').split('?')[0] ?? '/';
  const accept = request.headers['accept'];
  const file = /\.[a-z0-9]+$/i.test(path);
  return typeof accept === 'string' && accept.includes('text/html') && !file && !API_PATH.test(path);
}

/**
 * Serves the web trading screen at `/`: hashed assets under /assets/ (cached for a year), the page
 * itself uncached, and the page again for any other address a browser navigates to (SPA fallback).
 * The fallback route is constrained to page requests, so API paths keep their own 404 answers.
 * Assets are looked up per request, so a rebuild is served without a restart. Without a build,
 * `/` says how to make one.
 */
export function webScreen(options: WebScreenOptions = {}): ServerPlugin {
  const root = options.root ?? fileURLToPath(new URL('../../web/dist/', import.meta.url));
  return async (app) => {
    if (!existsSync(join(root, 'index.html'))) {
      app.get('/', async (_request, reply) =>
        reply
          .code(503)
          .type('text/plain; charset=utf-8')
          .send('The web screen is not built: run `npm run -w @fulcrum/web build`, then restart.'),
      );
      return;
    }
    await app.register(fastifyStatic, {
      root: join(root, 'assets'),
      prefix: '/assets/',
      cacheControl: false,
      setHeaders: (res) => res.setHeader('cache-control', 'public, max-age=31536000, immutable'),
    });
    const send = (file: string) => async (_request: FastifyRequest, reply: FastifyReply) =>
      reply.header('cache-control', 'no-cache').sendFile(file, root);
    // Files beside the page (icons, robots.txt...) as they are at start.
    for (const entry of readdirSync(root, { withFileTypes: true }))
      if (entry.isFile() && entry.name !== 'index.html') app.get(`/${entry.name}`, send(entry.name));

    if (!app.hasConstraintStrategy(STRATEGY)) {
      app.addConstraintStrategy({
        name: STRATEGY,
        storage(): Store {
          const handlers = new Map<unknown, Parameters<Store['set']>[1]>();
          return {
            get: (value) => handlers.get(value) ?? null,
            set: (value, handler) => void handlers.set(value, handler),
          };
        },
        deriveConstraint: (request: FastifyRequest['raw']) => (isPageRequest(request) ? 'page' : 'other'),
        mustMatchWhenDerived: false,
      });
    }
    app.get('/', send('index.html'));
    app.get('/*', { constraints: { [STRATEGY]: 'page' } }, send('index.html'));
  };
}
