import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiCode, ApiError } from '../errors.ts';
import type { ErrorBody } from '../errors.ts';

export interface ErrorResponse {
  readonly status: number;
  readonly body: ErrorBody;
}

/** Fastify's own error codes for bad requests, by the code the API answers with. */
const FRAMEWORK_CODES: Readonly<Record<string, ErrorResponse>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: {
    status: 413,
    body: { code: ApiCode.TooLarge, message: 'request body is too large' },
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    status: 415,
    body: { code: ApiCode.UnsupportedMediaType, message: 'bodies must be application/json' },
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    status: 400,
    body: { code: ApiCode.MalformedJson, message: 'the JSON body is empty' },
  },
  FST_ERR_CTP_INVALID_JSON_BODY: {
    status: 400,
    body: { code: ApiCode.MalformedJson, message: 'the body is not valid JSON' },
  },
};

interface ErrorLike {
  readonly code?: unknown;
  readonly statusCode?: unknown;
  readonly validation?: unknown;
  readonly message?: unknown;
}

/**
 * Any error as `{ code, message }` with its status. Client errors keep their 4xx; anything else is
 * a 500 that says nothing of the internals.
 */
export function toErrorResponse(error: unknown): ErrorResponse {
  if (error instanceof ApiError)
    return { status: error.statusCode, body: { code: error.code, message: error.message } };
  const e = (typeof error === 'object' && error !== null ? error : {}) as ErrorLike;
  const message = typeof e.message === 'string' ? e.message : 'bad request';
  if (e.validation !== undefined) return { status: 400, body: { code: ApiCode.RequestInvalid, message } };
  if (typeof e.code === 'string') {
    const known = FRAMEWORK_CODES[e.code];
    if (known) return known;
  }
  const status = typeof e.statusCode === 'number' ? e.statusCode : 500;
  if (status === 429) return { status, body: { code: ApiCode.RateLimited, message } };
  if (status >= 400 && status < 500) return { status, body: { code: ApiCode.RequestInvalid, message } };
  if (status === 503) return { status, body: { code: ApiCode.Unavailable, message: 'service unavailable' } };
  return { status: 500, body: { code: ApiCode.Internal, message: 'internal error' } };
}

export function sendError(
  reply: FastifyReply,
  response: ErrorResponse,
  request: FastifyRequest,
  error?: unknown,
): void {
  if (response.status >= 500)
    request.log.error({ err: error, status: response.status }, response.body.message);
  void reply.code(response.status).type('application/json').send(response.body);
}
