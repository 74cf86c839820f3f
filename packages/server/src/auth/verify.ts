import { createHmac, createSecretKey, timingSafeEqual } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { Clock } from '@fulcrum/runtime';
import { ApiCode, ApiError } from '../errors.ts';
import type { ApiKeyRecord, KeyStore } from './keyStore.ts';
import { signaturePayload } from './sign.ts';

/** Who a verified request acts for. */
export interface AuthContext {
  readonly apiKey: string;
  readonly accountId: number;
  readonly canTrade: boolean;
}

export interface VerifierOptions {
  readonly keys: KeyStore;
  readonly clock: Clock;
  /** How far a request's timestamp may be from the exchange clock, either way (ms). */
  readonly windowMs: number;
  /** Signatures remembered for replay protection at most; past this, signed requests get 429. */
  readonly maxRemembered: number;
}

const TIMESTAMP = /^[0-9]{1,15}$/;
const SIGNATURE = /^[0-9a-fA-F]{64}$/;

const unauthorized = (code: string, message: string): ApiError => new ApiError(401, code, message);

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return typeof value === 'string' ? value : undefined;
}

/**
 * Checks signed requests: a known key, a timestamp inside the window of the exchange clock, an
 * HMAC compared in constant time, and a signature never seen before within the window.
 */
export class SignatureVerifier {
  /** Signature -> time after which a replay would be stale anyway; insertion order is time order. */
  private readonly seen = new Map<string, number>();
  /** HMAC keys by key record: an HMAC from a prepared key costs half as much as from a string. */
  private readonly hmacKeys = new WeakMap<ApiKeyRecord, KeyObject>();

  constructor(private readonly options: VerifierOptions) {}

  /** Returns the request's account, or throws a 401 (429 when too many signatures are in flight). */
  verify(method: string, url: string, body: string, headers: IncomingHttpHeaders): AuthContext {
    const apiKey = header(headers, 'x-fulcrum-apikey');
    const timestamp = header(headers, 'x-fulcrum-timestamp');
    const signature = header(headers, 'x-fulcrum-signature');
    if (apiKey === undefined || timestamp === undefined || signature === undefined) {
      throw unauthorized(
        ApiCode.AuthMissing,
        'signed requests need X-FULCRUM-APIKEY, X-FULCRUM-TIMESTAMP and X-FULCRUM-SIGNATURE',
      );
    }
    const key = this.options.keys.get(apiKey);
    if (!key) throw unauthorized(ApiCode.AuthKeyUnknown, 'unknown API key');
    if (!TIMESTAMP.test(timestamp))
      throw unauthorized(ApiCode.AuthTimestampInvalid, 'timestamp must be milliseconds since the epoch');
    const now = this.options.clock.now();
    const window = this.options.windowMs;
    if (Math.abs(now - Number(timestamp)) > window) {
      throw unauthorized(
        ApiCode.AuthTimestampOutsideWindow,
        `timestamp ${timestamp} is more than ${window} ms from the server time ${now}`,
      );
    }
    if (!SIGNATURE.test(signature))
      throw unauthorized(ApiCode.AuthBadSignature, 'signature must be 64 hex digits');
    let hmacKey = this.hmacKeys.get(key);
    if (!hmacKey) {
      hmacKey = createSecretKey(Buffer.from(key.secret, 'utf8'));
      this.hmacKeys.set(key, hmacKey);
    }
    const expected = createHmac('sha256', hmacKey)
      .update(signaturePayload(timestamp, method, url, body))
      .digest();
    if (!timingSafeEqual(expected, Buffer.from(signature, 'hex')))
      throw unauthorized(ApiCode.AuthBadSignature, 'signature does not match');
    this.remember(signature.toLowerCase(), now);
    return { apiKey, accountId: key.accountId, canTrade: key.canTrade };
  }

  /** Signatures currently remembered. */
  get remembered(): number {
    return this.seen.size;
  }

  private remember(signature: string, now: number): void {
    for (const [old, forgetAt] of this.seen) {
      if (forgetAt >= now) break;
      this.seen.delete(old);
    }
    if (this.seen.has(signature)) throw unauthorized(ApiCode.AuthReplayed, 'this signature was already used');
    if (this.seen.size >= this.options.maxRemembered)
      throw new ApiError(429, ApiCode.RateLimited, 'too many signed requests within the window');
    // Its timestamp is at most `window` ahead of now, so after now + 2 x window it is stale anyway.
    this.seen.set(signature, now + 2 * this.options.windowMs);
  }
}
