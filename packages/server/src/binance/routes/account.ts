import { accountById, accountRisk, positionRisk } from '@fulcrum/core';
import type { Asset, PerpMarket, PositionRisk, PositionSide } from '@fulcrum/core';
import type { FastifyInstance } from 'fastify';
import { parseAmount, ppmText } from '../../format.ts';
import { accountOf, endpoint, submitOrThrow } from '../api.ts';
import type { BinanceApi, Call } from '../api.ts';
import { B, BinanceError } from '../errors.ts';
import type { IncomeType, OrderRecord } from '../history.ts';
import { optionalPerp, perpNamed } from '../params.ts';
import { amount, incomeView, orderView, price, qty } from '../views.ts';

/** Account, positions and futures settings under /fapi/v1, v2 and v3 (all signed). */

const INCOME_TYPES: readonly IncomeType[] = [
  'TRANSFER',
  'REALIZED_PNL',
  'FUNDING_FEE',
  'COMMISSION',
  'INSURANCE_CLEAR',
  'AUTO_EXCHANGE',
];

/** The largest notional the brackets allow at this leverage, in the margin asset. */
export function maxNotional(m: PerpMarket, leverage: number): bigint {
  let cap = 0n;
  for (const b of m.brackets) if (b.maxLeverage >= leverage && b.cap > cap) cap = b.cap;
  return cap;
}

/** Binance's positionAmt: negative for shorts, hedge SHORT legs included. */
const signedLots = (p: PositionRisk): number => (p.positionSide === 'SHORT' ? -p.qty : p.qty);

export interface AssetTotals {
  readonly asset: Asset;
  readonly wallet: bigint;
  readonly unrealized: bigint;
  readonly marginBalance: bigint;
  readonly initialMargin: bigint;
  readonly positionInitialMargin: bigint;
  readonly openOrderInitialMargin: bigint;
  readonly maintMargin: bigint;
  readonly crossWallet: bigint;
  readonly crossUnPnl: bigint;
  readonly available: bigint;
  readonly maxWithdraw: bigint;
}

/** An account's futures totals per margin asset, isolated positions included as Binance counts them. */
export function assetTotals(api: BinanceApi, accountId: number): AssetTotals[] {
  const state = api.state;
  const risks = positionRisk(state, accountId);
  const assets = [...new Set(state.venue.perpMarkets.map((m) => m.margin.symbol))];
  return assets.map((symbol) => {
    const asset = state.venue.assetBySymbol.get(symbol)!;
    const r = accountRisk(state, accountId, symbol)!;
    let isoWallet = 0n;
    let isoUpnl = 0n;
    let isoIm = 0n;
    let isoMm = 0n;
    for (const p of risks) {
      const m = state.venue.marketBySymbol.get(p.market) as PerpMarket;
      if (!p.isolated || m.margin.symbol !== symbol) continue;
      isoWallet += p.isolatedMargin;
      isoUpnl += p.unrealizedPnl;
      isoIm += p.initialMargin;
      isoMm += p.maintenanceMargin;
    }
    const wallet = r.walletBalance + isoWallet;
    const unrealized = r.unrealizedPnl + isoUpnl;
    return {
      asset,
      wallet,
      unrealized,
      marginBalance: wallet + unrealized,
      initialMargin: r.positionInitialMargin + r.openOrderInitialMargin + isoIm,
      positionInitialMargin: r.positionInitialMargin + isoIm,
      openOrderInitialMargin: r.openOrderInitialMargin,
      maintMargin: r.maintenanceMargin + isoMm,
      crossWallet: r.walletBalance,
      crossUnPnl: r.unrealizedPnl,
      available: r.availableBalance,
      maxWithdraw: r.maxWithdrawAmount,
    };
  });
}

