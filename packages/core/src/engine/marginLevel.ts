import type { MarginAccount, MarginLevelState } from '../account/index.ts';
import type { MarginParams } from '../market/index.ts';
import { levelState, marginLevelPpm, marginTotals } from '../spotMargin/index.ts';
import type { MarginTotals } from '../spotMargin/index.ts';
import type { EngineEvent } from './events.ts';
import { marginByKey, pricing, scopeOf } from './marginState.ts';
import type { EngineState } from './state.ts';

/** Margin level bands: each account's band is re-evaluated after a command touches it, and reported when it moves. */

/** Set the account's band from its totals; emit MarginLevelChanged when it moved. Returns the band. */
export function updateLevel(
  state: EngineState,
  params: MarginParams,
  m: MarginAccount,
  totals: MarginTotals,
  events: EngineEvent[],
): MarginLevelState {
  const next = levelState(totals, params);
  if (next !== m.levelState) {
    m.levelState = next;
    events.push({
      type: 'MarginLevelChanged',
      accountId: m.id,
      ...scopeOf(state, m),
      state: next,
      levelPpm: marginLevelPpm(totals),
    });
  }
  return next;
}

/** At the end of a command: the bands of the margin accounts it touched, in key order. */
export function flushMarginDirty(state: EngineState, events: EngineEvent[]): void {
  if (state.marginDirty.size === 0) return;
  const keys = [...state.marginDirty].sort((a, b) => a - b);
  state.marginDirty.clear();
  const params = state.venue.margin;
  if (!params) return;
  const prices = pricing(state, params);
  for (const key of keys) {
    const m = marginByKey(state, key);
    if (m) updateLevel(state, params, m, marginTotals(m, prices, state.commandTime), events);
  }
}
