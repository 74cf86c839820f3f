import { useCallback, useEffect, useRef, useState } from 'react';
import type { MarkMessage, MarketInfo, PriceView, TradeMessage, TradeView } from '../api/types.ts';
import { LocalBook } from '../lib/book.ts';
import type { BookMessage, Level } from '../lib/book.ts';
import { dayStats, foldTrade } from '../lib/candles.ts';
import type { CandleView, DayStats } from '../lib/candles.ts';
import { useVenue } from './venue.tsx';

/** Live market data hooks: each subscribes to the channel it needs and lets go on unmount. */

export interface BookState {
  readonly ready: boolean;
  readonly bids: readonly Level[];
  readonly asks: readonly Level[];
}

/** Run `fn` at most once per animation frame: books can change many times a second. */
function useFrameThrottle(): (fn: () => void) => void {
  const pending = useRef<(() => void) | undefined>(undefined);
  useEffect(() => () => void (pending.current = undefined), []);
  return useCallback((fn: () => void) => {
    const first = pending.current === undefined;
    pending.current = fn;
    if (!first) return;
    requestAnimationFrame(() => {
      const run = pending.current;
      pending.current = undefined;
      run?.();
    });
  }, []);
}

export function useBook(market: string, depth: number): BookState {
  const { socket } = useVenue();
  const [state, setState] = useState<BookState>({ ready: false, bids: [], asks: [] });
  const throttle = useFrameThrottle();
  useEffect(() => {
    const book = new LocalBook();
    setState({ ready: false, bids: [], asks: [] });
    const channel = `book:${market}`;
    const off = socket.subscribe(channel, (message) => {
      const outcome = book.apply(message as unknown as BookMessage);
      // A missed diff: the only safe way on is a fresh snapshot.
      if (outcome === 'gap') socket.resubscribe(channel);
      if (outcome !== 'applied') return;
      throttle(() =>
        setState({ ready: true, bids: book.levels('bids', depth), asks: book.levels('asks', depth) }),
      );
    });
    return off;
  }, [socket, market, depth, throttle]);
  return state;
}

const TRADES_KEPT = 60;

export function useTrades(market: string): readonly TradeView[] {
  const { socket, api } = useVenue();
  const [trades, setTrades] = useState<readonly TradeView[]>([]);
  useEffect(() => {
    let live: TradeView[] = [];
    let cancelled = false;
    setTrades([]);
    api
      .get<TradeView[]>('/api/v1/trades', { market, limit: TRADES_KEPT })
      .then((recent) => {
        if (cancelled) return;
        // Keep what arrived live meanwhile; ids tell the two apart.
        const seen = new Set(live.map((t) => t.id));
        live = [...live, ...recent.filter((t) => !seen.has(t.id))].slice(0, TRADES_KEPT);
        setTrades(live);
      })
      .catch(() => undefined);
    const off = socket.subscribe(`trades:${market}`, (message) => {
      const { data } = message as unknown as TradeMessage;
      live = [
        { id: data.tradeId, price: data.price, qty: data.qty, takerSide: data.takerSide, time: data.time },
        ...live,
      ].slice(0, TRADES_KEPT);
      setTrades(live);
    });
    return () => {
      cancelled = true;
      off();
    };
  }, [socket, api, market]);
  return trades;
}

export interface MarkInfo {
  readonly indexPrice: string | null;
  readonly markPrice: string | null;
  readonly lastPrice: string | null;
  readonly fundingRate: string | null;
  readonly nextFundingTime: number | undefined;
}

const noMark: MarkInfo = {
  indexPrice: null,
  markPrice: null,
  lastPrice: null,
  fundingRate: null,
  nextFundingTime: undefined,
};

