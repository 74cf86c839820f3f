import type { AccountEvent, IncomeView } from '../api/types.ts';
import { formatFixed, fx } from './decimal.ts';

/** What the account channel's events mean for the person: notices and chart marks. */

/** Something the account should see at once: a liquidation, an auto-deleverage, a refused trigger. */
export interface Notice {
  readonly id: number;
  readonly tone: 'danger' | 'warning' | 'info';
  readonly title: string;
  readonly text: string;
}

/** A moment of the account's trading worth a mark on the chart. */
export interface ChartEvent {
  readonly kind: 'fill' | 'liquidation' | 'adl';
  readonly market: string;
  readonly side: 'BUY' | 'SELL' | undefined;
  readonly price: string | undefined;
  readonly time: number;
  readonly key: string;
}

const str = (v: unknown): string =>
  typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v);

/** What an account event means for the person, if anything needs saying. */
export function noticeFor(event: AccountEvent, accountId: number): Omit<Notice, 'id'> | undefined {
  const market = str(event['market']);
  const where = market === '' ? `the ${str(event['asset'])} cross margin` : market;
  switch (event.type) {
    case 'LiquidationStarted':
      return {
        tone: 'danger',
        title: 'Liquidation started',
        text: `${where}: margin balance ${str(event['marginBalance'])} is below the maintenance margin ${str(event['maintenanceMargin'])}.`,
      };
    case 'Liquidated':
      return {
        tone: 'danger',
        title: 'Position liquidated',
        text: `${where} was liquidated by the venue. Clearance fee ${str(event['clearanceFee'])} ${str(event['asset'])}; equity after ${str(event['equityAfter'])}.`,
      };
    case 'AdlFill':
      if (event['counterpartyId'] !== accountId) return undefined;
      return {
        tone: 'warning',
        title: 'Auto-deleveraged',
        text: `${str(event['qty'])} of your ${market} position was closed at ${str(event['price'])} against a bankrupt position.`,
      };
    case 'OrderClosed':
      if (event['reason'] === undefined || event['reason'] === 'LIQUIDATION' || event['reason'] === 'ADL')
        return undefined;
      return {
        tone: 'warning',
        title: `Order ${str(event['orderId'])} ${str(event['status']).toLowerCase()}`,
        text: `${market}: ${str(event['reason'])}`,
      };
    default:
      return undefined;
  }
}

/** The chart mark of an account event, if it has one. */
export function chartEventFor(
  event: AccountEvent,
  accountId: number,
  time: number,
  seq: number,
): ChartEvent | undefined {
  const market = str(event['market']);
  switch (event.type) {
    case 'Trade': {
      const taker = event['takerAccountId'] === accountId;
      const takerSide = event['takerSide'] === 'BUY' ? 'BUY' : 'SELL';
      const side = taker ? takerSide : takerSide === 'BUY' ? 'SELL' : 'BUY';
      return {
        kind: 'fill',
        market,
        side,
        price: str(event['price']),
        time,
        key: `t${str(event['tradeId'])}`,
      };
    }
    case 'Liquidated':
      return market === ''
        ? undefined
        : { kind: 'liquidation', market, side: undefined, price: undefined, time, key: `l${seq}` };
    case 'AdlFill':
      return {
        kind: 'adl',
        market,
        side: undefined,
        price: str(event['price']),
        time,
        key: `a${seq}-${market}`,
      };
    default:
      return undefined;
  }
}

/** Funding per market from FUNDING_FEE income rows, summed exactly. */
export function fundingByMarket(income: readonly IncomeView[]): Map<string, string> {
  const sums = new Map<string, bigint>();
  for (const row of income)
    if (row.incomeType === 'FUNDING_FEE') sums.set(row.symbol, (sums.get(row.symbol) ?? 0n) + fx(row.income));
  return new Map([...sums].map(([m, v]) => [m, formatFixed(v, 8, { trim: true })]));
}
