import { AreaSeries, ColorType, createChart } from 'lightweight-charts';
import type { UTCTimestamp } from 'lightweight-charts';
import { useEffect, useRef, useState } from 'react';
import { useVenue } from '../hooks/venue.tsx';
import { chartNumber } from '../lib/decimal.ts';
import { Panel } from './common.tsx';

/** A point of the insurance fund's history, as the venue may list it. */
interface FundPoint {
  readonly time: number;
  readonly asset: string;
  readonly balance: string;
}

/** The venue answers `{ balances, history }`; each history line has the balance after it. */
function points(value: unknown): FundPoint[] {
  const history =
    typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)['history']
      : value;
  if (!Array.isArray(history)) return [];
  return history.flatMap((r: unknown) => {
    if (typeof r !== 'object' || r === null) return [];
    const { time, asset, balance } = r as Record<string, unknown>;
    return typeof time === 'number' && typeof balance === 'string'
      ? [{ time, asset: typeof asset === 'string' ? asset : '', balance }]
      : [];
  });
}

/** The insurance fund's balance over time; shown only when the venue publishes it. */
export function InsuranceChart() {
  const { api } = useVenue();
  const box = useRef<HTMLDivElement>(null);
  const [history, setHistory] = useState<FundPoint[]>([]);
  useEffect(() => {
    let cancelled = false;
    const load = () =>
      api
        .get<unknown>('/api/v1/insurance')
        .then((v) => !cancelled && setHistory(points(v)))
        .catch(() => undefined);
    void load();
    const timer = setInterval(() => void load(), 10_000);
    return () => {
      cancelled = true;
      clearInterval(timer);
    };
  }, [api]);
  const asset = history[0]?.asset ?? '';
  useEffect(() => {
    if (!box.current || history.length === 0) return;
    const chart = createChart(box.current, {
      autoSize: true,
      layout: { background: { type: ColorType.Solid, color: 'transparent' }, textColor: '#9aa4b2' },
      grid: { vertLines: { visible: false }, horzLines: { color: '#1c222b' } },
      timeScale: { timeVisible: true },
    });
    const series = chart.addSeries(AreaSeries, {
      lineColor: '#6ea8fe',
      topColor: '#6ea8fe44',
      bottomColor: '#6ea8fe00',
    });
    // One point per second of the time axis: the last balance of that second.
    const bySecond = new Map<number, number>();
    for (const p of history.filter((p) => p.asset === asset))
      bySecond.set(Math.floor(p.time / 1000), chartNumber(p.balance));
    series.setData(
      [...bySecond].sort((a, b) => a[0] - b[0]).map(([t, v]) => ({ time: t as UTCTimestamp, value: v })),
    );
    chart.timeScale().fitContent();
    return () => chart.remove();
  }, [history, asset]);
  if (history.length === 0) return null;
  return (
    <Panel title={`Insurance fund (${asset}): ${history.at(-1)?.balance ?? ''}`} className="insurance-panel">
      <div className="small-chart" ref={box} />
    </Panel>
  );
}
