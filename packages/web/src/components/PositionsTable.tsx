import { useState } from 'react';
import type { Credentials } from '../api/http.ts';
import type { MarketInfo, PlaceOrderBody, PositionView } from '../api/types.ts';
import { useVenue } from '../hooks/venue.tsx';
import { percentText, signOf } from '../lib/decimal.ts';
import { signedPercent, signedText, toneOf, unsigned } from '../lib/format.ts';
import { ErrorText, useAction } from './common.tsx';

/** Four lights for the ADL queue quantile (0-4): the more lit, the sooner this position is deleveraged. */
function AdlLights({ quantile }: { quantile: number | undefined }) {
  if (quantile === undefined) return <span className="muted">–</span>;
  return (
    <span className="adl" title={`ADL queue quantile ${quantile} of 4`} aria-label={`ADL ${quantile} of 4`}>
      {[1, 2, 3, 4].map((i) => (
        <i key={i} className={i <= quantile ? `lit q${quantile}` : ''} />
      ))}
    </span>
  );
}

function MarginEditor({
  position,
  credentials,
  onDone,
}: {
  position: PositionView;
  credentials: Credentials;
  onDone: () => void;
}) {
  const { api } = useVenue();
  const [amount, setAmount] = useState('');
  const action = useAction();
  const adjust = async (kind: 'ADD' | 'REMOVE') => {
    const sideField = position.positionSide === 'BOTH' ? {} : { positionSide: position.positionSide };
    const done = await action.run(() =>
      api.signed(credentials, 'POST', '/api/v1/isolated-margin', {
        body: { market: position.market, amount, action: kind, ...sideField },
      }),
    );
    if (done) {
      setAmount('');
      onDone();
    }
  };
  return (
    <div className="margin-editor">
      <input
        inputMode="decimal"
        aria-label="Margin amount"
        placeholder="amount"
        value={amount}
        onChange={(e) => setAmount(e.target.value.trim())}
      />
      <button type="button" disabled={action.busy} onClick={() => void adjust('ADD')}>
        Add
      </button>
      <button type="button" disabled={action.busy} onClick={() => void adjust('REMOVE')}>
        Remove
      </button>
      <ErrorText error={action.error} />
    </div>
  );
}

function PositionRow({
  p,
  market,
  credentials,
  adl,
  funding,
  onChanged,
}: {
  p: PositionView;
  market: MarketInfo | undefined;
  credentials: Credentials;
  adl: number | undefined;
  funding: string | undefined;
  onChanged: () => void;
}) {
  const { api } = useVenue();
  const [limit, setLimit] = useState('');
  const [editing, setEditing] = useState(false);
  const action = useAction();
  const long = p.positionSide === 'LONG' || (p.positionSide === 'BOTH' && signOf(p.qty) > 0);
  const isolated = p.marginType === 'ISOLATED';

  const close = async (type: 'MARKET' | 'LIMIT') => {
    const side = long ? 'SELL' : 'BUY';
    // One-way positions close with reduce-only; hedge-mode ones by naming their side.
    const which = p.positionSide === 'BOTH' ? { reduceOnly: true } : { positionSide: p.positionSide };
    const body: PlaceOrderBody =
      type === 'MARKET'
        ? { market: p.market, side, type, quantity: unsigned(p.qty), ...which }
        : {
            market: p.market,
            side,
            type,
            quantity: unsigned(p.qty),
            price: limit,
            timeInForce: 'GTC',
            ...which,
          };
    if (await action.run(() => api.signed(credentials, 'POST', '/api/v1/orders', { body }))) onChanged();
  };

  return (
    <tr data-testid={`position-${p.market}`} className={long ? 'long' : 'short'}>
      <td data-label="Market" className="nowrap">
        <span className={`side-bar ${long ? 'up' : 'down'}`} />
        <b>{p.market}</b>{' '}
        <span className="tag">
          {isolated ? 'Isolated' : 'Cross'} {p.leverage}x
        </span>
      </td>
      <td data-label="Size" className="num">
        <span className={long ? 'up' : 'down'}>
          {long ? 'Long' : 'Short'} {unsigned(p.qty)} {market?.base}
        </span>
        <div className="muted">
          {p.notional} {market?.quote}
        </div>
      </td>
      <td data-label="Entry" className="num">
        {p.entryPrice}
      </td>
      <td data-label="Break-even" className="num">
        {p.breakEvenPrice}
      </td>
      <td data-label="Mark" className="num">
        {p.markPrice}
      </td>
      <td data-label="Liq. price" className="num liq" data-testid="liq-price">
        {p.liquidationPrice ?? 'none'}
      </td>
      <td data-label="Margin ratio" className="num">
        {p.marginRatio === null ? '∞' : percentText(p.marginRatio)}
      </td>
      <td data-label="Margin" className="num">
        {isolated ? p.isolatedMargin : p.initialMargin}
        {isolated && (
          <button type="button" className="link" onClick={() => setEditing(!editing)} aria-expanded={editing}>
            ±
          </button>
        )}
        {isolated && editing && <MarginEditor position={p} credentials={credentials} onDone={onChanged} />}
      </td>
      <td data-label="uPnL (ROE)" className={`num ${toneOf(p.unrealizedPnl)}`}>
        {signedText(p.unrealizedPnl)}
        <div>({signedPercent(p.roe)})</div>
      </td>
      <td data-label="Funding" className={`num ${toneOf(funding)}`}>
        {funding === undefined ? '–' : signedText(funding)}
      </td>
      <td data-label="ADL">
        <AdlLights quantile={adl ?? p.adlQuantile} />
      </td>
      <td data-label="Close">
        <div className="close-cell">
          <button type="button" disabled={action.busy} onClick={() => void close('MARKET')}>
            Market
          </button>
          <input
            inputMode="decimal"
            aria-label={`Close ${p.market} at price`}
            placeholder="price"
            value={limit}
            onChange={(e) => setLimit(e.target.value.trim())}
          />
          <button type="button" disabled={action.busy || limit === ''} onClick={() => void close('LIMIT')}>
            Limit
          </button>
        </div>
        <ErrorText error={action.error} />
      </td>
    </tr>
  );
}

/** Open positions with their risk, margin controls and close buttons. */
export function PositionsTable({
  positions,
  markets,
  credentials,
  adl,
  funding,
  onChanged,
}: {
  positions: readonly PositionView[];
  markets: ReadonlyMap<string, MarketInfo>;
  credentials: Credentials;
  adl: ReadonlyMap<string, number>;
  funding: ReadonlyMap<string, string>;
  onChanged: () => void;
}) {
  if (positions.length === 0)
    return (
      <p className="muted empty" data-testid="no-positions">
        No open positions
      </p>
    );
  return (
    <div className="table-scroll">
      <table className="grid cards" data-testid="positions">
        <thead>
          <tr>
            <th>Market</th>
            <th>Size</th>
            <th>Entry</th>
            <th>Break-even</th>
            <th>Mark</th>
            <th>Liq. price</th>
            <th>Margin ratio</th>
            <th>Margin</th>
            <th>uPnL (ROE)</th>
            <th>Funding</th>
            <th>ADL</th>
            <th>Close</th>
          </tr>
        </thead>
        <tbody>
          {positions.map((p) => (
            <PositionRow
              key={`${p.market}|${p.positionSide}`}
              p={p}
              market={markets.get(p.market)}
              credentials={credentials}
              adl={adl.get(`${p.market}|${p.positionSide}`)}
              funding={funding.get(p.market)}
              onChanged={onChanged}
            />
          ))}
        </tbody>
      </table>
    </div>
  );
}
