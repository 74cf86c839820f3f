import type { Clock, ExchangeApi, HistorySink } from '@fulcrum/runtime';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import type { KeyStore } from './auth/keyStore.ts';
import type { SignatureVerifier } from './auth/verify.ts';
import type { HistoryLimits, ReadModels } from './readModels/index.ts';

/** Knobs of the price feed and clock that the admin API forwards; each is optional. */
export interface AdminControls {
  /** Set an asset's index price, a decimal string in the quote asset (e.g. '60000'). */
  setPrice?(asset: string, price: string): void | Promise<void>;
  /** Move an asset's price by basis points at once (-500 = 5% down). */
  shock?(asset: string, bps: number): void | Promise<void>;
  /** Run the exchange clock at `speed` times real time. */
  setClockSpeed?(speed: number): void | Promise<void>;
  /** Move the clock to the next funding time and tick, so funding is paid now. */
  forceFunding?(): void | Promise<void>;
}

export interface RateLimit {
  /** Requests per window per API key (per IP for requests without a known key). */
  readonly max: number;
  readonly timeWindowMs: number;
}

export interface ServerLimits {
  /** Largest request body in bytes (413 above). */
  readonly bodyLimit: number;
  /** false: no rate limit (benchmarks, trusted simulators). */
  readonly rateLimit: RateLimit | false;
  /** Time to receive a whole request (ms). */
  readonly requestTimeoutMs: number;
  /** Idle time before a keep-alive connection is closed (ms). */
  readonly keepAliveTimeoutMs: number;
  /** How far a signed request's timestamp may be from the exchange clock (ms). */
  readonly signatureWindowMs: number;
  /** Signatures remembered for replay protection at most. */
  readonly maxRememberedSignatures: number;
}

export const DEFAULT_LIMITS: ServerLimits = {
  bodyLimit: 64 * 1024,
  rateLimit: { max: 12_000, timeWindowMs: 60_000 },
  requestTimeoutMs: 10_000,
  keepAliveTimeoutMs: 72_000,
  signatureWindowMs: 5_000,
  maxRememberedSignatures: 1_000_000,
};

/** What routes and plugins share. */
export interface ServerContext {
  readonly exchange: ExchangeApi;
  readonly keys: KeyStore;
  /** The exchange's clock: signed timestamps are checked against it. */
  readonly clock: Clock;
  readonly readModels: ReadModels;
  readonly verifier: SignatureVerifier;
  readonly limits: ServerLimits;
}

/** Something to add to the app once the API is in place (e.g. WebSocket channels). */
export type ServerPlugin = (app: FastifyInstance, context: ServerContext) => void | Promise<void>;

export interface ServerOptions {
  readonly exchange: ExchangeApi;
  readonly keys: KeyStore;
  /** The clock the exchange stamps commands with; the system clock when absent. */
  readonly clock?: Clock;
  /** Enables the admin API (Bearer token); absent: no admin route exists. */
  readonly adminToken?: string;
  readonly admin?: AdminControls;
  readonly limits?: Partial<ServerLimits>;
  readonly history?: Partial<HistoryLimits>;
  /**
   * Replays recent committed history into the read models before the API starts (e.g.
   * `replayRecentHistory` over the exchange's journal), so trades, candles and order history survive
   * a restart.
   */
  readonly replayHistory?: (sink: HistorySink) => void;
  /** Serve the OpenAPI document and its UI at /docs (default true). */
  readonly docs?: boolean;
  readonly logger?: FastifyServerOptions['logger'];
  readonly plugins?: readonly ServerPlugin[];
}
