import type { Rejection } from '@fulcrum/core';

/**
 * Errors of the HTTP layer. Every error body is `{ code, message }`; engine rejections keep their
 * engine code (RISK_INSUFFICIENT_MARGIN...), everything else uses one of these.
 */
export const ApiCode = {
  RequestInvalid: 'REQUEST_INVALID',
  MalformedJson: 'REQUEST_MALFORMED_JSON',
  TooLarge: 'REQUEST_TOO_LARGE',
  UnsupportedMediaType: 'REQUEST_UNSUPPORTED_MEDIA_TYPE',
  Timeout: 'REQUEST_TIMEOUT',
  NotFound: 'NOT_FOUND',
  OrderNotFound: 'ORDER_NOT_FOUND',
  RateLimited: 'RATE_LIMITED',
  AuthMissing: 'AUTH_MISSING',
  AuthKeyUnknown: 'AUTH_KEY_UNKNOWN',
  AuthTimestampInvalid: 'AUTH_TIMESTAMP_INVALID',
  AuthTimestampOutsideWindow: 'AUTH_TIMESTAMP_OUTSIDE_WINDOW',
  AuthBadSignature: 'AUTH_BAD_SIGNATURE',
  AuthReplayed: 'AUTH_REPLAYED',
  AuthForbidden: 'AUTH_FORBIDDEN',
  AuthAccountUnknown: 'AUTH_ACCOUNT_UNKNOWN',
  AdminToken: 'AUTH_ADMIN_TOKEN',
  NotConfigured: 'NOT_CONFIGURED',
  Unavailable: 'SERVICE_UNAVAILABLE',
  Internal: 'INTERNAL',
} as const;
export type ApiCode = (typeof ApiCode)[keyof typeof ApiCode];

export interface ErrorBody {
  readonly code: string;
  readonly message: string;
}

/** An error a route throws on purpose: the error handler answers it as is. */
export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'ApiError';
  }
}

export const badRequest = (code: string, message: string): ApiError => new ApiError(400, code, message);

/** An engine rejection (or a coded conversion error) as an HTTP error. */
export function rejected(rejection: Pick<Rejection, 'code' | 'message'>): ApiError {
  // The engine answers the same for another account's order as for a missing one, and so do we.
  if (rejection.code === 'BOOK_UNKNOWN_ORDER')
    return new ApiError(404, ApiCode.OrderNotFound, rejection.message);
  return badRequest(rejection.code, rejection.message);
}

export const orderNotFound = (what: string | number): ApiError =>
  new ApiError(404, ApiCode.OrderNotFound, `no order ${what} of this account`);

/** The JSON schema of an error body, for the OpenAPI document and the serializer. */
export const errorSchema = {
  type: 'object',
  properties: { code: { type: 'string' }, message: { type: 'string' } },
  required: ['code', 'message'],
} as const;
