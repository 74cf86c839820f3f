import { useCallback, useEffect, useRef, useState } from 'react';
import type { Credentials } from '../api/http.ts';
import type {
  AccountMessage,
  AccountView,
  FillView,
  ForceOrderView,
  IncomeView,
  OrderView,
  PositionView,
} from '../api/types.ts';
import { chartEventFor, fundingByMarket, noticeFor } from '../lib/accountEvents.ts';
import type { ChartEvent, Notice } from '../lib/accountEvents.ts';
import { useVenue } from './venue.tsx';

export interface AccountData {
  readonly account: AccountView | undefined;
  readonly positions: readonly PositionView[];
  readonly openOrders: readonly OrderView[];
  readonly orderHistory: readonly OrderView[];
  readonly fills: readonly FillView[];
  /** Undefined when the venue has no income history. */
  readonly income: readonly IncomeView[] | undefined;
  /** ADL quantile by `market|positionSide`. */
  readonly adl: ReadonlyMap<string, number>;
  /** Funding received (+) or paid (-) per market, from the income history. */
  readonly funding: ReadonlyMap<string, string>;
  readonly chartEvents: readonly ChartEvent[];
  refresh(): void;
}

const empty: AccountData = {
  account: undefined,
  positions: [],
  openOrders: [],
  orderHistory: [],
  fills: [],
  income: undefined,
  adl: new Map(),
  funding: new Map(),
  chartEvents: [],
  refresh: () => undefined,
};

interface AdlRow {
  readonly symbol: string;
  readonly adlQuantile: Readonly<Record<string, number>>;
}

/**
 * The logged-in account, kept current: positions and balances from the account channel, lists
 * re-read after each of its events, and positions re-read every few seconds as marks move.
 */
export function useAccount(
  credentials: Credentials | undefined,
  accountId: number | undefined,
  onNotice: (notice: Omit<Notice, 'id'>) => void,
): AccountData {
  const { api, socket, clock, features } = useVenue();
  const [data, setData] = useState<AccountData>(empty);
  const noticeRef = useRef(onNotice);
  useEffect(() => {
    noticeRef.current = onNotice;
  }, [onNotice]);
  const binance = features?.binance === true;

  const refreshRef = useRef<() => void>(() => undefined);

  useEffect(() => {
    setData(empty);
    if (!credentials || accountId === undefined) return;
    let cancelled = false;
    const since = clock.now();
    const patch = (p: Partial<AccountData>) => {
      if (!cancelled) setData((old) => ({ ...old, ...p }));
    };
    const signed = <T,>(path: string, query?: Record<string, string | number>) =>
      api.signed<T>(credentials, 'GET', path, query ? { query } : {});
    const quiet = () => undefined;

    const loadPositions = () =>
      signed<PositionView[]>('/api/v1/positions')
        .then((positions) => patch({ positions }))
        .catch(quiet);
    const loadAccount = () =>
      signed<AccountView>('/api/v1/account')
        .then((account) => patch({ account }))
        .catch(quiet);
    const loadLists = () =>
      Promise.all([
        signed<OrderView[]>('/api/v1/orders/open').then((openOrders) => patch({ openOrders })),
        signed<OrderView[]>('/api/v1/orders/history', { limit: 100 }).then((orderHistory) =>
          patch({ orderHistory }),
        ),
        signed<FillView[]>('/api/v1/fills', { limit: 100 }).then((fills) => {
          const marks = fills.map((f): ChartEvent => ({
            kind: 'fill',
            market: f.market,
            side: f.side,
            price: f.price,
            time: f.time,
            key: `t${f.tradeId}`,
          }));
          if (!cancelled) setData((old) => ({ ...old, fills, chartEvents: merge(old.chartEvents, marks) }));
        }),
      ]).catch(quiet);
    const loadBinance = () => {
      if (!binance) return Promise.resolve();
      return Promise.all([
        api.binance<IncomeView[]>(credentials, '/fapi/v1/income', { limit: 200 }).then((rows) => {
          const income = [...rows].reverse();
          patch({ income, funding: fundingByMarket(income) });
        }),
        api.binance<AdlRow[]>(credentials, '/fapi/v1/adlQuantile').then((rows) => {
          const adl = new Map<string, number>();
          for (const r of rows)
            for (const [side, q] of Object.entries(r.adlQuantile)) adl.set(`${r.symbol}|${side}`, q);
          patch({ adl });
        }),
        api.binance<ForceOrderView[]>(credentials, '/fapi/v1/forceOrders', { limit: 50 }).then((orders) => {
          // Later ones arrive live as events; these fill in what happened before the page opened.
          const history: ChartEvent[] = orders
            .filter((o) => o.updateTime < since)
            .map((o) => ({
              kind: o.clientOrderId.startsWith('adl') ? 'adl' : 'liquidation',
              market: o.symbol,
              side: o.side,
              price: o.avgPrice,
              time: o.updateTime,
              key: `f${o.orderId}`,
            }));
          if (cancelled) return;
          setData((old) => ({ ...old, chartEvents: merge(old.chartEvents, history) }));
        }),
      ]).catch(quiet);
    };
    const all = () => Promise.all([loadPositions(), loadAccount(), loadLists(), loadBinance()]);
    void all();

    // Many events come in bursts (a fill is several): re-read once the burst is over.
    let pending: ReturnType<typeof setTimeout> | undefined;
    const soon = () => {
      clearTimeout(pending);
      pending = setTimeout(() => void Promise.all([loadAccount(), loadLists(), loadBinance()]), 150);
    };
    refreshRef.current = () => void all();

    const off = socket.subscribe('account', (message) => {
      const m = message as unknown as AccountMessage;
      if ('type' in m && m.type === 'positions') {
        patch({ positions: m.data });
        return;
      }
      if (!('event' in m)) return;
      const notice = noticeFor(m.event, accountId);
      if (notice) noticeRef.current(notice);
      const mark = chartEventFor(m.event, accountId, clock.now(), m.seq);
      if (mark && !cancelled) setData((old) => ({ ...old, chartEvents: merge(old.chartEvents, [mark]) }));
      soon();
    });
    const fast = setInterval(() => void Promise.all([loadPositions(), loadAccount()]), 2_000);
    const slow = setInterval(() => void loadBinance(), 10_000);
    return () => {
      cancelled = true;
      clearTimeout(pending);
      clearInterval(fast);
      clearInterval(slow);
      off();
      refreshRef.current = () => undefined;
    };
  }, [api, socket, clock, credentials, accountId, binance]);

  const refresh = useCallback(() => refreshRef.current(), []);
  return { ...data, refresh };
}

/** Chart events without duplicates, oldest first, at most 500. */
function merge(old: readonly ChartEvent[], more: readonly ChartEvent[]): ChartEvent[] {
  const byKey = new Map(old.map((e) => [e.key, e]));
  for (const e of more) byKey.set(e.key, e);
  return [...byKey.values()].sort((a, b) => a.time - b.time).slice(-500);
}
