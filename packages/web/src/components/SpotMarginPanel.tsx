import { useCallback, useEffect, useState } from 'react';
import type { Credentials } from '../api/http.ts';
import { ApiError } from '../api/http.ts';
import type { MarketInfo } from '../api/types.ts';
import { useVenue } from '../hooks/venue.tsx';
import { percentText } from '../lib/decimal.ts';
import { ErrorText, Stat, toShownError, useAction } from './common.tsx';
import type { ShownError } from './common.tsx';

/** GET /api/v1/margin/account. */
interface MarginAccount {
  readonly pair: string | null;
  readonly valuationAsset: string;
  /** Assets over debts; null without debt. */
  readonly marginLevel: string | null;
  readonly state: string;
  readonly totalAssetValue: string;
  readonly totalDebtValue: string;
  readonly assets: readonly {
    readonly asset: string;
    readonly free: string;
    readonly locked: string;
    readonly borrowed: string;
    readonly interest: string;
    readonly netAsset: string;
    readonly maxBorrowable: string;
  }[];
}

type Move = 'SPOT_TO_MARGIN' | 'MARGIN_TO_SPOT' | 'BORROW' | 'REPAY';

const STATE_TONE: Readonly<Record<string, string>> = {
  NORMAL: 'up',
  NO_TRANSFER_OUT: '',
  NO_BORROW: '',
  MARGIN_CALL: 'down',
  LIQUIDATION: 'down',
};

/** The cross or an isolated margin account: level, assets and debts, transfers, borrow and repay. */
export function SpotMarginPanel({
  available,
  credentials,
  pairs,
}: {
  available: boolean | undefined;
  credentials: Credentials | undefined;
  pairs: readonly MarketInfo[];
}) {
  const { api } = useVenue();
  const [pair, setPair] = useState('');
  const [account, setAccount] = useState<MarginAccount>();
  const [offered, setOffered] = useState(true);
  const [loadError, setLoadError] = useState<ShownError>();
  const [move, setMove] = useState<Move>('SPOT_TO_MARGIN');
  const [asset, setAsset] = useState('USDT');
  const [amount, setAmount] = useState('');
  const action = useAction();

  const load = useCallback(async () => {
    if (!credentials) return;
    try {
      const query = pair === '' ? {} : { query: { pair } };
      setAccount(await api.signed<MarginAccount>(credentials, 'GET', '/api/v1/margin/account', query));
      setLoadError(undefined);
    } catch (error) {
      // The route exists on every venue; a 404 from it means this venue has no spot margin.
      if (error instanceof ApiError && error.status === 404) setOffered(false);
      else setLoadError(toShownError(error));
    }
  }, [api, credentials, pair]);

  useEffect(() => {
    if (available !== true) return;
    void load();
    const timer = setInterval(() => void load(), 3_000);
    return () => clearInterval(timer);
  }, [available, load]);

  if (available === undefined) return <p className="muted empty">Checking…</p>;
  if (!available || !offered)
    return (
      <p className="muted empty" data-testid="unavailable-spot-margin">
        Spot margin is not available on this venue.
      </p>
    );
  if (!credentials) return <p className="muted empty">Log in to see your margin account.</p>;

  const submit = async () => {
    const where = pair === '' ? {} : { pair };
    const path =
      move === 'BORROW'
        ? '/api/v1/margin/borrow'
        : move === 'REPAY'
          ? '/api/v1/margin/repay'
          : '/api/v1/margin/transfer';
    const body =
      move === 'BORROW' || move === 'REPAY'
        ? { asset, amount, ...where }
        : { asset, amount, direction: move, ...where };
    const next = await action.run(() => api.signed<MarginAccount>(credentials, 'POST', path, { body }));
    if (next) {
      setAccount(next);
      setAmount('');
    }
  };

  return (
    <div className="spot-margin" data-testid="spot-margin">
      <div className="inline-form">
        <select value={pair} onChange={(e) => setPair(e.target.value)} aria-label="Margin account">
          <option value="">Cross margin</option>
          {pairs.map((m) => (
            <option key={m.symbol} value={m.symbol}>
              Isolated {m.symbol}
            </option>
          ))}
        </select>
      </div>
      <ErrorText error={loadError} />
      {account && (
        <>
          <div className="market-header">
            <Stat
              label="Margin level"
              value={account.marginLevel === null ? '∞ (no debt)' : percentText(account.marginLevel)}
            />
            <Stat label="State" value={account.state} tone={STATE_TONE[account.state] ?? ''} />
            <Stat label={`Assets (${account.valuationAsset})`} value={account.totalAssetValue} />
            <Stat label={`Debt (${account.valuationAsset})`} value={account.totalDebtValue} />
          </div>
          <div className="table-scroll">
            <table className="grid cards">
              <thead>
                <tr>
                  <th>Asset</th>
                  <th>Free</th>
                  <th>In orders</th>
                  <th>Borrowed</th>
                  <th>Interest</th>
                  <th>Net</th>
                  <th>Max borrow</th>
                </tr>
              </thead>
              <tbody>
                {account.assets.map((a) => (
                  <tr key={a.asset}>
                    <td data-label="Asset">{a.asset}</td>
                    <td data-label="Free" className="num">
                      {a.free}
                    </td>
                    <td data-label="In orders" className="num">
                      {a.locked}
                    </td>
                    <td data-label="Borrowed" className="num">
                      {a.borrowed}
                    </td>
                    <td data-label="Interest" className="num">
                      {a.interest}
                    </td>
                    <td data-label="Net" className="num">
                      {a.netAsset}
                    </td>
                    <td data-label="Max borrow" className="num">
                      {a.maxBorrowable}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      <form
        className="inline-form"
        aria-label="Margin transfer, borrow and repay"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <select value={move} onChange={(e) => setMove(e.target.value as Move)} aria-label="Margin action">
          <option value="SPOT_TO_MARGIN">Transfer in</option>
          <option value="MARGIN_TO_SPOT">Transfer out</option>
          <option value="BORROW">Borrow</option>
          <option value="REPAY">Repay</option>
        </select>
        <select value={asset} onChange={(e) => setAsset(e.target.value)} aria-label="Margin asset">
          {(account?.assets ?? [{ asset: 'USDT' }]).map((a) => (
            <option key={a.asset}>{a.asset}</option>
          ))}
        </select>
        <input
          inputMode="decimal"
          placeholder="amount"
          aria-label="Margin amount"
          value={amount}
          onChange={(e) => setAmount(e.target.value.trim())}
        />
        <button type="submit" disabled={action.busy || amount === ''}>
          Confirm
        </button>
      </form>
      <ErrorText error={action.error} />
    </div>
  );
}
