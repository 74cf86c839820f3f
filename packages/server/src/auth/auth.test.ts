import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { ApiError } from '../errors.ts';
import { MemoryKeyStore, newApiKey } from './keyStore.ts';
import type { KeyStore } from './keyStore.ts';
import { hmacHex, signRequest, signaturePayload } from './sign.ts';
import { SqliteKeyStore } from './sqliteKeyStore.ts';
import { SignatureVerifier } from './verify.ts';

const dir = mkdtempSync(join(tmpdir(), 'fulcrum-keys-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const key = { apiKey: 'k1', secret: 's3cret', accountId: 7, canTrade: true, createdAt: 0 };

function setup(windowMs = 5_000, maxRemembered = 1_000) {
  const clock = { time: 1_000_000, now: () => clock.time };
  const verifier = new SignatureVerifier({ keys: new MemoryKeyStore([key]), clock, windowMs, maxRemembered });
  const verify = (
    signed: { headers: Record<string, string>; body: string },
    method = 'POST',
    url = '/x?a=1',
  ) =>
    verifier.verify(
      method,
      url,
      signed.body,
      Object.fromEntries(Object.entries(signed.headers).map(([k, v]) => [k.toLowerCase(), v])),
    );
  const sign = (over: Partial<Parameters<typeof signRequest>[0]> = {}) =>
    signRequest({
      apiKey: 'k1',
      secret: 's3cret',
      method: 'POST',
      path: '/x?a=1',
      body: { b: 2 },
      timestamp: clock.time,
      ...over,
    });
  return { clock, verifier, verify, sign };
}

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof ApiError) return `${error.statusCode} ${error.code}`;
    throw error;
  }
  return undefined;
}

describe('signRequest', () => {
  it('signs timestamp + method + path + body with HMAC-SHA256', () => {
    const signed = signRequest({
      apiKey: 'k1',
      secret: 's3cret',
      method: 'post',
      path: '/p?q=1',
      body: { a: 1 },
      timestamp: 42,
    });
    expect(signed.body).toBe('{"a":1}');
    expect(signaturePayload(42, 'post', '/p?q=1', signed.body)).toBe('42POST/p?q=1{"a":1}');
    expect(signed.headers['X-FULCRUM-SIGNATURE']).toBe(hmacHex('s3cret', '42POST/p?q=1{"a":1}'));
    expect(signed.headers['content-type']).toBe('application/json');
    // Known answer, so clients in other languages can check themselves.
    expect(hmacHex('key', 'The quick brown fox jumps over the lazy dog')).toBe(
      'f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8',
    );
    const get = signRequest({ apiKey: 'k1', secret: 's', method: 'GET', path: '/p', timestamp: 1 });
    expect(get.body).toBe('');
    expect(get.headers['content-type']).toBeUndefined();
  });
});

