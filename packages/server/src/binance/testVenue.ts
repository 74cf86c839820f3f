import ccxt from 'ccxt';
import { Side } from '@fulcrum/core';
import type { UnstampedCommand } from '@fulcrum/core';
import { Exchange } from '@fulcrum/runtime';
import type { FastifyInstance } from 'fastify';
import { MemoryKeyStore, newApiKey } from '../auth/keyStore.ts';
import type { ApiKeyRecord } from '../auth/keyStore.ts';
import { buildServer } from '../server.ts';
import { webSocketChannels } from '../ws/channels.ts';
import { binanceApi } from './index.ts';

/** A live server on 127.0.0.1 with the Binance API, a market maker's book and CCXT clients for it. */

export class MovableClock {
  constructor(public time: number) {}
  now(): number {
    return this.time;
  }
}

export interface Venue {
  readonly app: FastifyInstance;
  readonly exchange: Exchange;
  readonly clock: MovableClock;
  readonly keys: MemoryKeyStore;
  readonly url: string;
  readonly makerId: number;
  /** A funded trader (futures wallet in USDT) and its key. */
  trader(usdt: string): Promise<ApiKeyRecord>;
  /** Submit and insist on acceptance. */
  must(command: UnstampedCommand): Promise<void>;
  index(symbol: string, price: number): Promise<void>;
  /** The maker's ladder around `mid` on BTCUSDT: `levels` each side, `step` apart, 1 BTC each. */
  quote(mid: number, levels: number, step: number): Promise<void>;
  /** Cancel every order the maker has on BTCUSDT. */
  pull(): Promise<void>;
  close(): Promise<void>;
}

const USDT = (whole: number): bigint => BigInt(Math.round(whole * 1e8));
/** BTCUSDT: tick 0.1, lot 0.001. */
export const ticks = (price: number): number => Math.round(price * 10);
export const lots = (qty: number): number => Math.round(qty * 1000);

export async function startVenue(options: { nativeFirst?: boolean } = {}): Promise<Venue> {
  // Whole seconds: CCXT's clock and the exchange's agree once it has read /fapi/v1/time.
  const clock = new MovableClock(Math.floor(Date.now() / 1000) * 1000);
  const exchange = await Exchange.open({ clock });
  const keys = new MemoryKeyStore();
  const plugins =
    options.nativeFirst === false ? [binanceApi(), webSocketChannels()] : [webSocketChannels(), binanceApi()];
  const app = buildServer({ exchange, keys, clock, docs: false, limits: { rateLimit: false }, plugins });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const port = address && typeof address === 'object' ? address.port : 0;
  const must = async (command: UnstampedCommand) => {
    const { result } = await exchange.submit(command);
    if (!result.ok) throw new Error(`${command.type}: ${result.code} ${result.message}`);
  };
  const account = async (): Promise<number> => {
    const created = await exchange.submit({ type: 'CreateAccount' });
    if (!created.result.ok) throw new Error('no account');
    return created.result.value.accountId;
  };
  const fund = async (accountId: number, usdt: number) => {
    await must({ type: 'Deposit', accountId, asset: 'USDT', amount: USDT(usdt) });
    await must({
      type: 'Transfer',
      accountId,
      asset: 'USDT',
      amount: USDT(usdt),
      direction: 'SPOT_TO_FUTURES',
    });
  };
  const makerId = await account();
  await fund(makerId, 100_000_000);
  await must({ type: 'SetPositionMode', accountId: makerId, dualSide: true });
  await must({ type: 'FundInsurance', asset: 'USDT', amount: USDT(1_000_000) });
  await must({ type: 'Deposit', accountId: makerId, asset: 'USDT', amount: USDT(1_000_000) });
  return {
    app,
    exchange,
    clock,
    keys,
    url: `http://127.0.0.1:${port}`,
    makerId,
    async trader(usdt) {
      const id = await account();
      await fund(id, Number(usdt));
      const key = newApiKey(id, clock.now());
      keys.add(key);
      return key;
    },
    must,
    async index(symbol, price) {
      await must({ type: 'IndexPrice', market: symbol, price: USDT(price) });
    },
    async quote(mid, levels, step) {
      for (let i = 1; i <= levels; i++) {
        for (const [side, positionSide, price] of [
          ['BUY', 'LONG', mid - i * step],
          ['SELL', 'SHORT', mid + i * step],
        ] as const) {
          await must({
            type: 'PlaceOrder',
            accountId: makerId,
            market: 'BTCUSDT',
            side,
            positionSide,
            orderType: 'LIMIT',
            price: ticks(price),
            qty: lots(1),
          });
        }
      }
    },
    async pull() {
      const m = exchange.state.venue.marketBySymbol.get('BTCUSDT')!;
      const book = exchange.state.books[m.index]!;
      const ids = [Side.Buy, Side.Sell].flatMap((side) =>
        book
          .orders(side)
          .filter((o) => o.owner === makerId)
          .map((o) => o.id),
      );
      for (const orderId of ids)
        await must({ type: 'CancelOrder', accountId: makerId, market: 'BTCUSDT', orderId });
    },
    async close() {
      await app.close();
      await exchange.close();
    },
  };
}

/** The URL keys of CCXT's sandbox slot, all on the local server (docs/clients.md). */
export function localUrls(base: string): Record<string, unknown> {
  return {
    fapiPublic: `${base}/fapi/v1`,
    fapiPublicV2: `${base}/fapi/v2`,
    fapiPublicV3: `${base}/fapi/v3`,
    fapiPrivate: `${base}/fapi/v1`,
    fapiPrivateV2: `${base}/fapi/v2`,
    fapiPrivateV3: `${base}/fapi/v3`,
    fapiData: `${base}/futures/data`,
    public: `${base}/api/v3`,
    private: `${base}/api/v3`,
    v1: `${base}/api/v1`,
    dapiPublic: `${base}/dapi/v1`,
    dapiPrivate: `${base}/dapi/v1`,
    dapiPrivateV2: `${base}/dapi/v2`,
    ws: { future: `${base.replace('http', 'ws')}/ws` },
  };
}

type BinanceUsdm = InstanceType<typeof ccxt.binanceusdm>;
type ProBinanceUsdm = InstanceType<typeof ccxt.pro.binanceusdm>;

function pointAt<T extends BinanceUsdm | ProBinanceUsdm>(ex: T, base: string): T {
  ex.urls['test'] = localUrls(base);
  ex.setSandboxMode(true);
  // CCXT picks its futures error map by Binance's host names; a local host needs it merged in.
  const exceptions = ex.exceptions as {
    exact: Record<string, unknown>;
    linear: { exact: Record<string, unknown> };
  };
  exceptions.exact = { ...exceptions.exact, ...exceptions.linear.exact };
  return ex;
}

export async function restClient(venue: Venue, key?: ApiKeyRecord): Promise<BinanceUsdm> {
  const ex = pointAt(
    new ccxt.binanceusdm({
      ...(key ? { apiKey: key.apiKey, secret: key.secret } : {}),
      enableRateLimit: false,
      timeout: 10_000,
    }),
    venue.url,
  );
  await ex.loadTimeDifference();
  return ex;
}

export async function proClient(venue: Venue, key?: ApiKeyRecord): Promise<ProBinanceUsdm> {
  const ex = pointAt(
    new ccxt.pro.binanceusdm({
      ...(key ? { apiKey: key.apiKey, secret: key.secret } : {}),
      enableRateLimit: false,
      timeout: 10_000,
    }),
    venue.url,
  );
  await ex.loadHttpProxyAgent();
  await ex.loadTimeDifference();
  return ex;
}
