import { createHmac } from 'node:crypto';
import type { KeyObject } from 'node:crypto';

/** Header names of a signed request (HTTP header names are case-insensitive). */
export const AuthHeader = {
  ApiKey: 'X-FULCRUM-APIKEY',
  Timestamp: 'X-FULCRUM-TIMESTAMP',
  Signature: 'X-FULCRUM-SIGNATURE',
} as const;

/** What is signed: timestamp + method + path with query + body, with nothing between them. */
export function signaturePayload(
  timestamp: number | string,
  method: string,
  path: string,
  body: string,
): string {
  return `${timestamp}${method.toUpperCase()}${path}${body}`;
}

/** Hex HMAC-SHA256 of the payload with the key's secret (a prepared KeyObject signs faster). */
export function hmacHex(secret: string | KeyObject, payload: string): string {
  return createHmac('sha256', secret).update(payload).digest('hex');
}

export interface SignInput {
  readonly apiKey: string;
  /** The secret, or `createSecretKey(Buffer.from(secret))` made once: it signs twice as fast. */
  readonly secret: string | KeyObject;
  readonly method: string;
  /** Path with its query string, exactly as sent, e.g. '/api/v1/orders/open?market=BTCUSDT'. */
  readonly path: string;
  /** A string is sent as is; anything else as JSON; absent: no body. */
  readonly body?: unknown;
  /** Milliseconds since the epoch, on the exchange's clock (GET /api/v1/time). */
  readonly timestamp: number;
}

export interface SignedRequest {
  readonly headers: Record<string, string>;
  /** The exact body that was signed ('' for none): send these bytes. */
  readonly body: string;
}

/**
 * Sign one request for the native API. Send the returned headers and body unchanged:
 *
 *   const { headers, body } = signRequest({ apiKey, secret, method: 'POST', path: '/api/v1/orders',
 *     body: { market: 'BTCUSDT', side: 'BUY', type: 'LIMIT', price: '60000', quantity: '0.01' },
 *     timestamp: Date.now() });
 *   await fetch(base + '/api/v1/orders', { method: 'POST', headers, body });
 */
export function signRequest(input: SignInput): SignedRequest {
  const body =
    input.body === undefined ? '' : typeof input.body === 'string' ? input.body : JSON.stringify(input.body);
  const signature = hmacHex(input.secret, signaturePayload(input.timestamp, input.method, input.path, body));
  const headers: Record<string, string> = {
    [AuthHeader.ApiKey]: input.apiKey,
    [AuthHeader.Timestamp]: String(input.timestamp),
    [AuthHeader.Signature]: signature,
  };
  if (body !== '') headers['content-type'] = 'application/json';
  return { headers, body };
}
