import type { MarketInfo } from '../api/types.ts';
import type { BookState } from '../hooks/market.tsx';
import { depthRows, spreadText } from '../lib/book.ts';
import type { DepthRow } from '../lib/book.ts';
import { Panel } from './common.tsx';

function Rows({
  rows,
  side,
  onPick,
}: {
  rows: readonly DepthRow[];
  side: 'bid' | 'ask';
  onPick: (price: string) => void;
}) {
  return (
    <>
      {rows.map((r) => (
        <tr
          key={r.price}
          className={`book-row ${side}`}
          onClick={() => onPick(r.price)}
          title="Use this price"
          // Depth bar: the running total's share of the deepest level shown, drawn from the right.
          style={{ backgroundSize: `${Math.round(r.share * 100)}% 100%` }}
        >
          <td className="num price">{r.price}</td>
          <td className="num">{r.qty}</td>
          <td className="num muted">{r.total}</td>
        </tr>
      ))}
    </>
  );
}

/** Asks above, bids below, the spread between; a click on a level fills the order form's price. */
export function OrderBook({
  market,
  book,
  markPrice,
  onPick,
}: {
  market: MarketInfo;
  book: BookState;
  markPrice: string | null;
  onPick: (price: string) => void;
}) {
  const asks = depthRows(book.asks, market.lotSize);
  const bids = depthRows(book.bids, market.lotSize);
  return (
    <Panel title="Order book" className="book-panel">
      <table className="book" data-testid="order-book">
        <thead>
          <tr>
            <th>Price ({market.quote})</th>
            <th>Size ({market.base})</th>
            <th>Total</th>
          </tr>
        </thead>
        <tbody>
          <Rows rows={[...asks].reverse()} side="ask" onPick={onPick} />
          <tr className="spread">
            <td colSpan={3}>
              {book.ready ? (
                <>
                  Spread {spreadText(book.bids[0]?.[0], book.asks[0]?.[0], market.tickSize)}
                  {markPrice !== null && <span className="muted"> · Mark {markPrice}</span>}
                </>
              ) : (
                'Loading book…'
              )}
            </td>
          </tr>
          <Rows rows={bids} side="bid" onPick={onPick} />
        </tbody>
      </table>
    </Panel>
  );
}
