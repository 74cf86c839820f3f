import { invariantViolations } from '@fulcrum/core';
import fc from 'fast-check';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiKeyRecord } from '../auth/keyStore.ts';
import { signRequest } from '../auth/sign.ts';
import { ADMIN_TOKEN, harness } from '../testHarness.ts';
import type { Harness } from '../testHarness.ts';

/**
 * Random requests, some validly signed, against one server whose state builds up as they go: no
 * answer is ever a 5xx, every error is a coded JSON body, and the engine's invariants hold.
 */

const RUNS = 500;
const PER_RUN = 20;

let h: Harness;
let keys: ApiKeyRecord[];

beforeAll(async () => {
  h = await harness({ limits: { bodyLimit: 2048 } });
  keys = [
    await h.account({ BTC: '100', ETH: '1000', USDT: '10000000' }, { USDT: '1000000' }),
    await h.account({ BTC: '100', ETH: '1000', USDT: '10000000' }, { USDT: '1000000' }),
  ];
  const readOnly = { ...keys[0]!, apiKey: 'fuzz-read-only', canTrade: false };
  h.keys.add(readOnly);
  keys.push(readOnly);
  await h.index('BTCUSDT', '60000');
  await h.index('ETHUSDT', '3000');
});

afterAll(async () => {
  await h.close();
});

const MARKETS = ['BTC/USDT', 'ETH/USDT', 'BTCUSDT', 'ETHUSDT', 'DOGE/USDT', '', 'btcusdt'];
const PATHS = [
  '/api/v1/time',
  '/api/v1/markets',
  '/api/v1/book',
  '/api/v1/trades',
  '/api/v1/candles',
  '/api/v1/prices',
  '/api/v1/account',
  '/api/v1/positions',
  '/api/v1/orders',
  '/api/v1/orders/open',
  '/api/v1/orders/history',
  '/api/v1/orders/1',
  '/api/v1/orders/2',
  '/api/v1/orders/-3',
  '/api/v1/orders/x',
  '/api/v1/fills',
  '/api/v1/transfer',
  '/api/v1/leverage',
  '/api/v1/margin-type',
  '/api/v1/position-mode',
  '/api/v1/isolated-margin',
  '/api/v1/admin/accounts',
  '/api/v1/admin/keys',
  '/api/v1/admin/credit',
  '/api/v1/admin/price',
  '/api/v1/admin/shock',
  '/api/v1/admin/clock-speed',
  '/api/v1/',
  '/api/v2/orders',
  '/',
  '//api/v1/orders',
  '/api/v1/orders/%zz',
  '/api/v1/orders/%00',
];

const near = (center: number) =>
  fc.integer({ min: -50, max: 50 }).map((d) => String(center + d * (center > 1000 ? 10 : 1)));

const decimalish = fc.oneof(
  near(60_000),
  near(3_000),
  fc.constantFrom(
    '0.001',
    '0.01',
    '0.1',
    '1',
    '0',
    '-1',
    'NaN',
    'Infinity',
    '1e5',
    '',
    ' 1',
    '0x1f',
    '1.',
    '.5',
  ),
  fc.constantFrom('0.000000001', '60000.000000001', '9'.repeat(30), '1'.padEnd(64, '0')),
  fc.tuple(fc.nat(100_000), fc.nat(99_999)).map(([a, b]) => `${a}.${b}`),
  fc.double().map(String),
  fc.string({ maxLength: 12 }),
);

const anyValue = fc.oneof(
  decimalish,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.integer(), { maxLength: 2 }),
  fc.dictionary(fc.string({ maxLength: 4 }), fc.integer(), { maxKeys: 2 }),
);

