import { useEffect, useState } from 'react';
import type { Credentials } from '../api/http.ts';
import type {
  AccountView,
  MarketInfo,
  OrderView,
  PositionView,
  SideEffect,
  SpotWallet,
} from '../api/types.ts';
import { useVenue } from '../hooks/venue.tsx';
import { fx, formatFixed, mul } from '../lib/decimal.ts';
import { estimateOrder, estimateSpotOrder, maxQuantity, portion, quoteToBase } from '../lib/estimate.ts';
import type { OrderEstimate } from '../lib/estimate.ts';
import { orderBody } from '../lib/orderBody.ts';
import type { OrderKind } from '../lib/orderBody.ts';
import { ErrorText, Panel, Segmented, useAction } from './common.tsx';
import { EstimateLine, LeverageControl, WalletControl } from './OrderFormParts.tsx';

type Side = 'BUY' | 'SELL';
type MarginType = 'CROSSED' | 'ISOLATED';

export interface FormProps {
  readonly market: MarketInfo;
  readonly account: AccountView | undefined;
  readonly positions: readonly PositionView[];
  readonly bestBid: string | undefined;
  readonly bestAsk: string | undefined;
  readonly markPrice: string | null;
  readonly credentials: Credentials | undefined;
  /** A price picked in the book, with a counter so picking the same price twice still applies. */
  readonly picked: { readonly price: string; readonly n: number } | undefined;
  readonly onPlaced: () => void;
}

/**
 * Order entry: margin mode and leverage (perpetuals), limit / market / stop, size in base or quote,
 * reduce-only and post-only, with the cost and an estimated liquidation price before sending.
 */
