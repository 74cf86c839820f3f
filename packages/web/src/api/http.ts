import type { ServerClock } from './clock.ts';
import { hmacHex, nativePayload } from './sign.ts';

export interface Credentials {
  readonly apiKey: string;
  readonly secret: string;
}

/** An error the venue answered with ({ code, message }), or one on the way there. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

type Query = Readonly<Record<string, string | number | boolean | undefined>>;

export function queryString(query: Query | undefined): string {
  if (!query) return '';
  const parts = Object.entries(query)
    .filter((entry): entry is [string, string | number | boolean] => entry[1] !== undefined)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`);
  return parts.length > 0 ? `?${parts.join('&')}` : '';
}

/** The venue's error body in either API's shape: native { code, message }, Binance { code, msg }. */
function errorFrom(status: number, body: unknown): ApiError {
  if (typeof body === 'object' && body !== null) {
    const b = body as { code?: unknown; message?: unknown; msg?: unknown };
    const message = typeof b.message === 'string' ? b.message : typeof b.msg === 'string' ? b.msg : undefined;
    if (b.code !== undefined && message !== undefined) return new ApiError(status, String(b.code), message);
  }
  return new ApiError(status, `HTTP_${status}`, `the venue answered ${status}`);
}

const TIMESTAMP_CODES = new Set(['AUTH_TIMESTAMP_OUTSIDE_WINDOW', '-1021']);

/**
 * The venue's HTTP API from the page: public reads, signed requests (native and Binance-compatible)
 * and admin calls. Every failure is an ApiError carrying the venue's code and message.
 */
export class ApiClient {
  constructor(
    private readonly base: string,
    private readonly clock: ServerClock,
  ) {}

  private async send<T>(path: string, init: RequestInit): Promise<T> {
    let response: Response;
    try {
      response = await fetch(this.base + path, init);
    } catch (error) {
      throw new ApiError(0, 'NETWORK', `cannot reach the venue (${(error as Error).message})`);
    }
    const text = await response.text();
    let body: unknown = undefined;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      if (response.ok) throw new ApiError(response.status, 'BAD_RESPONSE', 'the venue answered non-JSON');
    }
    if (!response.ok) throw errorFrom(response.status, body);
    return body as T;
  }

  get<T>(path: string, query?: Query): Promise<T> {
    return this.send<T>(path + queryString(query), { method: 'GET' });
  }

  /** Whether a route exists: anything but 404 (a signed route answers 401 unsigned). */
  async has(path: string): Promise<boolean> {
    try {
      await this.send(path, { method: 'GET' });
      return true;
    } catch (error) {
      return !(error instanceof ApiError) || (error.status !== 404 && error.code !== 'NETWORK');
    }
  }

  /** Read the exchange clock; its rate is learnt from successive reads. */
  async syncClock(): Promise<void> {
    const before = performance.now();
    const { serverTime } = await this.get<{ serverTime: number }>('/api/v1/time');
    this.clock.observe(serverTime, (before + performance.now()) / 2);
  }

  /** A signed native request. A timestamp refused as out of window is retried once after a clock read. */
  async signed<T>(
    credentials: Credentials,
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    options: { query?: Query; body?: unknown } = {},
  ): Promise<T> {
    const target = path + queryString(options.query);
    const body = options.body === undefined ? '' : JSON.stringify(options.body);
    const attempt = async (): Promise<T> => {
      const timestamp = this.clock.timestamp();
      const signature = await hmacHex(credentials.secret, nativePayload(timestamp, method, target, body));
      const headers: Record<string, string> = {
        'X-FULCRUM-APIKEY': credentials.apiKey,
        'X-FULCRUM-TIMESTAMP': String(timestamp),
        'X-FULCRUM-SIGNATURE': signature,
      };
      if (body !== '') headers['content-type'] = 'application/json';
      return this.send<T>(target, { method, headers, ...(body !== '' ? { body } : {}) });
    };
    return this.retryOnClock(attempt);
  }

  /** A signed GET of the Binance-compatible API (same key and secret; query-string signature). */
  async binance<T>(credentials: Credentials, path: string, query: Query = {}): Promise<T> {
    const attempt = async (): Promise<T> => {
      const params = queryString({ ...query, recvWindow: 10_000, timestamp: this.clock.timestamp() }).slice(
        1,
      );
      const signature = await hmacHex(credentials.secret, params);
      return this.send<T>(`${path}?${params}&signature=${signature}`, {
        method: 'GET',
        headers: { 'X-MBX-APIKEY': credentials.apiKey },
      });
    };
    return this.retryOnClock(attempt);
  }

  /** An admin call: Bearer token, JSON body. */
  admin<T>(token: string, path: string, body: unknown): Promise<T> {
    return this.send<T>(`/api/v1/admin${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  }

  private async retryOnClock<T>(attempt: () => Promise<T>): Promise<T> {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof ApiError) || !TIMESTAMP_CODES.has(error.code)) throw error;
      await this.syncClock();
      return attempt();
    }
  }
}
