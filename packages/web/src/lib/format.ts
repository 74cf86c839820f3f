import { percentText, signOf } from './decimal.ts';

/** Display helpers. Amounts are shown as the API wrote them; only times and colours are derived here. */

const two = (n: number): string => String(n).padStart(2, '0');

/** HH:MM:SS in UTC, as the chart's axis shows times. */
export function clockText(ms: number): string {
  const d = new Date(ms);
  return `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
}

/** YYYY-MM-DD HH:MM:SS UTC. */
export function dateTimeText(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())} ${clockText(ms)}`;
}

/** Time left as H:MM:SS (never negative). */
export function countdownText(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  return `${Math.floor(s / 3600)}:${two(Math.floor((s % 3600) / 60))}:${two(s % 60)}`;
}

/** 'up', 'down' or '' for a signed decimal string: the colour class of a PnL or change. */
export function toneOf(text: string | null | undefined): 'up' | 'down' | '' {
  const s = signOf(text);
  return s > 0 ? 'up' : s < 0 ? 'down' : '';
}

/** A signed decimal with an explicit plus, so gains and losses read alike. */
export function signedText(text: string): string {
  return signOf(text) > 0 && !text.startsWith('+') ? `+${text}` : text;
}

/** Drop the sign of a decimal string (sizes of shorts are shown with a side label instead). */
export const unsigned = (text: string): string => (text.startsWith('-') ? text.slice(1) : text);

/** A signed fraction as a percentage with an explicit plus: '0.0125' -> '+1.25%'. */
export function signedPercent(fraction: string | null | undefined): string {
  const text = percentText(fraction);
  return signOf(fraction) > 0 ? `+${text}` : text;
}
