import { parseDate } from '../time.ts';

/** One funding settlement of a history file: its time (ms) and rate per interval. */
export interface FundingPoint {
  readonly time: number;
  readonly rate: number;
}

const TIME_COLUMNS = ['timestamp', 'time', 'date', 'datetime', 'fundingtime', 'funding_time'];
const RATE_COLUMNS = ['funding_rate', 'fundingrate', 'funding rate', 'rate'];

/**
 * A funding history in CSV: a time column (ms or ISO date, UTC unless `utcOffsetHours` says the
 * file is in local time) and a funding rate column, as Binance's /fapi/v1/fundingRate gives them.
 * Throws with the line of the first bad row.
 */
export function parseFundingCsv(text: string, utcOffsetHours = 0): FundingPoint[] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = (lines[0] ?? '').split(',').map((h) =>
    h
      .trim()
      .toLowerCase()
      .replace(/^\ufeff/, ''),
  );
  const t = header.findIndex((h) => TIME_COLUMNS.includes(h));
  const r = header.findIndex((h) => RATE_COLUMNS.includes(h));
  if (t < 0) throw new Error(`no time column (one of ${TIME_COLUMNS.join(', ')})`);
  if (r < 0) throw new Error(`no funding rate column (one of ${RATE_COLUMNS.join(', ')})`);
  const points: FundingPoint[] = [];
  for (let i = 1; i < lines.length; i++) {
    const cells = lines[i]!.split(',');
    const rawTime = (cells[t] ?? '').trim();
    const time = /^\d+$/.test(rawTime) ? Number(rawTime) : parseDate(rawTime);
    const rate = Number((cells[r] ?? '').trim());
    if (time === undefined || !Number.isFinite(time)) throw new Error(`line ${i + 1}: bad time "${rawTime}"`);
    if (!Number.isFinite(rate)) throw new Error(`line ${i + 1}: bad rate "${cells[r] ?? ''}"`);
    const utc = time - utcOffsetHours * 3_600_000;
    const last = points[points.length - 1];
    if (last && utc <= last.time) throw new Error(`line ${i + 1}: time does not increase`);
    points.push({ time: utc, rate });
  }
  if (points.length === 0) throw new Error('no rows');
  return points;
}
