import type { MarketInfo, TradeView } from '../api/types.ts';
import { clockText } from '../lib/format.ts';
import { Panel } from './common.tsx';

/** The market's latest trades, coloured by the taker's side. */
export function RecentTrades({ market, trades }: { market: MarketInfo; trades: readonly TradeView[] }) {
  return (
    <Panel title="Recent trades" className="trades-panel">
      <table className="trades" data-testid="recent-trades">
        <thead>
          <tr>
            <th>Price ({market.quote})</th>
            <th>Size ({market.base})</th>
            <th>Time (UTC)</th>
          </tr>
        </thead>
        <tbody>
          {trades.length === 0 && (
            <tr>
              <td colSpan={3} className="muted empty">
                No trades yet
              </td>
            </tr>
          )}
          {trades.map((t) => (
            <tr key={t.id}>
              <td className={`num ${t.takerSide === 'BUY' ? 'up' : 'down'}`}>{t.price}</td>
              <td className="num">{t.qty}</td>
              <td className="num muted">{clockText(t.time)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Panel>
  );
}
