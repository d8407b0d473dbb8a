import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { AppError } from './errors';

/**
 * Prometheus plumbing shared by the controller and the media gateway (`@ioc/protocol/metrics`,
 * a subpath, so the wall bundle never pulls prom-client in).
 */

let shared: Registry | null = null;

/**
 * The default process metrics (CPU, memory, event loop lag, GC, handles), collected once per
 * OS process whatever number of controllers and gateways runs in it (tests run several):
 * prom-client's collectors (a GC observer, an event-loop histogram) are never torn down.
 */
export function processRegistry(): Registry {
  if (!shared) {
    shared = new Registry();
    collectDefaultMetrics({ register: shared });
  }
  return shared;
}

/** The process metrics followed by `own`, in the Prometheus text format. */
export async function scrape(own: Registry): Promise<{ contentType: string; body: string }> {
  const merged = Registry.merge([processRegistry(), own]);
  return { contentType: merged.contentType, body: await merged.metrics() };
}

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * `GET /metrics` for Prometheus: `Authorization: Bearer <metrics.token>`, compared in constant
 * time (hashing first equalises lengths). No token configured: the endpoint is off (404), so
 * nothing about the site (walls, screen and camera ids, load) is readable without a secret.
 * No credentials: 401 (with `WWW-Authenticate`); a wrong token: 403.
 */
export function metricsRoute(token: string | null, scrapeNow: () => Promise<{ contentType: string; body: string }>): RequestHandler {
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
    scrapeNow().then(({ contentType, body }) => {
      res.type(contentType).send(body);
    }, next);
  };
}
