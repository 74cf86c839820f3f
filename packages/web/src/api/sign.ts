/**
 * Request signing with WebCrypto: hex HMAC-SHA256(secret, payload). The secret never leaves the
 * page; imported keys are kept per secret because importing costs more than signing.
 */

const encoder = new TextEncoder();
// Spelled from the call itself so it types the same under DOM and Node's WebCrypto.
type HmacKey = Awaited<ReturnType<typeof globalThis.crypto.subtle.importKey>>;
const keys = new Map<string, Promise<HmacKey>>();

/** WebCrypto exists only in secure contexts (https, localhost): say so instead of failing obscurely. */
export function signingAvailable(): boolean {
  return typeof globalThis.crypto !== 'undefined' && typeof globalThis.crypto.subtle !== 'undefined';
}

function keyFor(secret: string): Promise<HmacKey> {
  let key = keys.get(secret);
  if (!key) {
    key = globalThis.crypto.subtle.importKey(
      'raw',
      encoder.encode(secret),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign'],
    );
    keys.set(secret, key);
  }
  return key;
}

export async function hmacHex(secret: string, payload: string): Promise<string> {
  if (!signingAvailable())
    throw new Error('signing needs WebCrypto, which browsers offer only over https or on localhost');
  const signature = await globalThis.crypto.subtle.sign(
    'HMAC',
    await keyFor(secret),
    encoder.encode(payload),
  );
  return [...new Uint8Array(signature)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** The native API's payload: timestamp + METHOD + path with query + body, nothing between. */
export const nativePayload = (timestamp: number, method: string, path: string, body: string): string =>
  `${timestamp}${method.toUpperCase()}${path}${body}`;

/** The WebSocket login signs a fixed path. */
export const WS_LOGIN_PATH = '/ws/login';
