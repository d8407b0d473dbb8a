import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { AppError } from '@ioc/protocol';

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * `GET /metrics` for Prometheus: `Authorization: Bearer <metrics.token>`, compared in constant
 * time. No token configured: the endpoint is off (404), so camera ids and load are not readable
 * by anyone on the network the screens use. No credentials: 401; a wrong token: 403.
 */
export function metricsRoute(token: string | null, scrape: () => Promise<{ contentType: string; body: string }>): RequestHandler {
  const expected = token ? digest(token) : null;
  return (req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    if (!expected) throw new AppError('NOT_FOUND', 'metrics are off: set metrics.token (IOC_METRICS_TOKEN)');
    const m = /^Bearer (.+)$/.exec(req.get('authorization') ?? '');
    if (!m?.[1]) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="metrics"');
      throw new AppError('UNAUTHENTICATED', 'metrics need Authorization: Bearer <metrics.token>');
    }
    if (!timingSafeEqual(digest(m[1]), expected)) throw new AppError('FORBIDDEN', 'wrong metrics token');
    scrape().then(({ contentType, body }) => {
      res.type(contentType).send(body);
    }, next);
  };
}
