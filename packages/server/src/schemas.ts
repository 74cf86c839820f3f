import { errorSchema } from './errors.ts';

/**
 * JSON schema pieces shared by routes. Bodies and query strings refuse unknown fields; prices,
 * sizes and amounts are decimal strings, converted and checked against the market by the route.
 */

export const decimal = {
  type: 'string',
  minLength: 1,
  maxLength: 64,
  description: 'decimal string, e.g. "60000.5"',
} as const;
export const symbol = { type: 'string', minLength: 1, maxLength: 32, description: 'market symbol' } as const;
export const assetSymbol = { type: 'string', minLength: 1, maxLength: 20 } as const;
export const limit = (max: number, fallback: number) =>
  ({ type: 'integer', minimum: 1, maximum: max, default: fallback }) as const;
export const positionSide = { type: 'string', enum: ['BOTH', 'LONG', 'SHORT'] } as const;
export const nullableString = { type: ['string', 'null'] } as const;
export const side = { type: 'string', enum: ['BUY', 'SELL'] } as const;

export const strictObject = <P extends Record<string, unknown>, R extends readonly (keyof P & string)[]>(
  properties: P,
  required: R,
) => ({ type: 'object', additionalProperties: false, properties, required }) as const;

/** Error answers every route may give. */
export const errorResponses = {
  400: errorSchema,
  401: errorSchema,
  403: errorSchema,
  404: errorSchema,
  413: errorSchema,
  429: errorSchema,
} as const;

export const orderSchema = {
  type: 'object',
  properties: {
    orderId: { type: 'integer' },
    clientOrderId: nullableString,
    market: { type: 'string' },
    side: { type: 'string' },
    type: { type: 'string' },
    timeInForce: { type: 'string' },
    price: nullableString,
    stopPrice: nullableString,
    origQty: { type: 'string' },
    executedQty: { type: 'string' },
    cumQuote: { type: 'string' },
    avgPrice: nullableString,
    status: { type: 'string' },
    reduceOnly: { type: 'boolean' },
    closePosition: { type: 'boolean' },
    positionSide: nullableString,
    workingType: nullableString,
    triggered: { type: 'boolean' },
    reason: nullableString,
    time: { type: 'integer' },
    updateTime: { type: 'integer' },
  },
} as const;

export const fillSchema = {
  type: 'object',
  properties: {
    tradeId: { type: 'integer' },
    orderId: { type: 'integer' },
    market: { type: 'string' },
    side: { type: 'string' },
    price: { type: 'string' },
    qty: { type: 'string' },
    quoteQty: { type: 'string' },
    fee: { type: 'string' },
    feeAsset: { type: 'string' },
    maker: { type: 'boolean' },
    time: { type: 'integer' },
  },
} as const;

/** Security requirement of signed routes, for the OpenAPI document. */
export const signed = [{ apiKey: [], timestamp: [], signature: [] }];
