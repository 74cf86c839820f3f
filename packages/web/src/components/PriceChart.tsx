import {
  CandlestickSeries,
  ColorType,
  CrosshairMode,
  HistogramSeries,
  LineSeries,
  LineStyle,
  createChart,
  createSeriesMarkers,
} from 'lightweight-charts';
import type {
  AutoscaleInfo,
  IChartApi,
  IPriceLine,
  ISeriesApi,
  ISeriesMarkersPluginApi,
  SeriesMarker,
  Time,
  UTCTimestamp,
} from 'lightweight-charts';
import { useEffect, useRef, useState } from 'react';
import type { MarketInfo, TradeMessage } from '../api/types.ts';
import type { ChartEvent } from '../lib/accountEvents.ts';
import { useVenue } from '../hooks/venue.tsx';
import { INTERVALS, bucketOf, chartTime, foldTrade } from '../lib/candles.ts';
import type { CandleView, Interval } from '../lib/candles.ts';
import { chartNumber, compareText, decimalsOf } from '../lib/decimal.ts';
import { Segmented } from './common.tsx';

/** Entry, liquidation and break-even of the open position in this market, as the API gives them. */
export interface PositionLines {
  readonly entry?: string | undefined;
  readonly liquidation?: string | null | undefined;
  readonly breakEven?: string | undefined;
}

const COLORS = {
  up: '#20c997',
  down: '#f0506e',
  text: '#9aa4b2',
  grid: '#1c222b',
  mark: '#f5a524',
  entry: '#6ea8fe',
  breakEven: '#c6a0f6',
  liquidation: '#ff7b39',
};

interface Parts {
  readonly chart: IChartApi;
  readonly candles: ISeriesApi<'Candlestick'>;
  readonly volume: ISeriesApi<'Histogram'>;
  readonly mark: ISeriesApi<'Line'>;
  readonly markers: ISeriesMarkersPluginApi<Time>;
  readonly lines: Map<string, IPriceLine>;
}

const ts = (ms: number): UTCTimestamp => chartTime(ms) as UTCTimestamp;

const bar = (c: CandleView) => ({
  time: ts(c.openTime),
  open: chartNumber(c.open),
  high: chartNumber(c.high),
  low: chartNumber(c.low),
  close: chartNumber(c.close),
});

const volumeBar = (c: CandleView) => ({
  time: ts(c.openTime),
  value: chartNumber(c.volume),
  color: compareText(c.close, c.open) >= 0 ? `${COLORS.up}66` : `${COLORS.down}66`,
});

function marker(e: ChartEvent, intervalMs: number): SeriesMarker<Time> {
  const time = ts(bucketOf(e.time, intervalMs));
  if (e.kind === 'liquidation')
    return { time, position: 'aboveBar', shape: 'square', color: COLORS.liquidation, text: 'Liq' };
  if (e.kind === 'adl')
    return { time, position: 'aboveBar', shape: 'circle', color: COLORS.mark, text: 'ADL' };
  return e.side === 'BUY'
    ? { time, position: 'belowBar', shape: 'arrowUp', color: COLORS.up, text: 'B' }
    : { time, position: 'aboveBar', shape: 'arrowDown', color: COLORS.down, text: 'S' };
}

/**
 * Candles and volume from GET /candles, kept live from the trades channel; the mark price as a line;
 * the open position's entry, break-even and liquidation prices as lines; the account's fills,
 * liquidations and ADL as markers.
 */
