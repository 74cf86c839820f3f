import { describe, expect, it } from 'vitest';
import { chartEventFor, fundingByMarket, noticeFor } from './accountEvents.ts';

describe('account events', () => {
  it('tells the person of a liquidation and of being deleveraged, not of routine events', () => {
    const liquidated = noticeFor(
      {
        type: 'Liquidated',
        accountId: 2,
        asset: 'USDT',
        market: 'BTCUSDT',
        clearanceFee: '24.9875',
        equityAfter: '0',
      },
      2,
    );
    expect(liquidated).toMatchObject({ tone: 'danger', title: 'Position liquidated' });
    expect(liquidated?.text).toContain('BTCUSDT was liquidated');
    expect(liquidated?.text).toContain('24.9875 USDT');
    const adl = {
      type: 'AdlFill',
      market: 'BTCUSDT',
      qty: '0.1',
      price: '42000',
      accountId: 3,
      counterpartyId: 2,
    };
    expect(noticeFor(adl, 2)).toMatchObject({ tone: 'warning', title: 'Auto-deleveraged' });
    expect(noticeFor(adl, 3)).toBeUndefined();
    expect(noticeFor({ type: 'Trade', market: 'BTCUSDT' }, 2)).toBeUndefined();
    expect(
      noticeFor(
        { type: 'OrderClosed', orderId: 7, market: 'BTCUSDT', status: 'EXPIRED', reason: 'RISK_X' },
        2,
      ),
    ).toMatchObject({ title: 'Order 7 expired' });
  });

  it('marks fills on the side the account took, and liquidations', () => {
    const trade = {
      type: 'Trade',
      tradeId: 9,
      market: 'BTCUSDT',
      price: '50000',
      takerSide: 'BUY',
      takerAccountId: 1,
      makerAccountId: 2,
    };
    expect(chartEventFor(trade, 1, 1000, 5)).toMatchObject({
      kind: 'fill',
      side: 'BUY',
      price: '50000',
      key: 't9',
    });
    expect(chartEventFor(trade, 2, 1000, 5)).toMatchObject({ side: 'SELL' });
    expect(chartEventFor({ type: 'Liquidated', market: 'BTCUSDT' }, 2, 1000, 6)).toMatchObject({
      kind: 'liquidation',
    });
    expect(chartEventFor({ type: 'Liquidated', asset: 'USDT' }, 2, 1000, 6)).toBeUndefined();
  });

  it('sums funding per market exactly', () => {
    const row = (symbol: string, income: string, incomeType = 'FUNDING_FEE') => ({
      symbol,
      income,
      incomeType,
      asset: 'USDT',
      info: '',
      time: 0,
      tranId: 0,
    });
    const sums = fundingByMarket([
      row('BTCUSDT', '-0.1'),
      row('BTCUSDT', '-0.2'),
      row('BTCUSDT', '5', 'COMMISSION'),
      row('ETHUSDT', '0.3'),
    ]);
    expect(sums.get('BTCUSDT')).toBe('-0.3');
    expect(sums.get('ETHUSDT')).toBe('0.3');
  });
});