const orderBody = fc.record(
  {
    market: fc.constantFrom(...MARKETS),
    side: fc.constantFrom('BUY', 'SELL', 'buy', 'HOLD'),
    type: fc.constantFrom('LIMIT', 'MARKET', 'STOP', 'STOP_MARKET', 'TAKE_PROFIT', 'TAKE_PROFIT_MARKET', 'X'),
    quantity: decimalish,
    price: decimalish,
    stopPrice: decimalish,
    timeInForce: fc.constantFrom('GTC', 'IOC', 'FOK', 'GTX', 'GTD'),
    clientOrderId: fc.oneof(fc.constantFrom('c1', 'c2', 'a b'), fc.string({ maxLength: 40 })),
    reduceOnly: fc.oneof(fc.boolean(), anyValue),
    positionSide: fc.constantFrom('BOTH', 'LONG', 'SHORT', 'UP'),
    workingType: fc.constantFrom('MARK_PRICE', 'CONTRACT_PRICE'),
    closePosition: fc.boolean(),
    selfTradePrevention: fc.constantFrom('NONE', 'EXPIRE_TAKER', 'EXPIRE_MAKER', 'EXPIRE_BOTH'),
    extra: anyValue,
  },
  { requiredKeys: [] },
);

const otherBody = fc.record(
  {
    asset: fc.constantFrom('BTC', 'ETH', 'USDT', 'XRP', ''),
    amount: decimalish,
    direction: fc.constantFrom('SPOT_TO_FUTURES', 'FUTURES_TO_SPOT', 'UP'),
    market: fc.constantFrom(...MARKETS),
    leverage: fc.oneof(fc.integer({ min: -2, max: 130 }), anyValue),
    marginType: fc.constantFrom('ISOLATED', 'CROSSED', 'BOTH'),
    mode: fc.constantFrom('ONE_WAY', 'HEDGE', 'X'),
    action: fc.constantFrom('ADD', 'REMOVE'),
    accountId: fc.oneof(fc.integer({ min: -1, max: 5 }), anyValue),
    futures: fc.boolean(),
    price: decimalish,
    bps: fc.oneof(fc.integer({ min: -20_000, max: 200_000 }), anyValue),
    speed: fc.oneof(fc.double(), anyValue),
    canTrade: fc.boolean(),
  },
  { requiredKeys: [] },
);

const body = fc.oneof(
  { weight: 4, arbitrary: orderBody.map((b) => JSON.stringify(b)) },
  { weight: 3, arbitrary: otherBody.map((b) => JSON.stringify(b)) },
  { weight: 1, arbitrary: fc.json() },
  { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('', '{', '{"a":1}{', 'null', '[]', '{"__proto__":{}}', 'x'.repeat(3000)),
  },
);

const query = fc
  .dictionary(
    fc.constantFrom('market', 'limit', 'orderId', 'clientOrderId', 'interval', 'startTime', 'endTime', 'x'),
    fc.oneof(
      fc.constantFrom(...MARKETS, '1m', '1h', '1d', '7m', '1', '0', '-1', '1e400', '99999999999999999999'),
      fc.nat(5).map(String),
      fc.string({ maxLength: 8 }),
    ),
    { maxKeys: 3 },
  )
  .map((q) => {
    const text = new URLSearchParams(q).toString();
    return text === '' ? '' : `?${text}`;
  });

/** The real routes, so that most requests reach a handler rather than the 404. */
const ROUTES: [string, string][] = [
  ['GET', '/api/v1/time'],
  ['GET', '/api/v1/markets'],
  ['GET', '/api/v1/book'],
  ['GET', '/api/v1/trades'],
  ['GET', '/api/v1/candles'],
  ['GET', '/api/v1/prices'],
  ['GET', '/api/v1/account'],
  ['GET', '/api/v1/positions'],
  ['POST', '/api/v1/orders'],
  ['POST', '/api/v1/orders'],
  ['POST', '/api/v1/orders'],
  ['DELETE', '/api/v1/orders'],
  ['GET', '/api/v1/orders/open'],
  ['GET', '/api/v1/orders/history'],
  ['GET', '/api/v1/orders/1'],
  ['GET', '/api/v1/fills'],
  ['POST', '/api/v1/transfer'],
  ['POST', '/api/v1/leverage'],
  ['POST', '/api/v1/margin-type'],
  ['POST', '/api/v1/position-mode'],
  ['POST', '/api/v1/isolated-margin'],
  ['POST', '/api/v1/admin/accounts'],
  ['POST', '/api/v1/admin/credit'],
  ['POST', '/api/v1/admin/price'],
];