export function OrderForm(props: FormProps) {
  const { market, account, positions, bestBid, bestAsk, markPrice, credentials, picked, onPlaced } = props;
  const { api, features } = useVenue();
  const perp = market.kind === 'PERPETUAL';
  // Spot pairs trade from the margin accounts too once the venue offers spot margin.
  const marginWallets = !perp && features?.spotMargin === true;
  const [wallet, setWallet] = useState<SpotWallet>('SPOT');
  const [sideEffect, setSideEffect] = useState<SideEffect>('NO_SIDE_EFFECT');
  const settings = account?.futures.markets.find((m) => m.market === market.symbol);
  const maxLeverage = market.perpetual?.brackets[0]?.maxLeverage ?? market.perpetual?.maxLeverage ?? 1;
  const [marginType, setMarginType] = useState<MarginType>('CROSSED');
  const [leverage, setLeverage] = useState(market.perpetual?.defaultLeverage ?? 1);
  const [kind, setKind] = useState<OrderKind>('LIMIT');
  const [price, setPrice] = useState('');
  const [stopPrice, setStopPrice] = useState('');
  const [unit, setUnit] = useState<'BASE' | 'QUOTE'>('BASE');
  const [size, setSize] = useState('');
  const [reduceOnly, setReduceOnly] = useState(false);
  const [postOnly, setPostOnly] = useState(false);
  const [placed, setPlaced] = useState<string>();
  const action = useAction();

  // The account's own settings are the starting point whenever they or the market change.
  const savedType = settings?.marginType;
  const savedLeverage = settings?.leverage;
  useEffect(() => {
    setMarginType(savedType ?? 'CROSSED');
    setLeverage(savedLeverage ?? market.perpetual?.defaultLeverage ?? 1);
  }, [market.symbol, market.perpetual?.defaultLeverage, savedType, savedLeverage]);
  const { clear } = action;
  useEffect(() => {
    setPrice('');
    setStopPrice('');
    setSize('');
    setPlaced(undefined);
    clear();
  }, [market.symbol, clear]);
  useEffect(() => {
    if (!picked) return;
    setPrice(picked.price);
    setKind((k) => (k === 'MARKET' ? 'LIMIT' : k));
  }, [picked]);

  const limitPrice = kind === 'MARKET' || (kind === 'STOP' && price === '') ? undefined : price;
  // What the order is expected to fill at: its limit, else the stop, else the other side's best.
  const refPrice = (side: Side): string | undefined =>
    limitPrice ??
    (kind === 'STOP' && stopPrice !== '' ? stopPrice : undefined) ??
    (side === 'BUY' ? bestAsk : bestBid) ??
    markPrice ??
    undefined;
  const qtyFor = (side: Side): string | undefined => {
    if (unit === 'BASE') return size === '' ? undefined : size;
    const p = refPrice(side);
    return p === undefined ? undefined : quoteToBase(size, p, market.lotSize);
  };
  const feeRate = kind === 'LIMIT' && postOnly ? market.makerFee : market.takerFee;
  const marginAsset = market.perpetual?.marginAsset ?? market.quote;
  const futures = account?.futures.assets.find((a) => a.asset === marginAsset);
  const current = positions.find((p) => p.market === market.symbol && p.positionSide === 'BOTH');

  const estimateFor = (side: Side): OrderEstimate | undefined => {
    const qty = qtyFor(side);
    const p = refPrice(side);
    if (qty === undefined || p === undefined) return undefined;
    if (!perp) return estimateSpotOrder(qty, p, market.takerFee);
    const crossCurrent = current && current.marginType === 'CROSSED' ? current : undefined;
    return estimateOrder({
      side,
      qty,
      price: p,
      leverage,
      isolated: marginType === 'ISOLATED',
      feeRate,
      tickSize: market.tickSize,
      brackets: market.perpetual?.brackets ?? [],
      walletBalance: futures?.walletBalance ?? '0',
      otherMaintenance: formatFixed(fx(futures?.maintenanceMargin) - fx(crossCurrent?.maintenanceMargin), 18),
      otherUnrealizedPnl: formatFixed(fx(futures?.unrealizedPnl) - fx(crossCurrent?.unrealizedPnl), 18),
      ...(current
        ? {
            position: {
              qty: current.qty,
              entryPrice: current.entryPrice,
              isolatedMargin: current.isolatedMargin,
            },
          }
        : {}),
    });
  };

  const available = perp
    ? futures?.availableBalance
    : account?.spot.find((s) => s.asset === market.quote)?.available;

  const fillPercent = (percent: number) => {
    const p = refPrice('BUY');
    if (available === undefined || p === undefined) return;
    const max = maxQuantity(available, p, perp ? leverage : 1, feeRate, market.lotSize);
    const qty = max === undefined ? undefined : portion(max, percent, market.lotSize);
    if (qty === undefined) return setSize('');
    setSize(unit === 'BASE' ? qty : formatFixed(mul(fx(qty), fx(p)), 2, { rounding: 'down' }));
  };

  const submit = async (side: Side) => {
    if (!credentials) return;
    setPlaced(undefined);
    const order = await action.run(async () => {
      const quantity = qtyFor(side);
      if (quantity === undefined || fx(quantity) <= 0n)
        throw new Error(
          unit === 'QUOTE' ? 'the amount buys less than one lot at this price' : 'enter a size',
        );
      if (perp && marginType !== (savedType ?? 'CROSSED'))
        await api.signed(credentials, 'POST', '/api/v1/margin-type', {
          body: { market: market.symbol, marginType },
        });
      if (perp && leverage !== (savedLeverage ?? market.perpetual?.defaultLeverage))
        await api.signed(credentials, 'POST', '/api/v1/leverage', {
          body: { market: market.symbol, leverage },
        });
      const body = orderBody({
        market: market.symbol,
        side,
        quantity,
        kind,
        price,
        stopPrice,
        postOnly,
        reduceOnly,
        perp,
        hedge: account?.futures.positionMode === 'HEDGE',
        ...(marginWallets ? { wallet, sideEffect } : {}),
      });
      return api.signed<OrderView>(credentials, 'POST', '/api/v1/orders', { body });
    });
    if (order) {
      const avg = order.avgPrice === null ? '' : ` @ ${order.avgPrice}`;
      setPlaced(`Order ${order.orderId} ${order.side} ${order.origQty} ${order.type}: ${order.status}${avg}`);
    }
    onPlaced();
  };

  const buy = estimateFor('BUY');
  const sell = estimateFor('SELL');
  const kinds = [
    { value: 'LIMIT' as const, label: 'Limit' },
    { value: 'MARKET' as const, label: 'Market' },
    ...(perp ? [{ value: 'STOP' as const, label: 'Stop' }] : []),
  ];
  return (
    <Panel title="Place order" className="form-panel">
      <form className="order-form" onSubmit={(e) => e.preventDefault()} aria-label="Order form">
        {perp && (
          <div className="form-row">
            <Segmented
              label="Margin mode"
              value={marginType}
              onChange={setMarginType}
              options={[
                { value: 'CROSSED', label: 'Cross' },
                { value: 'ISOLATED', label: 'Isolated' },
              ]}
            />
          </div>
        )}
        {perp && <LeverageControl value={leverage} max={maxLeverage} onChange={setLeverage} />}
        {marginWallets && (
          <WalletControl
            wallet={wallet}
            sideEffect={sideEffect}
            onWallet={setWallet}
            onSideEffect={setSideEffect}
          />
        )}
        <Segmented label="Order type" value={kind} onChange={setKind} options={kinds} />
        {kind === 'STOP' && (
          <label className="field">
            <span>Stop price ({market.quote})</span>
            <input
              inputMode="decimal"
              value={stopPrice}
              onChange={(e) => setStopPrice(e.target.value.trim())}
              placeholder="triggers on the mark"
            />
          </label>
        )}
        {kind !== 'MARKET' && (
          <label className="field">
            <span>
              {kind === 'STOP' ? 'Limit price (empty: market)' : 'Price'} ({market.quote})
            </span>
            <input
              inputMode="decimal"
              aria-label="Price"
              value={price}
              onChange={(e) => setPrice(e.target.value.trim())}
              placeholder={markPrice ?? ''}
            />
          </label>
        )}
        <div className="field">
          <span>
            <label htmlFor="order-size">Size ({unit === 'BASE' ? market.base : market.quote})</label>
            <button
              type="button"
              className="link"
              onClick={() => setUnit(unit === 'BASE' ? 'QUOTE' : 'BASE')}
            >
              in {unit === 'BASE' ? market.quote : market.base}
            </button>
          </span>
          <input
            id="order-size"
            inputMode="decimal"
            value={size}
            onChange={(e) => setSize(e.target.value.trim())}
            placeholder={`lot ${market.lotSize}`}
          />
        </div>
        <div className="percent-row">
          {[25, 50, 75, 100].map((p) => (
            <button key={p} type="button" onClick={() => fillPercent(p)} disabled={!credentials}>
              {p}%
            </button>
          ))}
        </div>
        <div className="checks">
          {perp && (
            <label>
              <input type="checkbox" checked={reduceOnly} onChange={(e) => setReduceOnly(e.target.checked)} />{' '}
              Reduce-only
            </label>
          )}
          {kind === 'LIMIT' && (
            <label>
              <input type="checkbox" checked={postOnly} onChange={(e) => setPostOnly(e.target.checked)} />{' '}
              Post-only
            </label>
          )}
        </div>
        <div className="available muted">
          Available: <span className="num">{available ?? '–'}</span> {perp ? marginAsset : market.quote}
        </div>
        <EstimateLine side="BUY" estimate={buy} quote={marginAsset} perp={perp} />
        <EstimateLine side="SELL" estimate={sell} quote={marginAsset} perp={perp} />
        {perp && (
          <p className="hint muted">
            Liquidation prices here are estimates from the bracket's maintenance rate.
          </p>
        )}
        {credentials ? (
          <div className="submit-row">
            <button type="button" className="buy" disabled={action.busy} onClick={() => void submit('BUY')}>
              {perp ? 'Buy / Long' : 'Buy'}
            </button>
            <button type="button" className="sell" disabled={action.busy} onClick={() => void submit('SELL')}>
              {perp ? 'Sell / Short' : 'Sell'}
            </button>
          </div>
        ) : (
          <p className="muted">Log in with an API key to trade.</p>
        )}
        <ErrorText error={action.error} />
        {placed && (
          <p className="ok" role="status">
            {placed}
          </p>
        )}
      </form>
    </Panel>
  );
}