export function accountRoutes(app: FastifyInstance, api: BinanceApi): void {
  const { state, history } = api;
  const venue = state.venue;
  const accountNow = (call: Call) => accountById(state, accountOf(call))!;

  const settingsOf = (accountId: number, m: PerpMarket) => {
    const s = accountById(state, accountId)!.futures.settings.get(m.index);
    return { leverage: s?.leverage ?? m.defaultLeverage, isolated: s?.isolated ?? false };
  };

  /** Open-order notional of a market per side, for bidNotional / askNotional. */
  const orderNotional = (accountId: number, m: PerpMarket) => {
    let bid = 0n;
    let ask = 0n;
    for (const o of history.openOf(accountId, m.symbol)) {
      if (o.conditional && o.triggerTime === 0) continue;
      const open = BigInt(o.origQty - o.executedQty) * m.lotUnits;
      const value = (open * o.price) / 10n ** BigInt(m.base.decimals);
      if (o.side === 'BUY') bid += value;
      else ask += value;
    }
    return { bid, ask };
  };

  const positionV3 = (accountId: number, p: PositionRisk) => {
    const m = venue.marketBySymbol.get(p.market) as PerpMarket;
    const lots = signedLots(p);
    const notional = lots < 0 ? -p.notional : p.notional;
    const orders = orderNotional(accountId, m);
    return {
      symbol: p.market,
      positionSide: p.positionSide,
      positionAmt: qty(m, lots),
      entryPrice: price(m, p.entryPrice),
      breakEvenPrice: price(m, p.breakEvenPrice),
      markPrice: price(m, p.markPrice),
      unRealizedProfit: amount(m.margin, p.unrealizedPnl),
      liquidationPrice: p.liquidationPrice === undefined ? '0' : price(m, p.liquidationPrice),
      isolatedMargin: p.isolated ? amount(m.margin, p.isolatedMargin + p.unrealizedPnl) : '0',
      notional: amount(m.margin, notional),
      marginAsset: m.margin.symbol,
      isolatedWallet: p.isolated ? amount(m.margin, p.isolatedMargin) : '0',
      initialMargin: amount(m.margin, p.initialMargin),
      maintMargin: amount(m.margin, p.maintenanceMargin),
      positionInitialMargin: amount(m.margin, p.initialMargin),
      openOrderInitialMargin: '0',
      adl: p.adlQuantile,
      bidNotional: amount(m.margin, orders.bid),
      askNotional: amount(m.margin, orders.ask),
      updateTime: 0,
    };
  };

  const positionV2 = (accountId: number, p: PositionRisk) => {
    const m = venue.marketBySymbol.get(p.market) as PerpMarket;
    const v3 = positionV3(accountId, p);
    return {
      entryPrice: v3.entryPrice,
      breakEvenPrice: v3.breakEvenPrice,
      marginType: p.isolated ? 'isolated' : 'cross',
      isAutoAddMargin: 'false',
      isolatedMargin: v3.isolatedMargin,
      leverage: String(p.leverage),
      liquidationPrice: v3.liquidationPrice,
      markPrice: v3.markPrice,
      maxNotionalValue: amount(m.margin, maxNotional(m, p.leverage)),
      positionAmt: v3.positionAmt,
      notional: v3.notional,
      isolatedWallet: v3.isolatedWallet,
      symbol: p.market,
      unRealizedProfit: v3.unRealizedProfit,
      positionSide: p.positionSide,
      updateTime: 0,
    };
  };

  /** A flat leg, for markets without a position (v2 lists every market). */
  const flat = (accountId: number, m: PerpMarket, side: PositionSide) => {
    const s = settingsOf(accountId, m);
    const mark = state.perp[m.index]!.mark;
    return {
      entryPrice: '0',
      breakEvenPrice: '0',
      marginType: s.isolated ? 'isolated' : 'cross',
      isAutoAddMargin: 'false',
      isolatedMargin: '0',
      leverage: String(s.leverage),
      liquidationPrice: '0',
      markPrice: price(m, mark),
      maxNotionalValue: amount(m.margin, maxNotional(m, s.leverage)),
      positionAmt: '0',
      notional: '0',
      isolatedWallet: '0',
      symbol: m.symbol,
      unRealizedProfit: '0',
      positionSide: side,
      updateTime: 0,
    };
  };

  const sidesOf = (accountId: number): PositionSide[] =>
    accountById(state, accountId)!.futures.dualSide ? ['LONG', 'SHORT'] : ['BOTH'];

  const totals = (accountId: number) => {
    const rows = assetTotals(api, accountId);
    const sum = (f: (t: (typeof rows)[number]) => bigint) => rows.reduce((s, t) => s + f(t), 0n);
    // Totals are in the margin asset; with one margin asset (USDT) they are exact.
    const a = rows[0]!.asset;
    return {
      rows,
      head: {
        totalInitialMargin: amount(
          a,
          sum((t) => t.initialMargin),
        ),
        totalMaintMargin: amount(
          a,
          sum((t) => t.maintMargin),
        ),
        totalWalletBalance: amount(
          a,
          sum((t) => t.wallet),
        ),
        totalUnrealizedProfit: amount(
          a,
          sum((t) => t.unrealized),
        ),
        totalMarginBalance: amount(
          a,
          sum((t) => t.marginBalance),
        ),
        totalPositionInitialMargin: amount(
          a,
          sum((t) => t.positionInitialMargin),
        ),
        totalOpenOrderInitialMargin: amount(
          a,
          sum((t) => t.openOrderInitialMargin),
        ),
        totalCrossWalletBalance: amount(
          a,
          sum((t) => t.crossWallet),
        ),
        totalCrossUnPnl: amount(
          a,
          sum((t) => t.crossUnPnl),
        ),
        availableBalance: amount(
          a,
          sum((t) => t.available),
        ),
        maxWithdrawAmount: amount(
          a,
          sum((t) => t.maxWithdraw),
        ),
      },
    };
  };

  const assetView = (t: AssetTotals) => ({
    asset: t.asset.symbol,
    walletBalance: amount(t.asset, t.wallet),
    unrealizedProfit: amount(t.asset, t.unrealized),
    marginBalance: amount(t.asset, t.marginBalance),
    maintMargin: amount(t.asset, t.maintMargin),
    initialMargin: amount(t.asset, t.initialMargin),
    positionInitialMargin: amount(t.asset, t.positionInitialMargin),
    openOrderInitialMargin: amount(t.asset, t.openOrderInitialMargin),
    crossWalletBalance: amount(t.asset, t.crossWallet),
    crossUnPnl: amount(t.asset, t.crossUnPnl),
    availableBalance: amount(t.asset, t.available),
    maxWithdrawAmount: amount(t.asset, t.maxWithdraw),
    marginAvailable: true,
    // CCXT skips assets whose updateTime is 0 (never used on Binance).
    updateTime: state.time,
  });

  endpoint(app, api, 'GET', '/v2/account', 'USER_DATA', (call) => {
    const accountId = accountOf(call);
    const { rows, head } = totals(accountId);
    const risks = positionRisk(state, accountId);
    return {
      feeTier: 0,
      feeBurn: false,
      canTrade: call.auth!.canTrade,
      canDeposit: true,
      canWithdraw: true,
      updateTime: 0,
      multiAssetsMargin: false,
      tradeGroupId: -1,
      ...head,
      assets: rows.map(assetView),
      positions: venue.perpMarkets.flatMap((m) =>
        sidesOf(accountId).map((side) => {
          const p = risks.find((r) => r.market === m.symbol && r.positionSide === side);
          const s = settingsOf(accountId, m);
          const v = p ? positionV3(accountId, p) : undefined;
          return {
            symbol: m.symbol,
            initialMargin: v?.initialMargin ?? '0',
            maintMargin: v?.maintMargin ?? '0',
            unrealizedProfit: v?.unRealizedProfit ?? '0',
            positionInitialMargin: v?.positionInitialMargin ?? '0',
            openOrderInitialMargin: '0',
            leverage: String(s.leverage),
            isolated: s.isolated,
            entryPrice: v?.entryPrice ?? '0',
            breakEvenPrice: v?.breakEvenPrice ?? '0',
            maxNotional: amount(m.margin, maxNotional(m, s.leverage)),
            bidNotional: v?.bidNotional ?? '0',
            askNotional: v?.askNotional ?? '0',
            positionSide: side,
            positionAmt: v?.positionAmt ?? '0',
            updateTime: 0,
          };
        }),
      ),
    };
  });

  endpoint(app, api, 'GET', '/v3/account', 'USER_DATA', (call) => {
    const accountId = accountOf(call);
    const { rows, head } = totals(accountId);
    return {
      ...head,
      assets: rows.map(assetView),
      positions: positionRisk(state, accountId).map((p) => {
        const v = positionV3(accountId, p);
        return {
          symbol: v.symbol,
          positionSide: v.positionSide,
          positionAmt: v.positionAmt,
          unrealizedProfit: v.unRealizedProfit,
          isolatedMargin: v.isolatedMargin,
          notional: v.notional,
          isolatedWallet: v.isolatedWallet,
          initialMargin: v.initialMargin,
          maintMargin: v.maintMargin,
          updateTime: 0,
        };
      }),
    };
  });

  const balance = (call: Call) =>
    assetTotals(api, accountOf(call)).map((t) => ({
      accountAlias: 'FuLcRuM',
      asset: t.asset.symbol,
      balance: amount(t.asset, t.wallet),
      crossWalletBalance: amount(t.asset, t.crossWallet),
      crossUnPnl: amount(t.asset, t.crossUnPnl),
      availableBalance: amount(t.asset, t.available),
      maxWithdrawAmount: amount(t.asset, t.maxWithdraw),
      marginAvailable: true,
      updateTime: state.time,
    }));
  endpoint(app, api, 'GET', '/v2/balance', 'USER_DATA', balance);
  endpoint(app, api, 'GET', '/v3/balance', 'USER_DATA', balance);

  endpoint(app, api, 'GET', '/v2/positionRisk', 'USER_DATA', (call) => {
    const accountId = accountOf(call);
    const wanted = optionalPerp(state, call.params);
    const risks = positionRisk(state, accountId);
    return (wanted ? [wanted] : venue.perpMarkets).flatMap((m) =>
      sidesOf(accountId).map((side) => {
        const p = risks.find((r) => r.market === m.symbol && r.positionSide === side);
        return p ? positionV2(accountId, p) : flat(accountId, m, side);
      }),
    );
  });

  endpoint(app, api, 'GET', '/v3/positionRisk', 'USER_DATA', (call) => {
    const accountId = accountOf(call);
    const wanted = optionalPerp(state, call.params);
    return positionRisk(state, accountId)
      .filter((p) => wanted === undefined || p.market === wanted.symbol)
      .map((p) => positionV3(accountId, p));
  });

  endpoint(app, api, 'GET', '/v1/adlQuantile', 'USER_DATA', (call) => {
    const accountId = accountOf(call);
    const wanted = optionalPerp(state, call.params);
    const risks = positionRisk(state, accountId).filter(
      (p) => wanted === undefined || p.market === wanted.symbol,
    );
    const symbols = [...new Set(risks.map((p) => p.market))];
    return symbols.map((symbol) => {
      const q = (side: PositionSide) =>
        risks.find((p) => p.market === symbol && p.positionSide === side)?.adlQuantile ?? 0;
      const both = risks.some((p) => p.market === symbol && p.positionSide === 'BOTH');
      return {
        symbol,
        adlQuantile: both ? { LONG: 0, SHORT: 0, BOTH: q('BOTH') } : { LONG: q('LONG'), SHORT: q('SHORT') },
      };
    });
  });

  const bracketView = (m: PerpMarket) => ({
    symbol: m.symbol,
    notionalCoef: 1.0,
    brackets: m.brackets.map((b) => ({
      bracket: b.index + 1,
      initialLeverage: b.maxLeverage,
      notionalCap: Number(amount(m.margin, b.cap)),
      notionalFloor: Number(amount(m.margin, b.floor)),
      maintMarginRatio: Number(ppmText(b.mmrPpm)),
      cum: Number(amount(m.margin, b.cum)),
    })),
  });
  endpoint(app, api, 'GET', '/v1/leverageBracket', 'USER_DATA', (call) => {
    const m = optionalPerp(state, call.params);
    return m ? bracketView(m) : venue.perpMarkets.map(bracketView);
  });
  endpoint(app, api, 'GET', '/v2/leverageBracket', 'USER_DATA', (call) => {
    const m = optionalPerp(state, call.params);
    return (m ? [m] : venue.perpMarkets).map(bracketView);
  });

  endpoint(app, api, 'POST', '/v1/leverage', 'TRADE', async (call) => {
    const m = perpNamed(state, call.params.need('symbol'));
    const leverage = call.params.needInt('leverage', 1, 1000);
    const committed = await submitOrThrow(api, {
      type: 'SetLeverage',
      accountId: accountOf(call),
      market: m.symbol,
      leverage,
    });
    const set = committed.result.ok ? committed.result.value.leverage : leverage;
    return { leverage: set, maxNotionalValue: amount(m.margin, maxNotional(m, set)), symbol: m.symbol };
  });

  /** -4047 / -4048 (margin type), -4067 / -4068 (position mode): open orders or a position in the way. */
  const blocked = (accountId: number, m: PerpMarket | undefined, orders: number, position: number) => {
    const f = accountById(state, accountId)!.futures;
    const hasPosition = f.positions.some((p) => m === undefined || p.market === m.index);
    return new BinanceError(
      400,
      hasPosition ? position : orders,
      hasPosition
        ? 'Margin type or position side cannot be changed if there exists position.'
        : 'Margin type or position side cannot be changed if there exists open orders.',
    );
  };

  endpoint(app, api, 'POST', '/v1/marginType', 'TRADE', async (call) => {
    const m = perpNamed(state, call.params.need('symbol'));
    const type = call.params.oneOf('marginType', ['ISOLATED', 'CROSSED'] as const);
    if (type === undefined) throw B.mandatory('marginType');
    const accountId = accountOf(call);
    if (settingsOf(accountId, m).isolated === (type === 'ISOLATED'))
      throw new BinanceError(400, -4046, 'No need to change margin type.');
    try {
      await submitOrThrow(api, {
        type: 'SetMarginType',
        accountId,
        market: m.symbol,
        isolated: type === 'ISOLATED',
      });
    } catch (error) {
      if (error instanceof BinanceError && error.code === -4047) throw blocked(accountId, m, -4047, -4048);
      throw error;
    }
    return { code: 200, msg: 'success' };
  });

  endpoint(app, api, 'GET', '/v1/positionSide/dual', 'USER_DATA', (call) => ({
    dualSidePosition: accountNow(call).futures.dualSide,
  }));

  endpoint(app, api, 'POST', '/v1/positionSide/dual', 'TRADE', async (call) => {
    const dual = call.params.bool('dualSidePosition');
    if (dual === undefined) throw B.mandatory('dualSidePosition');
    const accountId = accountOf(call);
    if (accountNow(call).futures.dualSide === dual)
      throw new BinanceError(400, -4059, 'No need to change position side.');
    try {
      await submitOrThrow(api, { type: 'SetPositionMode', accountId, dualSide: dual });
    } catch (error) {
      if (error instanceof BinanceError && error.code === -4047)
        throw blocked(accountId, undefined, -4067, -4068);
      throw error;
    }
    return { code: 200, msg: 'success' };
  });

  endpoint(app, api, 'GET', '/v1/multiAssetsMargin', 'USER_DATA', () => ({ multiAssetsMargin: false }));
  endpoint(app, api, 'POST', '/v1/multiAssetsMargin', 'TRADE', (call) => {
    const on = call.params.bool('multiAssetsMargin');
    if (on === undefined) throw B.mandatory('multiAssetsMargin');
    if (!on)
      throw new BinanceError(
        400,
        -4171,
        'Adjusted asset mode is currently set and does not need to be adjusted repeatedly.',
      );
    throw new BinanceError(
      400,
      -4167,
      'Unable to adjust to Multi-Assets mode: this venue offers single-asset margin only.',
    );
  });

  endpoint(app, api, 'GET', '/v1/symbolConfig', 'USER_DATA', (call) => {
    const accountId = accountOf(call);
    const wanted = optionalPerp(state, call.params);
    return (wanted ? [wanted] : venue.perpMarkets).map((m) => {
      const s = settingsOf(accountId, m);
      return {
        symbol: m.symbol,
        marginType: s.isolated ? 'ISOLATED' : 'CROSSED',
        isAutoAddMargin: false,
        leverage: s.leverage,
        maxNotionalValue: amount(m.margin, maxNotional(m, s.leverage)),
      };
    });
  });

  endpoint(app, api, 'GET', '/v1/accountConfig', 'USER_DATA', (call) => ({
    feeTier: 0,
    canTrade: call.auth!.canTrade,
    canDeposit: true,
    canWithdraw: true,
    dualSidePosition: accountNow(call).futures.dualSide,
    updateTime: 0,
    multiAssetsMargin: false,
    tradeGroupId: -1,
  }));

  endpoint(app, api, 'GET', '/v1/commissionRate', 'USER_DATA', (call) => {
    const m = perpNamed(state, call.params.need('symbol'));
    return {
      symbol: m.symbol,
      makerCommissionRate: ppmText(m.makerFeePpm),
      takerCommissionRate: ppmText(m.takerFeePpm),
      rpiCommissionRate: '0',
    };
  });

  endpoint(app, api, 'POST', '/v1/positionMargin', 'TRADE', async (call) => {
    const m = perpNamed(state, call.params.need('symbol'));
    const type = call.params.needInt('type', 1, 2);
    const text = call.params.need('amount');
    const positionSide = call.params.oneOf<PositionSide>('positionSide', ['BOTH', 'LONG', 'SHORT']);
    const units = parseAmount(m.margin, text);
    await submitOrThrow(api, {
      type: 'AdjustIsolatedMargin',
      accountId: accountOf(call),
      market: m.symbol,
      amount: units,
      add: type === 1,
      ...(positionSide !== undefined ? { positionSide } : {}),
    });
    return {
      amount: Number(amount(m.margin, units)),
      code: 200,
      msg: 'Successfully modify position margin.',
      type,
    };
  });

  endpoint(app, api, 'GET', '/v1/positionMargin/history', 'USER_DATA', (call) => {
    const m = perpNamed(state, call.params.need('symbol'));
    const type = call.params.int('type', 1, 2);
    const start = call.params.int('startTime');
    const end = call.params.int('endTime');
    const rows = history
      .marginChanges(
        accountOf(call),
        call.params.limit(500, 500),
        (c) =>
          c.symbol === m.symbol &&
          (type === undefined || c.type === type) &&
          (start === undefined || c.time >= start) &&
          (end === undefined || c.time <= end),
      )
      .reverse();
    return rows.map((c) => ({
      symbol: c.symbol,
      type: c.type,
      deltaType: 'USER_ADJUST',
      amount: amount(m.margin, c.amount),
      asset: m.margin.symbol,
      time: c.time,
      positionSide: c.positionSide,
    }));
  });

  endpoint(app, api, 'GET', '/v1/income', 'USER_DATA', (call) => {
    const p = call.params;
    const m = optionalPerp(state, p);
    const type = p.oneOf('incomeType', INCOME_TYPES);
    const start = p.int('startTime');
    const end = p.int('endTime');
    const limit = p.limit(100, 1000);
    const rows = history
      .income(
        accountOf(call),
        Number.MAX_SAFE_INTEGER,
        (i) =>
          (m === undefined || i.symbol === m.symbol) &&
          (type === undefined || i.incomeType === type) &&
          (start === undefined || i.time >= start) &&
          (end === undefined || i.time <= end),
      )
      .reverse();
    const kept = start !== undefined ? rows.slice(0, limit) : rows.slice(-limit);
    return kept.map((i) => incomeView(state, i));
  });

  endpoint(app, api, 'GET', '/v1/forceOrders', 'USER_DATA', (call) => {
    const p = call.params;
    const m = optionalPerp(state, p);
    const kind = p.oneOf('autoCloseType', ['LIQUIDATION', 'ADL'] as const);
    const start = p.int('startTime');
    const end = p.int('endTime');
    const keep = (o: OrderRecord) =>
      (m === undefined || o.symbol === m.symbol) &&
      (kind === undefined || o.origin === kind) &&
      (start === undefined || o.time >= start) &&
      (end === undefined || o.time <= end);
    return history
      .forceOrders(accountOf(call), p.limit(50, 100), keep)
      .reverse()
      .map((o) => orderView(state, o));
  });
}
