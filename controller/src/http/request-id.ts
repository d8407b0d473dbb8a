import type { RequestHandler } from 'express';
import { pinoHttp } from 'pino-http';
import type { Logger } from '../logger';
import { requestIdFrom, withRequestId } from '../request-context';

/**
 * Gives every request one id: the caller's `X-Request-Id` when it has a safe shape, else a
 * UUID. It is echoed in the response and carried through the request (AsyncLocalStorage) to
 * every log line and audit row the request causes. With a pino logger, pino-http adds one
 * access line per request, its level by status; paths only, never a query or a header.
 */
export function requestIds(log: Logger): RequestHandler[] {
  const assign: RequestHandler = (req, res, next) => {
    const id = requestIdFrom(req.get('x-request-id'));
    req.id = id;
    res.setHeader('X-Request-Id', id);
    withRequestId(id, next);
  };
  if (!log.pino) return [assign];
  const access = pinoHttp({
    logger: log.pino,
    genReqId: (req) => req.id,
    customAttributeKeys: { reqId: 'requestId' },
    quietReqLogger: true,
    customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
    // Probes and scrapes come every few seconds and say nothing new.
    autoLogging: { ignore: (req) => /^\/(healthz|metrics)(\?|$)/.test(req.url ?? '') },
    serializers: {
      req: (r: { method: string; url: string }) => ({ method: r.method, path: r.url.split('?')[0] }),
      res: (r: { statusCode: number }) => ({ statusCode: r.statusCode }),
    },
  });
  return [assign, access];
}
