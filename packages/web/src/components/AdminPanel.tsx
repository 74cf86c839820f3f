import { useState } from 'react';
import type { MarketsView } from '../api/types.ts';
import { useSession } from '../hooks/session.tsx';
import { useVenue } from '../hooks/venue.tsx';
import { ErrorText, Panel, useAction } from './common.tsx';

/**
 * The venue's admin hooks (Bearer token): set or shock a price, depeg a stablecoin, pay funding now,
 * change the clock speed, credit funds.
 */
export function AdminPanel({ markets }: { markets: MarketsView }) {
  const { api, clock } = useVenue();
  const session = useSession();
  const assets = [...new Set(markets.markets.filter((m) => m.kind === 'PERPETUAL').map((m) => m.base))];
  const [draft, setDraft] = useState('');
  const [asset, setAsset] = useState(assets[0] ?? 'BTC');
  const [price, setPrice] = useState('');
  const [bps, setBps] = useState('-1000');
  const [speed, setSpeed] = useState('1');
  const [credit, setCredit] = useState('10000');
  const stablecoins = markets.assets.map((a) => a.symbol).filter((a) => /USD|DAI/.test(a));
  const [stable, setStable] = useState(stablecoins.find((a) => a === 'USDC') ?? stablecoins[0] ?? 'USDC');
  const [depeg, setDepeg] = useState('0.95');
  const [done, setDone] = useState<string>();
  const action = useAction();
  const token = session.adminToken;

  const call = async (path: string, body: unknown, said: string): Promise<boolean> => {
    if (!token) return false;
    setDone(undefined);
    const ok = (await action.run(() => api.admin(token, path, body))) !== undefined;
    if (ok) setDone(said);
    return ok;
  };

  if (!token) {
    return (
      <Panel title="Admin" className="side-panel admin">
        <form
          className="stack"
          aria-label="Admin access"
          onSubmit={(e) => {
            e.preventDefault();
            session.setAdminToken(draft.trim());
          }}
        >
          <label className="field">
            <span>Admin token</span>
            <input
              type="password"
              value={draft}
              onChange={(e) => setDraft(e.target.value)}
              autoComplete="off"
            />
          </label>
          <button type="submit" disabled={draft.trim() === ''}>
            Use token
          </button>
          <p className="muted hint">
            <code>npm start</code> prints the admin token. It is kept only in this tab.
          </p>
        </form>
      </Panel>
    );
  }
  return (
    <Panel
      title="Admin"
      className="side-panel admin"
      actions={
        <button type="button" className="link" onClick={() => session.setAdminToken(undefined)}>
          forget token
        </button>
      }
    >
      <div className="stack">
        <label className="field">
          <span>Asset</span>
          <select value={asset} onChange={(e) => setAsset(e.target.value)} aria-label="Admin asset">
            {assets.map((a) => (
              <option key={a}>{a}</option>
            ))}
          </select>
        </label>
        <div className="inline-form">
          <input
            inputMode="decimal"
            aria-label="Index price"
            placeholder="index price"
            value={price}
            onChange={(e) => setPrice(e.target.value.trim())}
          />
          <button
            type="button"
            disabled={action.busy || price === ''}
            onClick={() => void call('/price', { asset, price }, `${asset} index set to ${price}`)}
          >
            Set price
          </button>
        </div>
        <div className="inline-form">
          <input
            inputMode="numeric"
            aria-label="Shock (bps)"
            value={bps}
            onChange={(e) => setBps(e.target.value.trim())}
          />
          <span className="muted">bps</span>
          <button
            type="button"
            className="danger"
            disabled={action.busy}
            onClick={() => void call('/shock', { asset, bps: Number(bps) }, `${asset} shocked by ${bps} bps`)}
          >
            Shock
          </button>
        </div>
        <div className="quick">
          {[-3000, -1000, -500, 500, 1000].map((b) => (
            <button key={b} type="button" onClick={() => setBps(String(b))}>
              {b > 0 ? '+' : ''}
              {b / 100}%
            </button>
          ))}
          <button
            type="button"
            onClick={() => void call('/shock', { asset, bps: 0 }, `${asset} shock released`)}
          >
            release
          </button>
        </div>
        <div className="inline-form">
          <input
            inputMode="decimal"
            aria-label="Clock speed"
            value={speed}
            onChange={(e) => setSpeed(e.target.value.trim())}
          />
          <span className="muted">x</span>
          <button
            type="button"
            disabled={action.busy}
            onClick={() =>
              void call('/clock-speed', { speed: Number(speed) }, `clock runs at ${speed}x`).then(
                (ok) => ok && clock.setSpeed(Number(speed)),
              )
            }
          >
            Clock speed
          </button>
        </div>
        <div className="inline-form">
          <select value={stable} onChange={(e) => setStable(e.target.value)} aria-label="Depeg asset">
            {stablecoins.map((a) => (
              <option key={a}>{a}</option>
            ))}
          </select>
          <input
            inputMode="decimal"
            aria-label="Depeg price"
            value={depeg}
            onChange={(e) => setDepeg(e.target.value.trim())}
          />
          <button
            type="button"
            className="danger"
            disabled={action.busy || depeg === '' || stablecoins.length === 0}
            onClick={() =>
              void call('/price', { asset: stable, price: depeg }, `${stable} depegged to ${depeg}`)
            }
          >
            Depeg
          </button>
          <button
            type="button"
            disabled={action.busy || stablecoins.length === 0}
            onClick={() => void call('/price', { asset: stable, price: '1' }, `${stable} back at 1`)}
          >
            repeg
          </button>
        </div>
        <button
          type="button"
          disabled={action.busy}
          onClick={() => void call('/funding', {}, 'funding paid')}
        >
          Pay funding now
        </button>
        {session.accountId !== undefined && (
          <div className="inline-form">
            <input
              inputMode="decimal"
              aria-label="Credit USDT"
              value={credit}
              onChange={(e) => setCredit(e.target.value.trim())}
            />
            <button
              type="button"
              disabled={action.busy}
              onClick={() =>
                void call(
                  '/credit',
                  { accountId: session.accountId, asset: 'USDT', amount: credit, futures: true },
                  `${credit} USDT credited to the futures wallet`,
                )
              }
            >
              Credit USDT
            </button>
          </div>
        )}
        <ErrorText error={action.error} />
        {done && (
          <p className="ok" role="status">
            {done}
          </p>
        )}
      </div>
    </Panel>
  );
}
