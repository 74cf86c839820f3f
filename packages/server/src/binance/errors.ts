import type { RejectionCode } from '@fulcrum/core';

/** Binance's error body: `{ "code": -1121, "msg": "Invalid symbol." }`, with the HTTP status it comes with. */
export class BinanceError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    msg: string,
  ) {
    super(msg);
    this.name = 'BinanceError';
  }

  body(): { code: number; msg: string } {
    return { code: this.code, msg: this.message };
  }
}

const bad = (code: number, msg: string): BinanceError => new BinanceError(400, code, msg);

/** Binance's codes and messages used here (error-code page of the USDⓈ-M API). */
export const B = {
  unknown: (msg = 'An unknown error occured while processing the request.') =>
    new BinanceError(500, -1000, msg),
  disconnected: () => new BinanceError(503, -1001, 'Internal error; unable to process your request.'),
  tooManyRequests: (msg: string) => new BinanceError(429, -1003, msg),
  timestampOutside: () => bad(-1021, 'Timestamp for this request is outside of the recvWindow.'),
  badSignature: () => bad(-1022, 'Signature for this request is not valid.'),
  badKey: () => new BinanceError(401, -2015, 'Invalid API-key, IP, or permissions for action.'),
  mandatory: (name: string) =>
    bad(-1102, `Mandatory parameter '${name}' was not sent, was empty/null, or malformed.`),
  malformed: (name: string, detail?: string) =>
    bad(-1102, `Parameter '${name}' was malformed${detail === undefined ? '.' : `: ${detail}`}`),
  notRequired: (name: string) => bad(-1106, `Parameter '${name}' sent when not required.`),
  precision: () => bad(-1111, 'Precision is over the maximum defined for this asset.'),
  invalidTif: () => bad(-1115, 'Invalid timeInForce.'),
  invalidType: () => bad(-1116, 'Invalid orderType.'),
  invalidSide: () => bad(-1117, 'Invalid side.'),
  invalidInterval: (kept: readonly string[]) =>
    bad(-1120, `Invalid interval. Fulcrum keeps ${kept.join(', ')}.`),
  invalidSymbol: () => bad(-1121, 'Invalid symbol.'),
  listenKeyUnknown: () => bad(-1125, 'This listenKey does not exist.'),
  invalidParam: (name: string, detail: string) =>
    bad(-1130, `Data sent for parameter '${name}' is not valid. ${detail}`),
  recvWindow: () => bad(-1131, 'recvWindow must be less than 60000'),
  unknownOrder: () => bad(-2011, 'Unknown order sent.'),
  noSuchOrder: () => bad(-2013, 'Order does not exist.'),
} as const;

type Mapper = (message: string) => BinanceError;

/**
 * Engine and conversion rejections as Binance answers them. Where Binance has no matching code the
 * nearest one is used and the engine's message kept, so the reason is never lost; a code not listed
 * (spot margin, new codes) answers -1000 with the engine's code in the message.
 */
