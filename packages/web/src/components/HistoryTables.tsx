import { useState } from 'react';
import type { Credentials } from '../api/http.ts';
import type { AccountView, FillView, IncomeView, OrderView } from '../api/types.ts';
import { useVenue } from '../hooks/venue.tsx';
import { percentText } from '../lib/decimal.ts';
import { dateTimeText, signedText, toneOf } from '../lib/format.ts';
import { ErrorText, useAction } from './common.tsx';

/** The account's other tabs: open orders, order and trade history, income, assets. */

const Empty = ({ text }: { text: string }) => <p className="muted empty">{text}</p>;

function orderPrice(o: OrderView): string {
  if (o.type.endsWith('MARKET')) return 'Market';
  return o.price ?? '–';
}

export function OpenOrdersTable({
  orders,
  credentials,
  onChanged,
}: {
  orders: readonly OrderView[];
  credentials: Credentials;
  onChanged: () => void;
}) {
  const { api } = useVenue();
  const action = useAction();
  const cancel = async (o: OrderView) => {
    if (
      await action.run(() =>
        api.signed(credentials, 'DELETE', '/api/v1/orders', { query: { orderId: o.orderId } }),
      )
    )
      onChanged();
  };
  if (orders.length === 0) return <Empty text="No open orders" />;
  return (
    <div className="table-scroll">
      <ErrorText error={action.error} />
      <table className="grid cards" data-testid="open-orders">
        <thead>
          <tr>
            <th>Time</th>
            <th>Market</th>
            <th>Type</th>
            <th>Side</th>
            <th>Price</th>
            <th>Stop</th>
            <th>Filled / size</th>
            <th>Flags</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {orders.map((o) => (
            <tr key={o.orderId}>
              <td data-label="Time" className="num muted">
                {dateTimeText(o.time)}
              </td>
              <td data-label="Market">{o.market}</td>
              <td data-label="Type">{o.type}</td>
              <td data-label="Side" className={o.side === 'BUY' ? 'up' : 'down'}>
                {o.side}
              </td>
              <td data-label="Price" className="num">
                {orderPrice(o)}
              </td>
              <td data-label="Stop" className="num">
                {o.stopPrice ?? '–'}
              </td>
              <td data-label="Filled / size" className="num">
                {o.executedQty} / {o.origQty}
              </td>
              <td data-label="Flags">
                {[
                  o.reduceOnly && 'reduce-only',
                  o.timeInForce === 'GTX' && 'post-only',
                  o.positionSide !== 'BOTH' && o.positionSide,
                ]
                  .filter(Boolean)
                  .join(', ') || '–'}
              </td>
              <td>
                <button type="button" disabled={action.busy} onClick={() => void cancel(o)}>
                  Cancel
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function OrderHistoryTable({ orders }: { orders: readonly OrderView[] }) {
  if (orders.length === 0) return <Empty text="No closed orders yet" />;
  return (
    <div className="table-scroll">
      <table className="grid cards" data-testid="order-history">
        <thead>
          <tr>
            <th>Time</th>
            <th>Market</th>
            <th>Type</th>
            <th>Side</th>
            <th>Price</th>
            <th>Average</th>
            <th>Filled / size</th>
            <th>Status</th>
          </tr>
        </thead>
        <tbody>
          {orders.map((o) => (
            <tr key={o.orderId}>
              <td data-label="Time" className="num muted">
                {dateTimeText(o.updateTime)}
              </td>
              <td data-label="Market">{o.market}</td>
              <td data-label="Type">{o.type}</td>
              <td data-label="Side" className={o.side === 'BUY' ? 'up' : 'down'}>
                {o.side}
              </td>
              <td data-label="Price" className="num">
                {orderPrice(o)}
              </td>
              <td data-label="Average" className="num">
                {o.avgPrice ?? '–'}
              </td>
              <td data-label="Filled / size" className="num">
                {o.executedQty} / {o.origQty}
              </td>
              <td data-label="Status">
                {o.status}
                {o.reason !== null && <span className="muted"> ({o.reason})</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function TradeHistoryTable({ fills }: { fills: readonly FillView[] }) {
  if (fills.length === 0) return <Empty text="No fills yet" />;
  return (
    <div className="table-scroll">
      <table className="grid cards" data-testid="trade-history">
        <thead>
          <tr>
            <th>Time</th>
            <th>Market</th>
            <th>Side</th>
            <th>Price</th>
            <th>Size</th>
            <th>Value</th>
            <th>Fee</th>
            <th>Role</th>
          </tr>
        </thead>
        <tbody>
          {fills.map((f) => (
            <tr key={`${f.tradeId}-${f.orderId}`}>
              <td data-label="Time" className="num muted">
                {dateTimeText(f.time)}
              </td>
              <td data-label="Market">{f.market}</td>
              <td data-label="Side" className={f.side === 'BUY' ? 'up' : 'down'}>
                {f.side}
              </td>
              <td data-label="Price" className="num">
                {f.price}
              </td>
              <td data-label="Size" className="num">
                {f.qty}
              </td>
              <td data-label="Value" className="num">
                {f.quoteQty}
              </td>
              <td data-label="Fee" className="num">
                {f.fee} {f.feeAsset}
              </td>
              <td data-label="Role">{f.maker ? 'Maker' : 'Taker'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function IncomeTable({ income }: { income: readonly IncomeView[] | undefined }) {
  if (income === undefined) return <Empty text="Income history is not available on this venue." />;
  if (income.length === 0) return <Empty text="No income yet (funding, commissions, realized PnL)" />;
  return (
    <div className="table-scroll">
      <table className="grid cards" data-testid="income">
        <thead>
          <tr>
            <th>Time</th>
            <th>Market</th>
            <th>Type</th>
            <th>Amount</th>
            <th>Info</th>
          </tr>
        </thead>
        <tbody>
          {income.map((i) => (
            <tr key={String(i.tranId)}>
              <td data-label="Time" className="num muted">
                {dateTimeText(i.time)}
              </td>
              <td data-label="Market">{i.symbol || '–'}</td>
              <td data-label="Type">{i.incomeType}</td>
              <td data-label="Amount" className={`num ${toneOf(i.income)}`}>
                {signedText(i.income)} {i.asset}
              </td>
              <td data-label="Info" className="muted">
                {i.info || '–'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Move funds between the spot and futures wallets. */
function TransferForm({
  account,
  credentials,
  onChanged,
}: {
  account: AccountView;
  credentials: Credentials;
  onChanged: () => void;
}) {
  const { api } = useVenue();
  const [asset, setAsset] = useState(account.futures.assets[0]?.asset ?? 'USDT');
  const [amount, setAmount] = useState('');
  const [direction, setDirection] = useState<'SPOT_TO_FUTURES' | 'FUTURES_TO_SPOT'>('SPOT_TO_FUTURES');
  const action = useAction();
  const submit = async () => {
    const done = await action.run(() =>
      api.signed(credentials, 'POST', '/api/v1/transfer', { body: { asset, amount, direction } }),
    );
    if (done) {
      setAmount('');
      onChanged();
    }
  };
  return (
    <form
      className="inline-form"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
      aria-label="Transfer"
    >
      <select
        value={direction}
        onChange={(e) => setDirection(e.target.value as typeof direction)}
        aria-label="Direction"
      >
        <option value="SPOT_TO_FUTURES">Spot → Futures</option>
        <option value="FUTURES_TO_SPOT">Futures → Spot</option>
      </select>
      <select value={asset} onChange={(e) => setAsset(e.target.value)} aria-label="Asset">
        {account.spot.map((a) => (
          <option key={a.asset}>{a.asset}</option>
        ))}
      </select>
      <input
        inputMode="decimal"
        placeholder="amount"
        aria-label="Transfer amount"
        value={amount}
        onChange={(e) => setAmount(e.target.value.trim())}
      />
      <button type="submit" disabled={action.busy}>
        Transfer
      </button>
      <ErrorText error={action.error} />
    </form>
  );
}

export function AssetsTable({
  account,
  credentials,
  onChanged,
}: {
  account: AccountView | undefined;
  credentials: Credentials;
  onChanged: () => void;
}) {
  if (!account) return <Empty text="Loading…" />;
  return (
    <div className="assets">
      <TransferForm account={account} credentials={credentials} onChanged={onChanged} />
      <h3>Futures wallet</h3>
      <div className="table-scroll">
        <table className="grid cards" data-testid="futures-assets">
          <thead>
            <tr>
              <th>Asset</th>
              <th>Wallet</th>
              <th>uPnL</th>
              <th>Margin balance</th>
              <th>Maintenance</th>
              <th>Margin ratio</th>
              <th>Available</th>
            </tr>
          </thead>
          <tbody>
            {account.futures.assets.map((a) => (
              <tr key={a.asset}>
                <td data-label="Asset">{a.asset}</td>
                <td data-label="Wallet" className="num">
                  {a.walletBalance}
                </td>
                <td data-label="uPnL" className={`num ${toneOf(a.unrealizedPnl)}`}>
                  {signedText(a.unrealizedPnl)}
                </td>
                <td data-label="Margin balance" className="num">
                  {a.marginBalance}
                </td>
                <td data-label="Maintenance" className="num">
                  {a.maintenanceMargin}
                </td>
                <td data-label="Margin ratio" className="num">
                  {a.marginRatio === null ? '∞' : percentText(a.marginRatio)}
                </td>
                <td data-label="Available" className="num">
                  {a.availableBalance}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h3>Spot wallet</h3>
      <div className="table-scroll">
        <table className="grid cards" data-testid="spot-assets">
          <thead>
            <tr>
              <th>Asset</th>
              <th>Available</th>
              <th>In orders</th>
            </tr>
          </thead>
          <tbody>
            {account.spot.map((a) => (
              <tr key={a.asset}>
                <td data-label="Asset">{a.asset}</td>
                <td data-label="Available" className="num">
                  {a.available}
                </td>
                <td data-label="In orders" className="num">
                  {a.held}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
