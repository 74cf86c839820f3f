import type { Command, UnstampedCommand } from '@fulcrum/core';
import type { Committed, ExchangeApi } from '@fulcrum/runtime';
import { ApiCode, ApiError, rejected } from '../errors.ts';

type CommittedOf<C extends UnstampedCommand> = Committed<Extract<Command, { type: C['type'] }>>;
type AcceptedValue<R> = R extends { readonly ok: true; readonly value: infer V } ? V : never;

export interface Accepted<C extends UnstampedCommand> {
  readonly committed: CommittedOf<C>;
  readonly value: AcceptedValue<CommittedOf<C>['result']>;
}

/** Submit a command and wait until it is durable; an engine rejection becomes a 400 (404 for orders). */
export async function submit<C extends UnstampedCommand>(
  exchange: ExchangeApi,
  command: C,
): Promise<Accepted<C>> {
  let committed: CommittedOf<C>;
  try {
    committed = await exchange.submit(command);
  } catch (error) {
    // Closing, or stopped by a failure: nothing more is taken, and the cause is the operator's.
    throw new ApiError(503, ApiCode.Unavailable, 'the exchange is not taking commands', { cause: error });
  }
  const result = committed.result;
  if (!result.ok) throw rejected(result);
  return { committed, value: result.value as AcceptedValue<CommittedOf<C>['result']> };
}
