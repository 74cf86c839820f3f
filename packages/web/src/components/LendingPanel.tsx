import { useCallback, useEffect, useState } from 'react';
import type { Credentials } from '../api/http.ts';
import { ApiError } from '../api/http.ts';
import { useVenue } from '../hooks/venue.tsx';
import { fx, percentText } from '../lib/decimal.ts';
import { healthFill, healthTone } from '../lib/healthFactor.ts';
import { ErrorText, Stat, toShownError, useAction } from './common.tsx';
import type { ShownError } from './common.tsx';

/** GET /api/v1/lending/reserves (the fields shown here). */
interface LendingReserves {
  readonly reserves: readonly {
    readonly asset: string;
    readonly price: string | null;
    readonly utilization: string;
    readonly supplyApy: string;
    readonly borrowApy: string;
    readonly totalSupplied: string;
    readonly totalBorrowed: string;
    readonly ltv: string;
    readonly liquidationThreshold: string;
    readonly borrowingEnabled: boolean;
  }[];
  readonly eModes: readonly {
    readonly id: number;
    readonly label: string;
    readonly ltv: string;
    readonly liquidationThreshold: string;
  }[];
}

/** GET /api/v1/lending/account, and the answer of every lending POST. */
interface LendingAccount {
  readonly eMode: number;
  readonly eModeLabel: string | null;
  readonly positions: readonly {
    readonly asset: string;
    readonly supplied: string;
    readonly borrowed: string;
    readonly collateral: boolean;
    readonly maxBorrow: string;
  }[];
  readonly totalCollateral: string;
  readonly totalDebt: string;
  readonly availableBorrows: string;
  readonly ltv: string;
  readonly liquidationThreshold: string;
  /** null without debt (unbounded) or when a price is missing. */
  readonly healthFactor: string | null;
  readonly missingPrice: boolean;
}

type Move = 'supply' | 'withdraw' | 'borrow' | 'repay';

const MOVES: readonly { value: Move; label: string }[] = [
  { value: 'supply', label: 'Supply' },
  { value: 'withdraw', label: 'Withdraw' },
  { value: 'borrow', label: 'Borrow' },
  { value: 'repay', label: 'Repay' },
];

const TONE_CLASS = { safe: 'up', warning: 'warn', danger: 'down' } as const;

/** The health factor as a bar and its value: green above 1.5, amber 1.1 to 1.5, red below 1.1. */
export function HealthGauge({
  healthFactor,
  missingPrice,
}: {
  healthFactor: string | null;
  missingPrice: boolean;
}) {
  if (missingPrice)
    return (
      <div className="health-gauge" data-testid="health-gauge">
        <span className="stat-label">Health factor</span>
        <span className="muted">a price is missing</span>
      </div>
    );
  const tone = healthTone(healthFactor);
  return (
    <div className="health-gauge" data-testid="health-gauge" data-tone={tone}>
      <span className="stat-label">Health factor</span>
      <div
        className="health-bar"
        role="meter"
        aria-label="Health factor"
        aria-valuemin={0}
        aria-valuemax={3}
        aria-valuetext={healthFactor ?? 'no debt'}
      >
        <i className={`health-fill ${tone}`} style={{ width: `${healthFill(healthFactor) * 100}%` }} />
      </div>
      <span className={`num ${TONE_CLASS[tone]}`}>{healthFactor ?? '∞ (no debt)'}</span>
    </div>
  );
}

