import { useEffect, useMemo, useState } from 'react';
import type { MarketInfo, MarketsView } from './api/types.ts';
import { AccountPanel } from './components/AccountPanel.tsx';
import { AdminPanel } from './components/AdminPanel.tsx';
import { InsuranceChart } from './components/InsuranceChart.tsx';
import { LoginPanel } from './components/LoginPanel.tsx';
import { MarketHeader } from './components/MarketHeader.tsx';
import { Notices, useNotices } from './components/Notices.tsx';
import { OrderBook } from './components/OrderBook.tsx';
import { OrderForm } from './components/OrderForm.tsx';
import { PriceChart } from './components/PriceChart.tsx';
import { RecentTrades } from './components/RecentTrades.tsx';
import { TopBar } from './components/TopBar.tsx';
import type { SidePanel } from './components/TopBar.tsx';
import { ErrorText } from './components/common.tsx';
import { useAccount } from './hooks/account.tsx';
import { useBook, useMarkInfo, useTrades } from './hooks/market.tsx';
import { SessionProvider, useSession } from './hooks/session.tsx';
import { VenueProvider, useVenue } from './hooks/venue.tsx';

export function App() {
  return (
    <VenueProvider>
      <SessionProvider>
        <Screen />
      </SessionProvider>
    </VenueProvider>
  );
}

function Screen() {
  const { markets, loadError } = useVenue();
  if (!markets)
    return (
      <main className="splash">
        <h1>Fulcrum</h1>
        {loadError ? <ErrorText error={loadError} /> : <p className="muted">Connecting to the venue…</p>}
      </main>
    );
  return <TradingScreen markets={markets} />;
}

/** The market in the address (#BTCUSDT), else the first perpetual. */
function initialSymbol(markets: MarketsView): string {
  const wanted = decodeURIComponent(window.location.hash.slice(1));
  if (markets.markets.some((m) => m.symbol === wanted)) return wanted;
  return (markets.markets.find((m) => m.kind === 'PERPETUAL') ?? markets.markets[0])?.symbol ?? '';
}

/** Phones get a shorter book. */
function useNarrow(): boolean {
  const query = '(max-width: 720px)';
  const [narrow, setNarrow] = useState(() => window.matchMedia(query).matches);
  useEffect(() => {
    const list = window.matchMedia(query);
    const on = () => setNarrow(list.matches);
    list.addEventListener('change', on);
    return () => list.removeEventListener('change', on);
  }, []);
  return narrow;
}

function TradingScreen({ markets }: { markets: MarketsView }) {
  const { socket, features } = useVenue();
  const session = useSession();
  const [symbol, setSymbol] = useState(() => initialSymbol(markets));
  const [panel, setPanel] = useState<SidePanel>(undefined);
  const [picked, setPicked] = useState<{ price: string; n: number }>();
  const { notices, push, dismiss } = useNotices();
  const narrow = useNarrow();
  const byName = useMemo(
    () => new Map<string, MarketInfo>(markets.markets.map((m) => [m.symbol, m])),
    [markets],
  );
  const market = byName.get(symbol) ?? markets.markets[0]!;
  const quoteDecimals = markets.assets.find((a) => a.symbol === market.quote)?.decimals ?? 8;

  const info = useMarkInfo(market);
  const book = useBook(market.symbol, narrow ? 8 : 12);
  const trades = useTrades(market.symbol);
  const account = useAccount(session.credentials, session.accountId, push);

  useEffect(() => {
    window.location.hash = encodeURIComponent(symbol);
    document.title = `${symbol} · Fulcrum`;
  }, [symbol]);

  // Socket troubles the person should know about: a refused login, a refused subscription.
  useEffect(() => {
    const offLogin = socket.on('login', (r) => {
      if (!r.ok)
        push({ tone: 'warning', title: 'Live account updates refused', text: `${r.code}: ${r.message}` });
    });
    const offError = socket.on('error', (e) =>
      push({ tone: 'warning', title: 'WebSocket', text: `${e.code}: ${e.message}` }),
    );
    return () => {
      offLogin();
      offError();
    };
  }, [socket, push]);

  const position = account.positions.find((p) => p.market === market.symbol);
  const events = useMemo(
    () => account.chartEvents.filter((e) => e.market === market.symbol),
    [account.chartEvents, market.symbol],
  );

  return (
    <div className="app">
      <TopBar markets={markets} symbol={symbol} onSymbol={setSymbol} panel={panel} onPanel={setPanel} />
      {panel && (
        <aside className="drawer" aria-label={panel === 'login' ? 'Account' : 'Admin'}>
          <button
            type="button"
            className="link drawer-close"
            aria-label="Close"
            onClick={() => setPanel(undefined)}
          >
            ×
          </button>
          {panel === 'login' ? (
            <LoginPanel onDone={() => setPanel(undefined)} />
          ) : (
            <AdminPanel markets={markets} />
          )}
        </aside>
      )}
      <Notices notices={notices} dismiss={dismiss} />
      <main className="screen">
        <div className="area-header panel">
          <MarketHeader market={market} info={info} quoteDecimals={quoteDecimals} />
        </div>
        <div className="area-chart panel">
          <PriceChart
            market={market}
            quoteDecimals={quoteDecimals}
            markPrice={info.markPrice}
            lines={{
              entry: position?.entryPrice,
              breakEven: position?.breakEvenPrice,
              liquidation: position?.liquidationPrice,
            }}
            events={events}
          />
        </div>
        <div className="area-book">
          <OrderBook
            market={market}
            book={book}
            markPrice={info.markPrice}
            onPick={(price) => setPicked((old) => ({ price, n: (old?.n ?? 0) + 1 }))}
          />
        </div>
        <div className="area-trades">
          <RecentTrades market={market} trades={trades} />
        </div>
        <div className="area-form">
          <OrderForm
            market={market}
            account={account.account}
            positions={account.positions}
            bestBid={book.bids[0]?.[0]}
            bestAsk={book.asks[0]?.[0]}
            markPrice={info.markPrice}
            credentials={session.credentials}
            picked={picked}
            onPlaced={account.refresh}
          />
        </div>
        <div className="area-account">
          <AccountPanel data={account} credentials={session.credentials} markets={byName} />
        </div>
        {features?.insurance === true && (
          <div className="area-insurance">
            <InsuranceChart />
          </div>
        )}
      </main>
      <footer className="footer muted">
        Prices and amounts are shown as the venue sends them. Charts by{' '}
        <a href="https://www.tradingview.com/" target="_blank" rel="noreferrer">
          TradingView Lightweight Charts
        </a>
        .
      </footer>
    </div>
  );
}
