import type { MarketsView } from '../api/types.ts';
import { useSession } from '../hooks/session.tsx';
import { useVenue } from '../hooks/venue.tsx';

export type SidePanel = 'login' | 'admin' | undefined;

/** Brand, market picker, connection state, and the buttons that open the login and admin panels. */
export function TopBar({
  markets,
  symbol,
  onSymbol,
  panel,
  onPanel,
}: {
  markets: MarketsView;
  symbol: string;
  onSymbol: (symbol: string) => void;
  panel: SidePanel;
  onPanel: (panel: SidePanel) => void;
}) {
  const { status } = useVenue();
  const session = useSession();
  const toggle = (p: Exclude<SidePanel, undefined>) => onPanel(panel === p ? undefined : p);
  return (
    <header className="topbar">
      <span className="brand">Fulcrum</span>
      <select value={symbol} onChange={(e) => onSymbol(e.target.value)} aria-label="Market">
        {markets.markets.map((m) => (
          <option key={m.symbol} value={m.symbol}>
            {m.symbol} {m.kind === 'PERPETUAL' ? 'Perp' : 'Spot'}
          </option>
        ))}
      </select>
      <span className={`status ${status}`} title={`WebSocket ${status}`} data-testid="ws-status">
        <i />{' '}
        <span className="status-text">
          {status === 'open' ? 'Live' : status === 'connecting' ? 'Connecting' : 'Offline'}
        </span>
      </span>
      <span className="spacer" />
      <button type="button" className={panel === 'login' ? 'active' : ''} onClick={() => toggle('login')}>
        {session.credentials ? `Account ${session.accountId ?? ''}` : 'Log in'}
      </button>
      <button type="button" className={panel === 'admin' ? 'active' : ''} onClick={() => toggle('admin')}>
        Admin
      </button>
    </header>
  );
}
