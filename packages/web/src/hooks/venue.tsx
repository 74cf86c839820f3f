import { createContext, useContext, useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { ServerClock } from '../api/clock.ts';
import { ApiClient, ApiError } from '../api/http.ts';
import { VenueSocket } from '../api/socket.ts';
import type { SocketStatus } from '../api/socket.ts';
import type { MarketsView } from '../api/types.ts';

/** Optional parts of the venue, found by asking for them: the screen shows what exists. */
export interface Features {
  /** The Binance-compatible API (open interest, income, ADL quantiles, liquidation history). */
  readonly binance: boolean;
  readonly spotMargin: boolean;
  /** The route listing lending pools, if the venue has one. */
  readonly lendingPath: string | undefined;
  /** The native lending pool routes (reserves, account, supply, borrow...). */
  readonly nativeLending: boolean;
  readonly insurance: boolean;
}

/** Routes the optional panels read; a 404 means the venue does not offer them. */
export const OPTIONAL_ROUTES = {
  binance: '/fapi/v1/time',
  spotMargin: '/api/v1/margin/account',
  lending: ['/api/v1/lending/pools', '/api/v1/margin/pools'],
  nativeLending: '/api/v1/lending/reserves',
  insurance: '/api/v1/insurance',
} as const;

export interface Venue {
  readonly api: ApiClient;
  readonly socket: VenueSocket;
  readonly clock: ServerClock;
  readonly markets: MarketsView | undefined;
  readonly features: Features | undefined;
  readonly status: SocketStatus;
  readonly loadError: ApiError | undefined;
}

const VenueContext = createContext<Venue | undefined>(undefined);

export function useVenue(): Venue {
  const venue = useContext(VenueContext);
  if (!venue) throw new Error('useVenue outside VenueProvider');
  return venue;
}

const socketUrl = (): string =>
  `${window.location.protocol === 'https:' ? 'wss' : 'ws'}://${window.location.host}/ws`;

async function probeFeatures(api: ApiClient): Promise<Features> {
  const [binance, spotMargin, insurance, nativeLending, ...lending] = await Promise.all([
    api.has(OPTIONAL_ROUTES.binance),
    api.has(OPTIONAL_ROUTES.spotMargin),
    api.has(OPTIONAL_ROUTES.insurance),
    api.has(OPTIONAL_ROUTES.nativeLending),
    ...OPTIONAL_ROUTES.lending.map((path) => api.has(path)),
  ]);
  const lendingPath = OPTIONAL_ROUTES.lending.find((_, i) => lending[i] === true);
  return { binance, spotMargin, insurance, lendingPath, nativeLending };
}

/** One API client, clock and socket for the page; markets and optional features loaded once. */
export function VenueProvider({ children }: { children: ReactNode }) {
  const core = useMemo(() => {
    const clock = new ServerClock();
    return {
      clock,
      api: new ApiClient('', clock),
      socket: new VenueSocket(socketUrl(), (url) => new WebSocket(url)),
    };
  }, []);
  const [markets, setMarkets] = useState<MarketsView>();
  const [features, setFeatures] = useState<Features>();
  const [status, setStatus] = useState<SocketStatus>('connecting');
  const [loadError, setLoadError] = useState<ApiError>();

  useEffect(() => {
    const { api, socket } = core;
    const off = socket.on('status', setStatus);
    socket.start();
    let cancelled = false;
    const load = async () => {
      try {
        const [m] = await Promise.all([api.get<MarketsView>('/api/v1/markets'), api.syncClock()]);
        if (cancelled) return;
        setMarkets(m);
        setLoadError(undefined);
        setFeatures(await probeFeatures(api));
      } catch (error) {
        if (cancelled) return;
        setLoadError(error instanceof ApiError ? error : new ApiError(0, 'LOAD', String(error)));
        setTimeout(() => void load(), 2_000);
      }
    };
    void load();
    // The clock may be sped up or slowed down at any time: keep learning its offset and rate.
    const sync = setInterval(() => void api.syncClock().catch(() => undefined), 3_000);
    return () => {
      cancelled = true;
      off();
      clearInterval(sync);
      socket.stop();
    };
  }, [core]);

  const value = useMemo<Venue>(
    () => ({ ...core, markets, features, status, loadError }),
    [core, markets, features, status, loadError],
  );
  return <VenueContext.Provider value={value}>{children}</VenueContext.Provider>;
}
