import { fx, parseFixed } from './decimal.ts';

/** How safe a lending account is: green above 1.5, amber from 1.1 to 1.5, red below 1.1. */
export type HealthTone = 'safe' | 'warning' | 'danger';

const SAFE_ABOVE = fx('1.5');
const DANGER_BELOW = fx('1.1');
/** The gauge is full at this health factor and beyond. */
const GAUGE_FULL = fx('3');

/**
 * The tone of a health factor sent by the venue (a decimal string), compared exactly. null means
 * no debt (unbounded), which is safe.
 */
export function healthTone(healthFactor: string | null): HealthTone {
  if (healthFactor === null) return 'safe';
  const value = parseFixed(healthFactor);
  if (value === undefined) return 'danger';
  if (value > SAFE_ABOVE) return 'safe';
  if (value < DANGER_BELOW) return 'danger';
  return 'warning';
}

/** How full the gauge is drawn, 0 to 1 (a screen coordinate, not an amount). */
export function healthFill(healthFactor: string | null): number {
  if (healthFactor === null) return 1;
  const value = parseFixed(healthFactor);
  if (value === undefined || value <= 0n) return 0;
  if (value >= GAUGE_FULL) return 1;
  return Number((value * 1000n) / GAUGE_FULL) / 1000;
}