const REJECTIONS: Readonly<Partial<Record<RejectionCode, Mapper>>> = {
  ENGINE_SEQUENCE_NOT_INCREASING: (m) => B.unknown(m),
  ENGINE_TIME_BACKWARDS: (m) => B.unknown(m),
  ENGINE_BAD_COMMAND: (m) => bad(-1102, m),
  ACCOUNT_UNKNOWN: () => B.badKey(),
  ACCOUNT_ASSET_UNKNOWN: (m) => bad(-4002, m),
  ACCOUNT_AMOUNT_NOT_POSITIVE: (m) => bad(-4003, m),
  ACCOUNT_AMOUNT_SYNTAX: (m) => bad(-1102, m),
  ACCOUNT_AMOUNT_PRECISION: () => B.precision(),
  ACCOUNT_INSUFFICIENT_BALANCE: () => bad(-2018, 'Balance is insufficient.'),
  MARKET_UNKNOWN: () => B.invalidSymbol(),
  MARKET_NOT_PERPETUAL: () => B.invalidSymbol(),
  BOOK_PRICE_NOT_INTEGER: () => B.precision(),
  BOOK_PRICE_SYNTAX: () => B.malformed('price'),
  BOOK_PRICE_PRECISION: () => B.precision(),
  BOOK_PRICE_NOT_ON_TICK: () => bad(-4014, 'Price not increased by tick size.'),
  BOOK_PRICE_NOT_POSITIVE: () => bad(-4013, 'Price less than min price.'),
  BOOK_PRICE_ABOVE_MAX: () => bad(-4016, 'Price more than max price.'),
  BOOK_PRICE_MISSING: () => B.mandatory('price'),
  BOOK_PRICE_NOT_ALLOWED: () => B.notRequired('price'),
  BOOK_QTY_NOT_INTEGER: () => B.precision(),
  BOOK_QTY_SYNTAX: () => B.malformed('quantity'),
  BOOK_QTY_PRECISION: () => B.precision(),
  BOOK_QTY_NOT_ON_LOT: () => bad(-4023, 'Quantity not increased by step size.'),
  BOOK_QTY_NOT_POSITIVE: () => bad(-4003, 'Quantity less than or equal to zero.'),
  BOOK_QTY_ABOVE_MAX: () => bad(-4005, 'Quantity greater than max quantity.'),
  BOOK_MIN_NOTIONAL: (m) =>
    bad(-4164, `Order's notional must be no smaller than the minimum (unless you choose reduce only). ${m}`),
  BOOK_TIME_IN_FORCE_INVALID: () => B.invalidTif(),
  BOOK_STP_INVALID: () => B.malformed('selfTradePreventionMode'),
  BOOK_SIDE_INVALID: () => B.invalidSide(),
  BOOK_ORDER_TYPE_INVALID: () => B.invalidType(),
  BOOK_CLIENT_ID_INVALID: () => bad(-4015, 'Client order id is not valid.'),
  BOOK_DUPLICATE_CLIENT_ID: () => bad(-4116, 'ClientOrderId is duplicated.'),
  BOOK_UNKNOWN_ORDER: () => B.unknownOrder(),
  BOOK_POST_ONLY_WOULD_TRADE: () =>
    bad(-5022, 'Due to the order could not be executed as maker, the Post Only order will be rejected.'),
  BOOK_FOK_UNFILLABLE: () =>
    bad(-5021, 'Due to the order could not be filled immediately, the FOK order has been rejected.'),
  BOOK_NO_LIQUIDITY: () => bad(-2020, 'Unable to fill.'),
  BOOK_AMEND_NO_CHANGE: () => bad(-5027, 'No need to modify the order.'),
  BOOK_AMEND_BELOW_EXECUTED: (m) => bad(-4003, m),
  BOOK_AMEND_WOULD_TRADE: (m) => bad(-5022, m),
  BOOK_AMEND_UNSUPPORTED: (m) => bad(-4120, m),
  BOOK_STOP_PRICE_INVALID: () => bad(-4006, 'Stop price less than zero.'),
  RISK_CLOSE_POSITION_INVALID: (m) => bad(-4136, m),
  RISK_WOULD_TRIGGER_IMMEDIATELY: () => bad(-2021, 'Order would immediately trigger.'),
  RISK_NO_MARK_PRICE: (m) => B.unknown(`No mark price yet: ${m}`),
  RISK_POSITION_SIDE_MISMATCH: () => bad(-4061, "Order's position side does not match user's setting."),
  RISK_REDUCE_ONLY_IN_HEDGE_MODE: () => B.notRequired('reduceonly'),
  RISK_REDUCE_ONLY_REJECTED: () => bad(-2022, 'ReduceOnly Order is rejected.'),
  RISK_MAX_POSITION: () => bad(-2027, 'Exceeded the maximum allowable position at current leverage.'),
  RISK_INSUFFICIENT_MARGIN: () => bad(-2019, 'Margin is insufficient.'),
  RISK_LEVERAGE_INVALID: () => bad(-4028, 'Leverage is not valid'),
  RISK_OPEN_POSITION_OR_ORDERS: (m) => bad(-4047, m),
  RISK_NO_POSITION: () => bad(-2024, 'Position is not sufficient.'),
  RISK_NOT_ISOLATED: (m) => bad(-1102, m),
  RISK_MARGIN_TOO_LOW: () => bad(-4051, 'Isolated balance insufficient.'),
  PRICE_INVALID: (m) => bad(-1102, m),
  MARGIN_POOL_EXHAUSTED: () => bad(-3045, "The system doesn't have enough asset now."),
  MARGIN_NOTHING_OWED: () => bad(-3015, 'Repay amount exceeds borrow amount.'),
};

export function fromRejection(rejection: { readonly code: string; readonly message: string }): BinanceError {
  const mapper = (REJECTIONS as Readonly<Record<string, Mapper>>)[rejection.code];
  return mapper ? mapper(rejection.message) : bad(-1000, `${rejection.code}: ${rejection.message}`);
}

/** Any error thrown under the Binance routes, as Binance would answer it. */
export function toBinanceError(error: unknown): BinanceError {
  if (error instanceof BinanceError) return error;
  const e = (typeof error === 'object' && error !== null ? error : {}) as {
    statusCode?: unknown;
    code?: unknown;
    message?: unknown;
  };
  const message = typeof e.message === 'string' ? e.message : 'bad request';
  // Errors of the shared helpers (format.ts) carry the engine's code.
  if (typeof e.code === 'string' && e.code in REJECTIONS) return fromRejection({ code: e.code, message });
  if (e.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
    return new BinanceError(413, -1000, 'Request body is too large.');
  if (e.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE')
    return new BinanceError(415, -1000, 'Bodies are application/x-www-form-urlencoded.');
  const status = typeof e.statusCode === 'number' ? e.statusCode : 500;
  if (status === 429) return B.tooManyRequests(message);
  if (status === 503) return B.disconnected();
  if (status >= 400 && status < 500) return new BinanceError(status, -1000, message);
  return B.unknown();
}