export function PriceChart({
  market,
  quoteDecimals,
  markPrice,
  lines,
  events,
}: {
  market: MarketInfo;
  quoteDecimals: number;
  markPrice: string | null;
  lines: PositionLines;
  events: readonly ChartEvent[];
}) {
  const { api, socket, clock } = useVenue();
  const [interval, setIntervalName] = useState<Interval>('1m');
  const box = useRef<HTMLDivElement>(null);
  const parts = useRef<Parts | undefined>(undefined);
  const linePrices = useRef<number[]>([]);
  // Raw mark samples, re-bucketed when the interval changes.
  const marks = useRef<{ time: number; value: number }[]>([]);
  const markSymbol = useRef<string | undefined>(undefined);
  const intervalMs = INTERVALS[interval];
  const [empty, setEmpty] = useState(false);

  useEffect(() => {
    const chart = createChart(box.current!, {
      autoSize: true,
      layout: {
        background: { type: ColorType.Solid, color: 'transparent' },
        textColor: COLORS.text,
        fontSize: 11,
      },
      grid: { vertLines: { color: COLORS.grid }, horzLines: { color: COLORS.grid } },
      timeScale: { timeVisible: true, secondsVisible: false, borderColor: COLORS.grid, rightOffset: 6 },
      rightPriceScale: { borderColor: COLORS.grid },
      crosshair: { mode: CrosshairMode.Normal },
    });
    const candles = chart.addSeries(CandlestickSeries, {
      upColor: COLORS.up,
      downColor: COLORS.down,
      wickUpColor: COLORS.up,
      wickDownColor: COLORS.down,
      borderVisible: false,
    });
    const volume = chart.addSeries(HistogramSeries, {
      priceFormat: { type: 'volume' },
      priceScaleId: '',
      lastValueVisible: false,
      priceLineVisible: false,
    });
    volume.priceScale().applyOptions({ scaleMargins: { top: 0.82, bottom: 0 } });
    const mark = chart.addSeries(LineSeries, {
      color: COLORS.mark,
      lineWidth: 1,
      lineStyle: LineStyle.Dotted,
      title: 'Mark',
      lastValueVisible: true,
      priceLineVisible: false,
      crosshairMarkerVisible: false,
      // Keep the position's lines (a liquidation price well below) inside the visible range.
      autoscaleInfoProvider: (original: () => AutoscaleInfo | null) => {
        const base = original();
        if (!base?.priceRange) return base;
        const { minValue, maxValue } = base.priceRange;
        // Only lines near the action: a far-away liquidation price would flatten the candles.
        const near = linePrices.current.filter((p) => p > minValue * 0.8 && p < maxValue * 1.2);
        if (near.length === 0) return base;
        return {
          ...base,
          priceRange: { minValue: Math.min(minValue, ...near), maxValue: Math.max(maxValue, ...near) },
        };
      },
    });
    parts.current = {
      chart,
      candles,
      volume,
      mark,
      markers: createSeriesMarkers(candles, []),
      lines: new Map(),
    };
    return () => {
      parts.current = undefined;
      chart.remove();
    };
  }, []);

  // Candles of the market and interval, then live trades folded into the newest one.
  useEffect(() => {
    const p = parts.current;
    if (!p) return;
    const precision = decimalsOf(market.tickSize);
    const format = { type: 'price' as const, precision, minMove: chartNumber(market.tickSize) };
    p.candles.applyOptions({ priceFormat: format });
    p.mark.applyOptions({ priceFormat: format });
    p.candles.setData([]);
    p.volume.setData([]);
    // Another market's mark samples mean nothing here; another interval only re-buckets them.
    if (markSymbol.current !== market.symbol) marks.current = [];
    markSymbol.current = market.symbol;
    p.mark.setData(rebucket(marks.current, intervalMs));
    let last: CandleView | undefined;
    let cancelled = false;
    const queued: TradeMessage['data'][] = [];
    const fold = (trade: TradeMessage['data']) => {
      if (last && trade.time < last.openTime) return;
      setEmpty(false);
      last = foldTrade(last, trade, intervalMs, market.lotSize, quoteDecimals);
      p.candles.update(bar(last));
      p.volume.update(volumeBar(last));
    };
    let loaded = false;
    api
      .get<CandleView[]>('/api/v1/candles', { market: market.symbol, interval, limit: 500 })
      .then((history) => {
        if (cancelled) return;
        p.candles.setData(history.map(bar));
        setEmpty(history.length === 0);
        p.volume.setData(history.map(volumeBar));
        last = history.at(-1);
        loaded = true;
        // Trades that arrived while loading: only those after the history (earlier ones are in it).
        for (const t of queued) if (!last || t.time > last.closeTime) fold(t);
      })
      .catch(() => undefined);
    const off = socket.subscribe(`trades:${market.symbol}`, (message) => {
      const { data } = message as unknown as TradeMessage;
      if (loaded) fold(data);
      else queued.push(data);
    });
    return () => {
      cancelled = true;
      off();
    };
  }, [api, socket, market.symbol, market.tickSize, market.lotSize, interval, intervalMs, quoteDecimals]);

  // The mark as a line with one point per candle interval (the time axis is shared).
  useEffect(() => {
    const p = parts.current;
    if (!p || markPrice === null) return;
    const sample = { time: clock.now(), value: chartNumber(markPrice) };
    const lastSample = marks.current.at(-1);
    if (lastSample && sample.time < lastSample.time) return;
    marks.current.push(sample);
    if (marks.current.length > 5_000) marks.current.splice(0, 1_000);
    p.mark.update({ time: ts(bucketOf(sample.time, intervalMs)), value: sample.value });
  }, [markPrice, clock, intervalMs]);

  // Entry, break-even and liquidation lines of the position.
  useEffect(() => {
    const p = parts.current;
    if (!p) return;
    const wanted: [string, string | null | undefined, string][] = [
      ['Entry', lines.entry, COLORS.entry],
      ['Break-even', lines.breakEven, COLORS.breakEven],
      ['Liq.', lines.liquidation, COLORS.liquidation],
    ];
    const prices: number[] = [];
    for (const [title, price, color] of wanted) {
      const existing = p.lines.get(title);
      if (price === undefined || price === null) {
        if (existing) p.mark.removePriceLine(existing);
        p.lines.delete(title);
        continue;
      }
      const value = chartNumber(price);
      prices.push(value);
      if (existing) existing.applyOptions({ price: value });
      else
        p.lines.set(
          title,
          p.mark.createPriceLine({
            price: value,
            color,
            title,
            lineWidth: 1,
            lineStyle: LineStyle.Dashed,
            axisLabelVisible: true,
          }),
        );
    }
    linePrices.current = prices;
  }, [lines.entry, lines.breakEven, lines.liquidation]);

  useEffect(() => {
    parts.current?.markers.setMarkers(events.map((e) => marker(e, intervalMs)));
  }, [events, intervalMs]);

  return (
    <div className="chart-wrap">
      <div className="chart-toolbar">
        <Segmented
          label="Candle interval"
          value={interval}
          onChange={setIntervalName}
          options={Object.keys(INTERVALS).map((k) => ({ value: k as Interval, label: k }))}
        />
        {market.kind === 'PERPETUAL' && (
          <span className="legend">
            <i style={{ background: COLORS.mark }} /> Mark <i style={{ background: COLORS.entry }} /> Entry{' '}
            <i style={{ background: COLORS.breakEven }} /> Break-even{' '}
            <i style={{ background: COLORS.liquidation }} /> Liq.
          </span>
        )}
      </div>
      <div className="chart" ref={box} data-testid="chart">
        {empty && (
          <p className="chart-empty muted">No trades in this market yet: candles start with the first one.</p>
        )}
      </div>
    </div>
  );
}

/** The last sample of each interval: the line's points for that interval. */
function rebucket(samples: readonly { time: number; value: number }[], intervalMs: number) {
  const out: { time: UTCTimestamp; value: number }[] = [];
  for (const s of samples) {
    const time = ts(bucketOf(s.time, intervalMs));
    if (out.at(-1)?.time === time) out[out.length - 1] = { time, value: s.value };
    else out.push({ time, value: s.value });
  }
  return out;
}
