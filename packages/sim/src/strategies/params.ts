import type { z } from 'zod';
import type { Market, Venue } from '@fulcrum/core';
import { ParamError, ScenarioError, zodIssues } from '../scenario/errors.ts';
import type { Rng } from '../random.ts';

/** Params through a zod schema; problems come back as a ScenarioError with paths inside params. */
export function parseWith<S extends z.ZodType>(schema: S, params: unknown): z.infer<S> {
  const parsed = schema.safeParse(params ?? {});
  if (!parsed.success) throw new ScenarioError(zodIssues(parsed.error));
  return parsed.data;
}

/** The market a param names, of the kind the strategy needs. */
export function marketParam(venue: Venue, symbol: string, path: string, kind?: 'spot' | 'perp'): Market {
  const m = venue.marketBySymbol.get(symbol);
  if (!m) {
    const listed = venue.markets.map((x) => x.symbol).join(', ');
    throw new ParamError(path, `no market ${symbol} in the venue (it lists ${listed})`);
  }
  if (kind && m.kind !== kind)
    throw new ParamError(
      path,
      `${symbol} is a ${m.kind === 'perp' ? 'perpetual' : 'spot pair'}, not a ${kind === 'perp' ? 'perpetual' : 'spot pair'}`,
    );
  return m;
}

/** A number or a [min, max] range: one agent's draw (whole numbers with `integer`). */
export function draw(value: number | readonly [number, number], random: Rng, integer = false): number {
  if (typeof value === 'number') return value;
  const [lo, hi] = value;
  return integer ? random.int(Math.ceil(lo), Math.floor(hi)) : random.between(lo, hi);
}
