import type { Rejection } from './codes.ts';

export interface Accepted<T> {
  readonly ok: true;
  readonly value: T;
}

/** What a handler returns: the accepted value, or a coded rejection that changed nothing. */
export type Outcome<T> = Accepted<T> | Rejection;

export function accept<T>(value: T): Accepted<T> {
  return { ok: true, value };
}
