import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { seedVenue } from '@fulcrum/cli';
import { mustParseDecimal } from '@fulcrum/core';
import {
  DEFAULT_SYNTHETIC_ASSETS,
  Exchange,
  ManualOverlay,
  MarketMaker,
  ScaledClock,
  SyntheticFeed,
  VenueRunner,
} from '@fulcrum/runtime';
import { SqliteKeyStore, binanceApi, buildServer, newApiKey, webSocketChannels } from '@fulcrum/server';
import type { ApiKeyRecord } from '@fulcrum/server';
import { webScreen } from '../../server/src/static.ts';

export interface TestVenue {
  readonly url: string;
  readonly adminToken: string;
  readonly demo: ApiKeyRecord;
  stop(): Promise<void>;
}

/**
 * The venue as `fulcrum serve` runs it (seeded accounts, synthetic feed with admin pins and shocks,
 * market makers, REST, WebSocket and Binance-compatible APIs) with the web screen mounted, in a
 * fresh data directory on a free port.
 */
export async function startTestVenue(options: {
  readonly dir: string;
  readonly adminToken: string;
  readonly webRoot: string;
  readonly tickMs?: number;
}): Promise<TestVenue> {
  mkdirSync(options.dir, { recursive: true });
  const path = join(options.dir, 'fulcrum.db');
  const clock = new ScaledClock({ startMs: Date.now(), speed: 1 });
  const exchange = await Exchange.open({ path, clock });
  const keys = SqliteKeyStore.open(join(options.dir, 'fulcrum.keys.db'));
  const { makerId, demoId } = await seedVenue(exchange);
  const demo = newApiKey(demoId, clock.now());
  keys.add(demo);
  const feed = new ManualOverlay(
    new SyntheticFeed({ seed: 1, startMs: clock.now(), assets: [...DEFAULT_SYNTHETIC_ASSETS] }),
  );
  const makers = exchange.state.venue.markets.map(
    (m) =>
      new MarketMaker({
        accountId: makerId,
        market: m.symbol,
        size: m.base.symbol === 'BTC' ? 10_000_000n : 200_000_000n,
        levels: 10,
        toleranceBps: 2,
      }),
  );
  const runner = new VenueRunner({
    exchange,
    feed,
    clock,
    makers,
    ...(options.tickMs !== undefined ? { intervalMs: options.tickMs } : {}),
  });
  const app = buildServer({
    exchange,
    keys,
    clock,
    adminToken: options.adminToken,
    admin: {
      setPrice: (asset, price) => feed.set(asset, mustParseDecimal(price, 8)),
      shock: (asset, bps) => feed.shock(asset, bps),
      setClockSpeed: (speed) => clock.setSpeed(speed),
    },
    plugins: [webSocketChannels(), binanceApi(), webScreen({ root: options.webRoot })],
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  runner.start();
  const address = app.server.address();
  const port = address && typeof address === 'object' ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    adminToken: options.adminToken,
    demo,
    async stop() {
      await runner.stop();
      await app.close();
      await exchange.close();
      keys.close();
    },
  };
}
