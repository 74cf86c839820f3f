import { accountById, positionRisk } from '@fulcrum/core';
import type { PerpMarket, PositionRisk, PositionSide } from '@fulcrum/core';
import type { BinanceApi } from './api.ts';
import type { OrderRecord, Update } from './history.ts';
import { assetTotals } from './routes/account.ts';
import { amount, avgPrice, perpOfRecord, price, qty } from './views.ts';

/** User data stream payloads (ORDER_TRADE_UPDATE, ACCOUNT_UPDATE, MARGIN_CALL, ACCOUNT_CONFIG_UPDATE). */

export function orderTradeUpdate(api: BinanceApi, u: Extract<Update, { kind: 'order' }>) {
  const o: OrderRecord = u.order;
  const m = perpOfRecord(api.state, o.symbol);
  const f = u.fill;
  return {
    e: 'ORDER_TRADE_UPDATE',
    E: u.time,
    T: u.time,
    o: {
      s: o.symbol,
      c: o.clientOrderId,
      S: o.side,
      // Binance marks the venue's own orders (liquidation, ADL) with the type LIQUIDATION.
      o: o.origin === undefined ? o.type : 'LIQUIDATION',
      f: o.timeInForce,
      q: qty(m, o.origQty),
      p: price(m, o.price),
      ap: avgPrice(m, o),
      sp: price(m, o.stopPrice),
      x: u.execution,
      X: o.status,
      i: o.orderId,
      l: f ? qty(m, f.qty) : '0',
      z: qty(m, o.executedQty),
      L: f ? price(m, f.price) : '0',
      N: m.margin.symbol,
      n: f ? amount(m.margin, f.commission) : '0',
      T: u.time,
      t: f ? f.id : 0,
      b: '0',
      a: '0',
      m: f ? f.maker : false,
      R: o.reduceOnly,
      wt: o.workingType,
      ot: o.type,
      ps: o.positionSide,
      cp: o.closePosition,
      rp: f ? amount(m.margin, f.realizedPnl) : '0',
      pP: false,
      si: 0,
      ss: 0,
      V: 'EXPIRE_MAKER',
      pm: 'NONE',
      gtd: 0,
      // 5: expired because the account was liquidated.
      er: o.reason === 'LIQUIDATION' ? '5' : '0',
    },
  };
}

function positionEntry(m: PerpMarket, p: PositionRisk | undefined, side: PositionSide, isolated: boolean) {
  if (!p)
    return {
      s: m.symbol,
      pa: '0',
      ep: '0',
      bep: '0',
      cr: '0',
      up: '0',
      mt: isolated ? 'isolated' : 'cross',
      iw: '0',
      ps: side,
    };
  const lots = p.positionSide === 'SHORT' ? -p.qty : p.qty;
  return {
    s: m.symbol,
    pa: qty(m, lots),
    ep: price(m, p.entryPrice),
    bep: price(m, p.breakEvenPrice),
    cr: '0',
    up: amount(m.margin, p.unrealizedPnl),
    mt: p.isolated ? 'isolated' : 'cross',
    iw: p.isolated ? amount(m.margin, p.isolatedMargin) : '0',
    ps: p.positionSide,
  };
}

/** Balances and the named positions as they are now (a closed one shows as zero). */
export function accountUpdate(api: BinanceApi, u: Extract<Update, { kind: 'account' }>) {
  const state = api.state;
  const account = accountById(state, u.accountId);
  const risks = positionRisk(state, u.accountId);
  const P = u.symbols.flatMap((symbol) => {
    const m = perpOfRecord(state, symbol);
    const isolated = account?.futures.settings.get(m.index)?.isolated ?? false;
    const sides: PositionSide[] = account?.futures.dualSide ? ['LONG', 'SHORT'] : ['BOTH'];
    return sides.map((side) =>
      positionEntry(
        m,
        risks.find((p) => p.market === symbol && p.positionSide === side),
        side,
        isolated,
      ),
    );
  });
  return {
    e: 'ACCOUNT_UPDATE',
    E: u.time,
    T: u.time,
    a: {
      m: u.reason,
      B: assetTotals(api, u.accountId).map((t) => ({
        a: t.asset.symbol,
        wb: amount(t.asset, t.wallet),
        cw: amount(t.asset, t.crossWallet),
        bc: '0',
      })),
      P,
    },
  };
}

/** Positions of the account's margin group at risk, with the cross wallet (risk guidance, as Binance). */
export function marginCall(api: BinanceApi, accountId: number, asset: string, time: number) {
  const state = api.state;
  const totals = assetTotals(api, accountId).find((t) => t.asset.symbol === asset);
  return {
    e: 'MARGIN_CALL',
    E: time,
    cw: totals ? amount(totals.asset, totals.crossWallet) : '0',
    p: positionRisk(state, accountId)
      .filter((p) => perpOfRecord(state, p.market).margin.symbol === asset)
      .map((p) => {
        const m = perpOfRecord(state, p.market);
        return {
          s: p.market,
          ps: p.positionSide,
          pa: qty(m, p.positionSide === 'SHORT' ? -p.qty : p.qty),
          mt: p.isolated ? 'ISOLATED' : 'CROSSED',
          iw: p.isolated ? amount(m.margin, p.isolatedMargin) : '0',
          mp: price(m, p.markPrice),
          up: amount(m.margin, p.unrealizedPnl),
          mm: amount(m.margin, p.maintenanceMargin),
        };
      }),
  };
}

export function configUpdate(u: Extract<Update, { kind: 'leverage' }>) {
  return { e: 'ACCOUNT_CONFIG_UPDATE', E: u.time, T: u.time, ac: { s: u.symbol, l: u.leverage } };
}
