import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { mustParseDecimal } from '@fulcrum/core';
import type { EngineState } from '@fulcrum/core';
import {
  DEFAULT_SYNTHETIC_ASSETS,
  Exchange,
  LiquidationKeeper,
  ManualOverlay,
  MarketMaker,
  ScaledClock,
  SyntheticFeed,
  VenueRunner,
  replayRecentHistory,
} from '@fulcrum/runtime';
import type { Clock, SyntheticAsset } from '@fulcrum/runtime';
import {
  SqliteKeyStore,
  binanceApi,
  buildServer,
  newApiKey,
  webScreen,
  webSocketChannels,
} from '@fulcrum/server';
import type { ApiKeyRecord } from '@fulcrum/server';
import { seedVenue } from './seed.ts';

export interface ServeOptions {
  /** SQLite file of the journal (API keys live beside it). */
  readonly data: string;
  readonly host: string;
  readonly port: number;
  /** Clock speed: 1 real time, 60 an hour a minute. */
  readonly speed: number;
  /** Seed of the synthetic price feed. */
  readonly seed: number;
  /** Market makers on every market (default true). */
  readonly maker: boolean;
  /** The lending pool's liquidation keeper (default true). */
  readonly keeper?: boolean;
  /** Admin token; a fresh random one when absent. */
  readonly adminToken?: string;
  /** Accepted commands between two snapshots (default 100,000; 0: none). */
  readonly snapshotEvery?: number;
  readonly quiet?: boolean;
}

export interface RunningVenue {
  readonly url: string;
  readonly adminToken: string;
  readonly demo: ApiKeyRecord;
  readonly exchange: Exchange;
  /** The liquidation keeper, when it runs. */
  readonly keeper: LiquidationKeeper | undefined;
  stop(): Promise<void>;
}

/**
 * The local exchange: journal and state in `data`, seeded markets and accounts on first start, a
 * synthetic price feed (with admin pins and shocks) that also feeds the lending pool's oracle,
 * market makers on every book, a liquidation keeper for the lending pool, the REST and WebSocket
 * API. Restarting with the same data continues where it stopped.
 */
export async function serve(options: ServeOptions): Promise<RunningVenue> {
  const path = resolve(options.data);
  mkdirSync(dirname(path), { recursive: true });
  // The clock starts once the state is known: never behind the last command's time.
  const late: { clock?: ScaledClock } = {};
  const lateClock: Clock = { now: () => (late.clock ? late.clock.now() : Date.now()) };
  const exchange = await Exchange.open({
    path,
    clock: lateClock,
    ...(options.snapshotEvery === undefined ? {} : { snapshotEvery: options.snapshotEvery }),
  });
  const clock = new ScaledClock({ startMs: Math.max(Date.now(), exchange.state.time), speed: options.speed });
  late.clock = clock;
  const base = path.replace(/\.db$/, '');
  const keys = SqliteKeyStore.open(base + '.keys.db');
  const { makerId, demoId, keeperId } = await seedVenue(exchange, { keeperFile: base + '.keeper.json' });
  let demo = keys.list(demoId)[0];
  if (!demo) {
    demo = newApiKey(demoId, clock.now());
    keys.add(demo);
  }

  const feed = new ManualOverlay(
    new SyntheticFeed({ seed: options.seed, startMs: clock.now(), assets: startingAssets(exchange.state) }),
  );
  const makers = options.maker
    ? exchange.state.venue.markets.map(
        (m) =>
          new MarketMaker({
            accountId: makerId,
            market: m.symbol,
            size: m.base.symbol === 'BTC' ? 10_000_000n : 200_000_000n,
            levels: 10,
            toleranceBps: 2,
          }),
      )
    : [];
  const keeper =
    options.keeper !== false && keeperId !== undefined
      ? new LiquidationKeeper({ accountId: keeperId })
      : undefined;
  const runner = new VenueRunner({
    exchange,
    feed,
    clock,
    makers,
    ...(keeper ? { keeper } : {}),
    onError: (error) => {
      if (!options.quiet) console.error('tick failed:', error);
    },
  });
  const adminToken = options.adminToken ?? randomBytes(24).toString('hex');
  const app = buildServer({
    exchange,
    keys,
    clock,
    // Trades, candles and order history of the last snapshot interval or two, rebuilt from the journal.
    replayHistory: (sink) => {
      replayRecentHistory(path, sink, { toSeq: exchange.state.seq });
    },
    adminToken,
    admin: {
      setPrice: (asset, price) => feed.set(asset, mustParseDecimal(price, 8)),
      shock: (asset, bps) => feed.shock(asset, bps),
      setClockSpeed: (speed) => clock.setSpeed(speed),
      forceFunding: async () => {
        const times = exchange.state.perp.flatMap((p) =>
          p && p.nextFundingTime > 0 ? [p.nextFundingTime] : [],
        );
        if (times.length === 0) return;
        clock.jumpTo(Math.min(...times));
        await runner.tick();
      },
    },
    plugins: [webSocketChannels(), binanceApi(), webScreen()],
  });
  await app.listen({ host: options.host, port: options.port });
  runner.start();
  const address = app.server.address();
  const port = address && typeof address === 'object' ? address.port : options.port;
  const url = `http://${options.host}:${port}`;
  return {
    url,
    adminToken,
    demo,
    exchange,
    keeper,
    async stop() {
      await runner.stop();
      await app.close();
      await exchange.close();
      keys.close();
    },
  };
}

/**
 * Continue the synthetic paths from the last index prices, so a restart does not jump. wstETH follows
 * ETH and the stablecoins start at 1.00 again (a pin or shock does not survive a restart).
 */
function startingAssets(state: EngineState): SyntheticAsset[] {
  return DEFAULT_SYNTHETIC_ASSETS.map((asset) => {
    const perp = state.venue.perpMarkets.find((m) => m.base.symbol === asset.symbol);
    const index = perp ? state.perp[perp.index]!.index : 0n;
    if (!perp || index <= 0n) return asset;
    const digits = index.toString().padStart(perp.quote.decimals + 1, '0');
    const start = `${digits.slice(0, -perp.quote.decimals)}.${digits.slice(-perp.quote.decimals)}`;
    return { ...asset, start };
  });
}