/** The lending pool: reserves, the account's supply and debt, health, and the moves between them. */
export function LendingPanel({ credentials }: { credentials: Credentials | undefined }) {
  const { api } = useVenue();
  const [reserves, setReserves] = useState<LendingReserves>();
  const [account, setAccount] = useState<LendingAccount>();
  const [offered, setOffered] = useState(true);
  const [loadError, setLoadError] = useState<ShownError>();
  const [move, setMove] = useState<Move>('supply');
  const [asset, setAsset] = useState('');
  const [amount, setAmount] = useState('');
  const [eMode, setEMode] = useState<number>();
  const action = useAction();

  const load = useCallback(async () => {
    if (!credentials) return;
    try {
      const [r, a] = await Promise.all([
        api.signed<LendingReserves>(credentials, 'GET', '/api/v1/lending/reserves'),
        api.signed<LendingAccount>(credentials, 'GET', '/api/v1/lending/account'),
      ]);
      setReserves(r);
      setAccount(a);
      setLoadError(undefined);
    } catch (error) {
      // The routes exist on every venue; a 404 from them means this venue has no lending pool.
      if (error instanceof ApiError && error.status === 404) setOffered(false);
      else setLoadError(toShownError(error));
    }
  }, [api, credentials]);

  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), 3_000);
    return () => clearInterval(timer);
  }, [load]);

  if (!offered)
    return (
      <p className="muted empty" data-testid="unavailable-lending">
        Lending is not available on this venue.
      </p>
    );
  if (!credentials) return <p className="muted empty">Log in to see the lending pool.</p>;

  const chosenAsset = asset !== '' ? asset : (reserves?.reserves[0]?.asset ?? '');
  const chosenEMode = eMode ?? account?.eMode ?? 0;
  const positions = (account?.positions ?? []).filter((p) => fx(p.supplied) !== 0n || fx(p.borrowed) !== 0n);

  const post = async (path: string, body: unknown): Promise<boolean> => {
    const next = await action.run(() =>
      api.signed<LendingAccount>(credentials, 'POST', `/api/v1/lending/${path}`, { body }),
    );
    if (next) setAccount(next);
    return next !== undefined;
  };

  const submit = async (text: string) => {
    if (await post(move, { asset: chosenAsset, amount: text })) {
      setAmount('');
      void load();
    }
  };

  return (
    <div className="lending" data-testid="lending">
      <ErrorText error={loadError} />
      {account && (
        <div className="market-header">
          <HealthGauge healthFactor={account.healthFactor} missingPrice={account.missingPrice} />
          <Stat label="Collateral (USD)" value={account.totalCollateral} />
          <Stat label="Debt (USD)" value={account.totalDebt} />
          <Stat label="Available to borrow (USD)" value={account.availableBorrows} />
          <Stat
            label="LTV / liq. threshold"
            value={`${percentText(account.ltv)} / ${percentText(account.liquidationThreshold)}`}
          />
          <Stat
            label="E-mode"
            value={account.eMode === 0 ? 'off' : (account.eModeLabel ?? String(account.eMode))}
          />
        </div>
      )}
      {reserves && (
        <div className="table-scroll">
          <table className="grid cards" aria-label="Lending reserves">
            <thead>
              <tr>
                <th>Asset</th>
                <th>Utilization</th>
                <th>Supply APY</th>
                <th>Borrow APY</th>
                <th>Total supplied</th>
                <th>Total borrowed</th>
                <th>LTV / liq. threshold</th>
              </tr>
            </thead>
            <tbody>
              {reserves.reserves.map((r) => (
                <tr key={r.asset}>
                  <td data-label="Asset">{r.asset}</td>
                  <td data-label="Utilization" className="num">
                    {percentText(r.utilization)}
                  </td>
                  <td data-label="Supply APY" className="num up">
                    {percentText(r.supplyApy)}
                  </td>
                  <td data-label="Borrow APY" className="num">
                    {r.borrowingEnabled ? percentText(r.borrowApy) : '–'}
                  </td>
                  <td data-label="Total supplied" className="num">
                    {r.totalSupplied}
                  </td>
                  <td data-label="Total borrowed" className="num">
                    {r.totalBorrowed}
                  </td>
                  <td data-label="LTV / liq. threshold" className="num">
                    {percentText(r.ltv)} / {percentText(r.liquidationThreshold)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {positions.length > 0 && (
        <div className="table-scroll">
          <table className="grid cards" aria-label="Lending positions">
            <thead>
              <tr>
                <th>Asset</th>
                <th>Supplied</th>
                <th>Borrowed</th>
                <th>Max borrow</th>
                <th>Collateral</th>
              </tr>
            </thead>
            <tbody>
              {positions.map((p) => (
                <tr key={p.asset}>
                  <td data-label="Asset">{p.asset}</td>
                  <td data-label="Supplied" className="num">
                    {p.supplied}
                  </td>
                  <td data-label="Borrowed" className="num">
                    {p.borrowed}
                  </td>
                  <td data-label="Max borrow" className="num">
                    {p.maxBorrow}
                  </td>
                  <td data-label="Collateral">
                    <label className="collateral-toggle">
                      <input
                        type="checkbox"
                        checked={p.collateral}
                        disabled={action.busy}
                        aria-label={`Use ${p.asset} as collateral`}
                        onChange={(e) =>
                          void post('collateral', { asset: p.asset, enabled: e.target.checked })
                        }
                      />
                      {p.collateral ? 'on' : 'off'}
                    </label>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {account && positions.length === 0 && <p className="muted empty">No supply or debt yet.</p>}
      <form
        className="inline-form"
        aria-label="Supply, withdraw, borrow and repay"
        onSubmit={(e) => {
          e.preventDefault();
          void submit(amount);
        }}
      >
        <select value={move} onChange={(e) => setMove(e.target.value as Move)} aria-label="Lending action">
          {MOVES.map((m) => (
            <option key={m.value} value={m.value}>
              {m.label}
            </option>
          ))}
        </select>
        <select value={chosenAsset} onChange={(e) => setAsset(e.target.value)} aria-label="Lending asset">
          {(reserves?.reserves ?? []).map((r) => (
            <option key={r.asset}>{r.asset}</option>
          ))}
        </select>
        <input
          inputMode="decimal"
          placeholder="amount"
          aria-label="Lending amount"
          value={amount}
          onChange={(e) => setAmount(e.target.value.trim())}
        />
        <button type="submit" disabled={action.busy || amount === '' || chosenAsset === ''}>
          Confirm
        </button>
        {(move === 'withdraw' || move === 'repay') && (
          <button
            type="button"
            disabled={action.busy || chosenAsset === ''}
            onClick={() => void submit('max')}
          >
            {move === 'withdraw' ? 'Withdraw all' : 'Repay all'}
          </button>
        )}
      </form>
      {reserves && reserves.eModes.length > 0 && (
        <form
          className="inline-form"
          aria-label="E-mode"
          onSubmit={(e) => {
            e.preventDefault();
            void post('emode', { category: chosenEMode }).then((ok) => ok && setEMode(undefined));
          }}
        >
          <select
            value={chosenEMode}
            onChange={(e) => setEMode(Number(e.target.value))}
            aria-label="E-mode category"
          >
            <option value={0}>E-mode off</option>
            {reserves.eModes.map((m) => (
              <option key={m.id} value={m.id}>
                {m.label} (LTV {percentText(m.ltv)}, LT {percentText(m.liquidationThreshold)})
              </option>
            ))}
          </select>
          <button type="submit" disabled={action.busy || chosenEMode === (account?.eMode ?? 0)}>
            {chosenEMode === 0 ? 'Leave e-mode' : 'Enter e-mode'}
          </button>
        </form>
      )}
      <ErrorText error={action.error} />
    </div>
  );
}