describe('SignatureVerifier', () => {
  it('accepts a good signature once and refuses its replay', () => {
    const { verify, sign } = setup();
    const signed = sign();
    expect(verify(signed)).toEqual({ apiKey: 'k1', accountId: 7, canTrade: true });
    expect(codeOf(() => verify(signed))).toBe('401 AUTH_REPLAYED');
    // Upper-case hex is the same signature.
    const upper = {
      ...signed,
      headers: {
        ...signed.headers,
        'X-FULCRUM-SIGNATURE': signed.headers['X-FULCRUM-SIGNATURE']!.toUpperCase(),
      },
    };
    expect(codeOf(() => verify(upper))).toBe('401 AUTH_REPLAYED');
  });

  it('refuses anything that was not signed as sent', () => {
    const { verify, sign } = setup();
    expect(codeOf(() => verify(sign(), 'PUT'))).toBe('401 AUTH_BAD_SIGNATURE');
    expect(codeOf(() => verify(sign(), 'POST', '/x?a=2'))).toBe('401 AUTH_BAD_SIGNATURE');
    expect(codeOf(() => verify({ ...sign(), body: '{"b":3}' }))).toBe('401 AUTH_BAD_SIGNATURE');
    expect(codeOf(() => verify(sign({ secret: 'other' })))).toBe('401 AUTH_BAD_SIGNATURE');
    expect(codeOf(() => verify(sign({ apiKey: 'nope' })))).toBe('401 AUTH_KEY_UNKNOWN');
    const headers = sign().headers;
    const without = (name: string) => ({
      body: '{"b":2}',
      headers: Object.fromEntries(Object.entries(headers).filter(([k]) => k !== name)),
    });
    for (const name of ['X-FULCRUM-APIKEY', 'X-FULCRUM-TIMESTAMP', 'X-FULCRUM-SIGNATURE'])
      expect(codeOf(() => verify(without(name)))).toBe('401 AUTH_MISSING');
    const bad = (name: string, value: string) => ({
      body: '{"b":2}',
      headers: { ...headers, [name]: value },
    });
    expect(codeOf(() => verify(bad('X-FULCRUM-SIGNATURE', 'zz')))).toBe('401 AUTH_BAD_SIGNATURE');
    expect(codeOf(() => verify(bad('X-FULCRUM-SIGNATURE', 'ab'.repeat(33))))).toBe('401 AUTH_BAD_SIGNATURE');
    for (const ts of ['-1', '1.5', '1e6', '', ' 1', '9'.repeat(16)])
      expect(codeOf(() => verify(bad('X-FULCRUM-TIMESTAMP', ts)))).toBe('401 AUTH_TIMESTAMP_INVALID');
  });

  it('takes timestamps within the window either way of the clock, and no further', () => {
    const { verify, sign, clock } = setup(5_000);
    expect(verify(sign({ timestamp: clock.time - 5_000 })).accountId).toBe(7);
    expect(verify(sign({ timestamp: clock.time + 5_000 })).accountId).toBe(7);
    expect(codeOf(() => verify(sign({ timestamp: clock.time - 5_001 })))).toBe(
      '401 AUTH_TIMESTAMP_OUTSIDE_WINDOW',
    );
    expect(codeOf(() => verify(sign({ timestamp: clock.time + 5_001 })))).toBe(
      '401 AUTH_TIMESTAMP_OUTSIDE_WINDOW',
    );
  });

  it('forgets signatures only once they are stale, and bounds how many it remembers', () => {
    const { verify, sign, clock, verifier } = setup(1_000, 3);
    const early = sign({ timestamp: clock.time + 1_000 });
    verify(early);
    clock.time += 1_500;
    // Still inside the window of its timestamp: remembered.
    expect(codeOf(() => verify(early))).toBe('401 AUTH_REPLAYED');
    clock.time += 600;
    expect(codeOf(() => verify(early))).toBe('401 AUTH_TIMESTAMP_OUTSIDE_WINDOW');
    for (let i = 0; i < 3; i++) verify(sign({ body: { i } }));
    expect(verifier.remembered).toBe(3);
    expect(codeOf(() => verify(sign({ body: { i: 9 } })))).toBe('429 RATE_LIMITED');
  });
});

describe('key stores', () => {
  const contract = (name: string, open: () => KeyStore) => {
    it(`${name}: adds, finds, lists and removes keys`, () => {
      const store = open();
      const a = newApiKey(1, 10);
      const b = newApiKey(1, 11, false);
      const c = newApiKey(2, 12);
      for (const r of [a, b, c]) store.add(r);
      expect(store.get(a.apiKey)).toEqual(a);
      expect(store.get(b.apiKey)?.canTrade).toBe(false);
      expect(store.get('missing')).toBeUndefined();
      expect(store.list(1).map((r) => r.apiKey)).toEqual([a.apiKey, b.apiKey]);
      expect(() => store.add(a)).toThrow();
      expect(store.remove(a.apiKey)).toBe(true);
      expect(store.remove(a.apiKey)).toBe(false);
      expect(store.get(a.apiKey)).toBeUndefined();
      store.close();
    });
  };
  contract('memory', () => new MemoryKeyStore());
  contract('sqlite', () => SqliteKeyStore.open(':memory:'));

  it('sqlite: keys survive a reopen and share a file with other tables', () => {
    const path = join(dir, 'exchange.db');
    const other = new Database(path);
    other.exec('CREATE TABLE journal (seq INTEGER PRIMARY KEY)');
    const record = newApiKey(3, 99);
    const shared = SqliteKeyStore.fromDatabase(other);
    shared.add(record);
    shared.close();
    expect(other.open).toBe(true);
    other.close();
    const reopened = SqliteKeyStore.open(path);
    expect(reopened.get(record.apiKey)).toEqual(record);
    reopened.close();
  });
});
