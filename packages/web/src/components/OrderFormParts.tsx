import type { SideEffect, SpotWallet } from '../api/types.ts';
import type { OrderEstimate } from '../lib/estimate.ts';
import { Segmented } from './common.tsx';

/** Pieces of the order form that only show what they are given. */

type Side = 'BUY' | 'SELL';

/** Leverage as a slider with its number; capped by the market's first bracket. */
export function LeverageControl({
  value,
  max,
  onChange,
}: {
  value: number;
  max: number;
  onChange: (v: number) => void;
}) {
  return (
    <div className="leverage">
      <label htmlFor="leverage">Leverage</label>
      <input
        type="range"
        min={1}
        max={max}
        value={value}
        onChange={(e) => onChange(Number(e.target.value))}
        aria-label="Leverage slider"
      />
      <span className="leverage-input">
        <input
          id="leverage"
          type="number"
          inputMode="numeric"
          min={1}
          max={max}
          value={value}
          onChange={(e) => onChange(Math.max(1, Math.min(max, Math.floor(Number(e.target.value) || 1))))}
        />
        x
      </span>
    </div>
  );
}

export function EstimateLine({
  side,
  estimate,
  quote,
  perp,
}: {
  side: Side;
  estimate: OrderEstimate | undefined;
  quote: string;
  perp: boolean;
}) {
  const name = side === 'BUY' ? (perp ? 'Long' : 'Buy') : perp ? 'Short' : 'Sell';
  return (
    <div
      className={`estimate ${side === 'BUY' ? 'up' : 'down'}`}
      data-testid={`estimate-${side.toLowerCase()}`}
    >
      <span>
        {name} cost ≈ <b className="num">{estimate ? `${estimate.cost} ${quote}` : '–'}</b>
      </span>
      {perp && (
        <span title="Estimated client-side from the leverage bracket's maintenance rate; the venue's figure appears once the position exists.">
          Est. liq. price ≈ <b className="num">{estimate ? (estimate.liquidationPrice ?? 'none') : '–'}</b>
        </span>
      )}
    </div>
  );
}

/** Spot pairs with spot margin: trade from the spot wallet or a margin account, borrowing or not. */
export function WalletControl({
  wallet,
  sideEffect,
  onWallet,
  onSideEffect,
}: {
  wallet: SpotWallet;
  sideEffect: SideEffect;
  onWallet: (w: SpotWallet) => void;
  onSideEffect: (s: SideEffect) => void;
}) {
  return (
    <div className="form-row wallet-row">
      <Segmented
        label="Wallet"
        value={wallet}
        onChange={onWallet}
        options={[
          { value: 'SPOT', label: 'Spot' },
          { value: 'MARGIN', label: 'Cross margin' },
          { value: 'ISOLATED_MARGIN', label: 'Isolated' },
        ]}
      />
      {wallet !== 'SPOT' && (
        <select
          value={sideEffect}
          onChange={(e) => onSideEffect(e.target.value as SideEffect)}
          aria-label="Borrowing"
        >
          <option value="NO_SIDE_EFFECT">Normal</option>
          <option value="MARGIN_BUY">Borrow</option>
          <option value="AUTO_REPAY">Repay</option>
          <option value="AUTO_BORROW_REPAY">Borrow + repay</option>
        </select>
      )}
    </div>
  );
}