const target = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...ROUTES) },
  {
    weight: 2,
    arbitrary: fc.tuple(
      fc.constantFrom('GET', 'POST', 'DELETE', 'PUT', 'PATCH', 'HEAD', 'OPTIONS'),
      fc.oneof(
        { weight: 4, arbitrary: fc.constantFrom(...PATHS) },
        { weight: 1, arbitrary: fc.webPath().map((p) => (p.startsWith('/') ? p : `/${p}`)) },
      ),
    ),
  },
);

/** Orders the engine mostly takes: they build up books, positions and fills for the rest. */
const validOrder = fc
  .record({
    market: fc.constantFrom('BTC/USDT', 'BTCUSDT'),
    side: fc.constantFrom('BUY', 'SELL'),
    type: fc.constantFrom('LIMIT', 'LIMIT', 'MARKET'),
    price: near(60_000),
    quantity: fc.constantFrom('0.01', '0.02', '0.1'),
  })
  .map(({ type, price, ...rest }) =>
    JSON.stringify(type === 'MARKET' ? { ...rest, type } : { ...rest, type, price }),
  );

const request = fc.record({
  target,
  query,
  body: fc.option(fc.oneof({ weight: 1, arbitrary: validOrder }, { weight: 2, arbitrary: body }), {
    nil: undefined,
    freq: 4,
  }),
  contentType: fc.constantFrom(
    'application/json',
    'application/json',
    'application/json; charset=utf-8',
    'text/plain',
    undefined,
  ),
  auth: fc.constantFrom('signed', 'signed', 'signed', 'none', 'bad', 'stale', 'replay', 'admin', 'garbage'),
  key: fc.nat(2),
});

describe('fuzz', () => {
  it(`answers ${RUNS * PER_RUN} random requests without a 5xx`, async () => {
    let sent = 0;
    let last: InjectOptions | undefined;
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(fc.array(request, { minLength: PER_RUN, maxLength: PER_RUN }), async (batch) => {
        for (const r of batch) {
          const [method, path] = r.target;
          const url = `${path}${r.query}`;
          const payload = r.body;
          const key = keys[r.key]!;
          const timestamp = r.auth === 'stale' ? h.clock.now() - 60_000 : h.clock.now();
          h.clock.advance(1);
          const signed = signRequest({
            apiKey: key.apiKey,
            secret: r.auth === 'bad' ? 'wrong' : key.secret,
            method,
            path: url,
            body: payload ?? '',
            timestamp,
          });
          const headers: Record<string, string> =
            r.auth === 'none'
              ? {}
              : r.auth === 'admin'
                ? { authorization: `Bearer ${ADMIN_TOKEN}` }
                : r.auth === 'garbage'
                  ? { 'x-fulcrum-apikey': 'k', 'x-fulcrum-timestamp': 'soon', 'x-fulcrum-signature': '!' }
                  : { ...signed.headers };
          delete headers['content-type'];
          if (r.contentType !== undefined && payload !== undefined) headers['content-type'] = r.contentType;
          const verb = method as NonNullable<InjectOptions['method']>;
          let req: InjectOptions =
            payload !== undefined ? { method: verb, url, headers, payload } : { method: verb, url, headers };
          if (r.auth === 'replay' && last) req = last;
          last = req;
          const res = await h.app.inject(req);
          sent++;
          statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
          if (res.statusCode >= 500)
            throw new Error(`${res.statusCode} for ${JSON.stringify(req)}: ${res.body}`);
          if (res.statusCode >= 400 && req.method !== 'HEAD') {
            const error = res.json();
            if (typeof error.code !== 'string' || typeof error.message !== 'string')
              throw new Error(`uncoded ${res.statusCode} for ${JSON.stringify(req)}: ${res.body}`);
          }
        }
      }),
      { numRuns: RUNS },
    );
    expect(sent).toBeGreaterThanOrEqual(10_000);
    // Some requests got through to the engine, most were refused, none failed.
    expect(statuses.get(200) ?? 0).toBeGreaterThan(100);
    expect(invariantViolations(h.exchange.state)).toEqual([]);
  });
});
