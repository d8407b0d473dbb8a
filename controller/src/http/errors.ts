import type { ErrorRequestHandler, RequestHandler } from 'express';
import { AppError, type ApiError } from '@ioc/protocol';
import type { Logger } from '../logger';
import { retryAfterMsOf } from '../services/rate-limits';

/** Any thrown value as `{status, body}`: AppErrors keep their code; the rest become INTERNAL. */
export function toApiError(err: unknown, log?: Logger): { status: number; body: ApiError } {
  if (err instanceof AppError) return { status: err.status, body: err.toJSON() };
  const e = err as { type?: string; status?: number; limit?: number } | null;
  // body-parser errors: keep the client's fault a client error.
  if (e?.type === 'entity.too.large') {
    return { status: 413, body: { code: 'PAYLOAD_TOO_LARGE', message: `request body is larger than ${e.limit ?? 'the limit'} bytes` } };
  }
  if (e?.type === 'entity.parse.failed') {
    return { status: 400, body: { code: 'VALIDATION_FAILED', message: 'request body is not valid JSON' } };
  }
  if (e?.type === 'charset.unsupported' || e?.type === 'encoding.unsupported') {
    return { status: 400, body: { code: 'VALIDATION_FAILED', message: 'unsupported request encoding' } };
  }
  log?.error('unexpected error', { error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  return { status: 500, body: { code: 'INTERNAL', message: 'internal error' } };
}

export function errorHandler(log: Logger): ErrorRequestHandler {
  return (err, _req, res, next) => {
    if (res.headersSent) return next(err);
    const { status, body } = toApiError(err, log);
    const wait = retryAfterMsOf(body);
    if (wait !== null) res.setHeader('Retry-After', String(Math.ceil(wait / 1000)));
    res.status(status).json(body);
  };
}

export const notFound: RequestHandler = (req, res) => {
  res.status(404).json({ code: 'NOT_FOUND', message: `no route for ${req.method} ${req.path}` } satisfies ApiError);
};
