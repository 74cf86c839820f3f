import { useState } from 'react';
import type { Credentials } from '../api/http.ts';
import type { MarketInfo } from '../api/types.ts';
import type { AccountData } from '../hooks/account.tsx';
import { useVenue } from '../hooks/venue.tsx';
import {
  AssetsTable,
  IncomeTable,
  OpenOrdersTable,
  OrderHistoryTable,
  TradeHistoryTable,
} from './HistoryTables.tsx';
import { LendingPanel } from './LendingPanel.tsx';
import { OptionalPanel } from './OptionalPanel.tsx';
import { PositionsTable } from './PositionsTable.tsx';
import { SpotMarginPanel } from './SpotMarginPanel.tsx';

type Tab = 'positions' | 'open' | 'orders' | 'fills' | 'income' | 'assets' | 'margin' | 'lending';

/** The account's tabs under the chart; spot margin and lending appear as the venue offers them. */
export function AccountPanel({
  data,
  credentials,
  markets,
}: {
  data: AccountData;
  credentials: Credentials | undefined;
  markets: ReadonlyMap<string, MarketInfo>;
}) {
  const { features } = useVenue();
  const [tab, setTab] = useState<Tab>('positions');
  const tabs: { id: Tab; label: string }[] = [
    { id: 'positions', label: `Positions (${data.positions.length})` },
    { id: 'open', label: `Open orders (${data.openOrders.length})` },
    { id: 'orders', label: 'Order history' },
    { id: 'fills', label: 'Trade history' },
    { id: 'income', label: 'Income' },
    { id: 'assets', label: 'Assets' },
    { id: 'margin', label: 'Spot margin' },
    { id: 'lending', label: 'Lending' },
  ];
  const needsLogin = tab !== 'margin' && tab !== 'lending';
  return (
    <section className="panel account-panel">
      <nav className="tabs" role="tablist" aria-label="Account">
        {tabs.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            aria-selected={t.id === tab}
            className={t.id === tab ? 'active' : ''}
            onClick={() => setTab(t.id)}
          >
            {t.label}
          </button>
        ))}
      </nav>
      <div className="tab-body" role="tabpanel">
        {needsLogin && !credentials ? (
          <p className="muted empty">Log in to see your positions, orders and balances.</p>
        ) : (
          <>
            {tab === 'positions' && credentials && (
              <PositionsTable
                positions={data.positions}
                markets={markets}
                credentials={credentials}
                adl={data.adl}
                funding={data.funding}
                onChanged={data.refresh}
              />
            )}
            {tab === 'open' && credentials && (
              <OpenOrdersTable orders={data.openOrders} credentials={credentials} onChanged={data.refresh} />
            )}
            {tab === 'orders' && <OrderHistoryTable orders={data.orderHistory} />}
            {tab === 'fills' && <TradeHistoryTable fills={data.fills} />}
            {tab === 'income' && <IncomeTable income={data.income} />}
            {tab === 'assets' && credentials && (
              <AssetsTable account={data.account} credentials={credentials} onChanged={data.refresh} />
            )}
            {tab === 'margin' && (
              <SpotMarginPanel
                available={features?.spotMargin}
                credentials={credentials}
                pairs={[...markets.values()].filter((m) => m.kind === 'SPOT')}
              />
            )}
            {tab === 'lending' && features?.nativeLending === true && (
              <LendingPanel credentials={credentials} />
            )}
            {tab === 'lending' && features?.nativeLending !== true && (
              <OptionalPanel
                name="Lending"
                path={features?.lendingPath ?? ''}
                available={features === undefined ? undefined : features.lendingPath !== undefined}
                credentials={credentials}
              />
            )}
          </>
        )}
      </div>
    </section>
  );
}
