import type { FastifyRequest } from 'fastify';
import type { EngineState, PerpMarket } from '@fulcrum/core';
import { B } from './errors.ts';

/**
 * Request parameters as Binance takes them: the query string and an x-www-form-urlencoded body,
 * merged, the query string winning when a name is in both. Values stay strings until a route asks.
 */
export class Params {
  private readonly values = new Map<string, string>();

  constructor(query: string, body: string) {
    for (const [k, v] of new URLSearchParams(body)) if (!this.values.has(k)) this.values.set(k, v);
    // The query string wins: set it last.
    for (const [k, v] of new URLSearchParams(query)) this.values.set(k, v);
  }

  static of(request: FastifyRequest): Params {
    const url = request.url;
    const q = url.indexOf('?');
    return new Params(q < 0 ? '' : url.slice(q + 1), request.rawBody);
  }

  has(name: string): boolean {
    const v = this.values.get(name);
    return v !== undefined && v !== '';
  }

  str(name: string): string | undefined {
    const v = this.values.get(name);
    return v === undefined || v === '' ? undefined : v;
  }

  need(name: string): string {
    const v = this.str(name);
    if (v === undefined) throw B.mandatory(name);
    return v;
  }

  int(name: string, min = 0, max = Number.MAX_SAFE_INTEGER): number | undefined {
    const v = this.str(name);
    if (v === undefined) return undefined;
    if (!/^-?[0-9]{1,16}$/.test(v)) throw B.malformed(name);
    const n = Number(v);
    if (!Number.isSafeInteger(n) || n < min || n > max)
      throw B.invalidParam(name, `Expected an integer in ${min}..${max}.`);
    return n;
  }

  needInt(name: string, min = 0, max = Number.MAX_SAFE_INTEGER): number {
    const n = this.int(name, min, max);
    if (n === undefined) throw B.mandatory(name);
    return n;
  }

  bool(name: string): boolean | undefined {
    const v = this.str(name);
    if (v === undefined) return undefined;
    const lower = v.toLowerCase();
    if (lower === 'true') return true;
    if (lower === 'false') return false;
    throw B.malformed(name);
  }

  oneOf<T extends string>(name: string, allowed: readonly T[]): T | undefined {
    const v = this.str(name);
    if (v === undefined) return undefined;
    if (!(allowed as readonly string[]).includes(v))
      throw B.invalidParam(name, `Allowed: ${allowed.join(', ')}.`);
    return v as T;
  }

  /** `limit` with Binance's default and maximum. */
  limit(fallback: number, max: number): number {
    return this.int('limit', 1, max) ?? Math.min(fallback, max);
  }
}

/** A perpetual by Binance symbol (case-insensitive, as Binance accepts); -1121 otherwise. */
export function perpNamed(state: EngineState, symbol: string): PerpMarket {
  const market = state.venue.marketBySymbol.get(symbol.toUpperCase());
  if (!market || market.kind !== 'perp') throw B.invalidSymbol();
  return market;
}

export function optionalPerp(state: EngineState, params: Params): PerpMarket | undefined {
  const symbol = params.str('symbol');
  return symbol === undefined ? undefined : perpNamed(state, symbol);
}
