import { direction } from '../account/index.ts';
import type { Position, PositionSide } from '../account/index.ts';
import type { PerpMarket } from '../market/index.ts';
import { PPM, Rounding, divRound, pow10 } from '../money/index.ts';
import { initialMargin, liquidationPrice, marginRatioPpm } from '../risk/index.ts';
import type { HedgePosition, OneWayPosition } from '../risk/index.ts';
import {
  baseQty,
  crossSummary,
  leverageOf,
  pendingFunding,
  perpState,
  positionMaintenance,
  positionNotional,
  positionUpnl,
} from './perpMargin.ts';
import { adlQuantileOf } from './liquidation.ts';
import type { EngineState } from './state.ts';

/**
 * Read-only risk views of perpetual positions and accounts, as an API or a screen shows them
 * (Binance positionRisk and account fields). Funding not yet settled is counted as settled.
 * Amounts are quote units, prices quote units per whole base, ratios parts per million.
 */

export interface PositionRisk {
  readonly market: string;
  readonly positionSide: PositionSide;
  readonly isolated: boolean;
  readonly leverage: number;
  /** Lots, signed for BOTH. */
  readonly qty: number;
  /** Average entry price (entry value / size, rounded half-up). */
  readonly entryPrice: bigint;
  /** The price at which closing now would neither gain nor lose after fees and funding paid. */
  readonly breakEvenPrice: bigint;
  readonly markPrice: bigint;
  readonly unrealizedPnl: bigint;
  /** uPnL over the initial margin of the entry value, ppm. */
  readonly roePpm: bigint;
  readonly notional: bigint;
  readonly initialMargin: bigint;
  readonly maintenanceMargin: bigint;
  /** Isolated: the position's margin (with pending funding); cross: 0. */
  readonly isolatedMargin: bigint;
  /** Maintenance over margin balance of the position's margin group, ppm (>= 1,000,000 = liquidation). */
  readonly marginRatioPpm: bigint;
  /** Undefined when no price liquidates it; 0 when any price does. */
  readonly liquidationPrice: bigint | undefined;
  /** Auto-deleveraging queue position 0-4 (4: first to be deleveraged), as Binance's adlQuantile. */
  readonly adlQuantile: number;
}

export interface AccountRisk {
  readonly asset: string;
  readonly walletBalance: bigint;
  readonly unrealizedPnl: bigint;
  readonly marginBalance: bigint;
  readonly positionInitialMargin: bigint;
  readonly openOrderInitialMargin: bigint;
  readonly maintenanceMargin: bigint;
  readonly availableBalance: bigint;
  readonly maxWithdrawAmount: bigint;
  /** Cross group maintenance over margin balance, ppm. */
  readonly marginRatioPpm: bigint;
}

export function accountRisk(state: EngineState, accountId: number, asset: string): AccountRisk | undefined {
  const account = state.accounts[accountId - 1];
  const a = state.venue.assetBySymbol.get(asset);
  if (!account || !a) return undefined;
  const s = crossSummary(state, account, a.index);
  const available = s.available > 0n ? s.available : 0n;
  return {
    asset,
    walletBalance: s.wallet,
    unrealizedPnl: s.unrealized,
    marginBalance: s.marginBalance,
    positionInitialMargin: s.positionMargin,
    openOrderInitialMargin: s.orderMargin,
    maintenanceMargin: s.maintenance,
    availableBalance: available,
    maxWithdrawAmount: available,
    marginRatioPpm: marginRatioPpm(s.maintenance, s.marginBalance),
  };
}

function legOf(market: PerpMarket, p: Position) {
  return { qty: baseQty(market, p), basis: p.basis };
}

export function positionRisk(state: EngineState, accountId: number): PositionRisk[] {
  const account = state.accounts[accountId - 1];
  if (!account) return [];
  const f = account.futures;
  return f.positions.map((p): PositionRisk => {
    const market = state.venue.markets[p.market] as PerpMarket;
    const mark = perpState(state, market).mark;
    const side = direction(p);
    const qty = baseQty(market, p);
    const scale = pow10(market.base.decimals);
    const notional = positionNotional(market, p, mark);
    const upnl = positionUpnl(market, p, mark);
    const maintenance = positionMaintenance(market, p, mark);
    const leverage = leverageOf(f, market);
    const entryMargin = initialMargin(p.basis, leverage);
    const funding = pendingFunding(state, p);
    // Costs so far (fees, funding paid) must be earned back before closing breaks even.
    const costs = p.fees + p.funding - funding;
    const entryPrice = qty === 0n ? 0n : divRound(p.basis * scale, qty, Rounding.HalfUp);
    const breakEven =
      qty === 0n ? 0n : divRound((p.basis + BigInt(side) * costs) * scale, qty, Rounding.HalfUp);

    let walletBalance: bigint;
    let otherMaintenance = 0n;
    let otherUnrealized = 0n;
    let ratio: bigint;
    if (p.isolated) {
      walletBalance = p.margin + funding;
      ratio = marginRatioPpm(maintenance, walletBalance + upnl);
    } else {
      const group = crossSummary(state, account, market.margin.index);
      walletBalance = group.wallet;
      ratio = marginRatioPpm(group.maintenance, group.marginBalance);
      const sameSymbol = f.positions.filter((o) => !o.isolated && o.market === p.market);
      for (const o of f.positions) {
        if (o.isolated || o.market === p.market) continue;
        const m = state.venue.markets[o.market] as PerpMarket;
        if (m.margin.index !== market.margin.index) continue;
        const oMark = perpState(state, m).mark;
        otherMaintenance += positionMaintenance(m, o, oMark);
        otherUnrealized += positionUpnl(m, o, oMark);
      }
      if (sameSymbol.length > 1) {
        const long = sameSymbol.find((o) => o.side === 'LONG');
        const short = sameSymbol.find((o) => o.side === 'SHORT');
        const hedge: HedgePosition = {
          ...(long ? { long: legOf(market, long) } : {}),
          ...(short ? { short: legOf(market, short) } : {}),
        };
        return view(hedge);
      }
    }
    const oneWay: OneWayPosition = { side: side === -1 ? -1 : 1, qty, basis: p.basis };
    return view(oneWay);

    function view(position: OneWayPosition | HedgePosition): PositionRisk {
      return {
        market: market.symbol,
        positionSide: p.side,
        isolated: p.isolated,
        leverage,
        qty: p.qty,
        entryPrice,
        breakEvenPrice: breakEven,
        markPrice: mark,
        unrealizedPnl: upnl,
        roePpm: entryMargin === 0n ? 0n : divRound(upnl * PPM, entryMargin, Rounding.Down),
        notional,
        initialMargin: initialMargin(notional, leverage),
        maintenanceMargin: maintenance,
        isolatedMargin: p.isolated ? walletBalance : 0n,
        marginRatioPpm: ratio,
        adlQuantile: adlQuantileOf(state, p),
        liquidationPrice: liquidationPrice({
          walletBalance,
          otherMaintenance,
          otherUnrealized,
          position,
          brackets: market.brackets,
          baseDecimals: market.base.decimals,
        }),
      };
    }
  });
}