/** Index, mark, funding (perpetuals) and the last trade price, from /prices then the live channels. */
export function useMarkInfo(market: MarketInfo): MarkInfo {
  const { socket, api } = useVenue();
  const [info, setInfo] = useState<MarkInfo>(noMark);
  const symbol = market.symbol;
  const perp = market.kind === 'PERPETUAL';
  useEffect(() => {
    setInfo(noMark);
    let cancelled = false;
    if (perp) {
      api
        .get<PriceView[]>('/api/v1/prices', { market: symbol })
        .then(([p]) => {
          if (cancelled || !p) return;
          setInfo((old) => ({
            indexPrice: old.indexPrice ?? p.indexPrice,
            markPrice: old.markPrice ?? p.markPrice,
            lastPrice: old.lastPrice ?? p.lastPrice,
            fundingRate: old.fundingRate ?? p.lastFundingRate,
            nextFundingTime: old.nextFundingTime ?? p.nextFundingTime,
          }));
        })
        .catch(() => undefined);
    } else {
      api
        .get<TradeView[]>('/api/v1/trades', { market: symbol, limit: 1 })
        .then(([t]) => !cancelled && t && setInfo((old) => ({ ...old, lastPrice: old.lastPrice ?? t.price })))
        .catch(() => undefined);
    }
    const offs = [
      socket.subscribe(`trades:${symbol}`, (message) => {
        const { data } = message as unknown as TradeMessage;
        setInfo((old) => ({ ...old, lastPrice: data.price }));
      }),
    ];
    if (perp) {
      offs.push(
        socket.subscribe(`mark:${symbol}`, (message) => {
          const { data } = message as unknown as MarkMessage;
          if (data.type === 'MarkPrice') {
            setInfo((old) => ({
              ...old,
              indexPrice: data.index ?? old.indexPrice,
              markPrice: data.mark ?? old.markPrice,
              nextFundingTime: data.nextFundingTime ?? old.nextFundingTime,
            }));
          } else if (data.rate !== undefined) {
            setInfo((old) => ({ ...old, fundingRate: data.rate ?? old.fundingRate }));
          }
        }),
      );
    }
    return () => {
      cancelled = true;
      for (const off of offs) off();
    };
  }, [socket, api, symbol, perp]);
  return info;
}

/** 24h figures from hourly candles, refreshed now and then and kept current by live trades. */
export function useDayStats(market: MarketInfo, quoteDecimals: number): DayStats | undefined {
  const { socket, api, clock } = useVenue();
  const [candles, setCandles] = useState<readonly CandleView[]>([]);
  const { symbol, lotSize, tickSize } = market;
  useEffect(() => {
    let cancelled = false;
    setCandles([]);
    const load = () =>
      api
        .get<CandleView[]>('/api/v1/candles', { market: symbol, interval: '1h', limit: 25 })
        .then((c) => !cancelled && setCandles(c))
        .catch(() => undefined);
    void load();
    const timer = setInterval(() => void load(), 60_000);
    const off = socket.subscribe(`trades:${symbol}`, (message) => {
      const { data } = message as unknown as TradeMessage;
      setCandles((old) => {
        const last = old.at(-1);
        const next = foldTrade(last, data, 3_600_000, lotSize, quoteDecimals);
        return last && last.openTime === next.openTime ? [...old.slice(0, -1), next] : [...old, next];
      });
    });
    return () => {
      cancelled = true;
      clearInterval(timer);
      off();
    };
  }, [socket, api, symbol, lotSize, quoteDecimals]);
  return dayStats(candles, clock.now(), tickSize, lotSize);
}

/** Open interest from the Binance-compatible API when the venue offers it. */
export function useOpenInterest(market: MarketInfo, available: boolean): string | undefined {
  const { api } = useVenue();
  const [value, setValue] = useState<string>();
  const { symbol } = market;
  const perp = market.kind === 'PERPETUAL';
  useEffect(() => {
    setValue(undefined);
    if (!available || !perp) return;
    let cancelled = false;
    const load = () =>
      api
        .get<{ openInterest: string }>('/fapi/v1/openInterest', { symbol })
        .then((r) => !cancelled && setValue(r.openInterest))
        .catch(() => undefined);
    void load();
    const timer = setInterval(() => void load(), 5_000);
    return () => {
      cancelled = true;
      clearInterval(timer);
    };
  }, [api, symbol, perp, available]);
  return value;
}

/** A value that re-renders every `ms` (for countdowns). */
export function useTick(ms: number): number {
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setTick((t) => t + 1), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return tick;
}
