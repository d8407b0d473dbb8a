import { createHash, timingSafeEqual } from 'node:crypto';
import express from 'express';
import type { NextFunction, Request, Response, Router } from 'express';
import { AppError } from '@ioc/protocol';
import type { FeedChannel } from './feed-channel';
import type { FeedConfig } from './feed-config';
import { applyMapping, getPath } from './path-mapping';
import { parseAsOf } from './adapters/http-poll-adapter';

type WebhookFeed = { cfg: Extract<FeedConfig['adapter'], { type: 'webhook' }>; channel: FeedChannel };

/** Constant-time: both sides are hashed first so that their lengths leak nothing either. */
export function tokensEqual(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

const sendError = (res: Response, err: AppError) => res.status(err.status).json({ ok: false, error: err.toJSON() });

/**
 * `POST /feeds/:feedId/webhook` with `Authorization: Bearer <feed token>` and a JSON body.
 * The token is checked before the body is read, so an unauthenticated sender costs nothing.
 */
export function createWebhookRouter(opts: { feed: (id: string) => WebhookFeed | undefined; bodyLimitBytes: number }): Router {
  const router = express.Router();
  const json = express.json({ limit: opts.bodyLimitBytes, type: () => true });

  router.post(
    '/feeds/:feedId/webhook',
    (req: Request, res: Response, next: NextFunction) => {
      const feed = opts.feed(String(req.params.feedId));
      // Unknown feeds and bad tokens answer alike, so the route reveals no feed ids.
      const auth = req.get('authorization') ?? '';
      const m = /^Bearer (\S+)$/.exec(auth);
      if (!feed || !m || !tokensEqual(m[1]!, feed.cfg.token)) {
        sendError(res, new AppError('UNAUTHENTICATED', 'missing or wrong feed token'));
        return;
      }
      const declared = Number(req.get('content-length') ?? 0);
      if (declared > opts.bodyLimitBytes) {
        res.set('connection', 'close');
        sendError(res, new AppError('PAYLOAD_TOO_LARGE', `body larger than ${opts.bodyLimitBytes} bytes`));
        return;
      }
      next();
    },
    json,
    (req: Request, res: Response) => {
      const feed = opts.feed(String(req.params.feedId))!;
      let value: unknown = req.body;
      try {
        if (feed.cfg.mapping) value = applyMapping(req.body, feed.cfg.mapping);
      } catch (err) {
        feed.channel.reject(`mapping failed: ${(err as Error).message}`);
        sendError(res, new AppError('VALIDATION_FAILED', 'mapping failed'));
        return;
      }
      const asOf = feed.cfg.asOfPath ? parseAsOf(getPath(req.body, feed.cfg.asOfPath)) : undefined;
      const r = feed.channel.accept(value, asOf);
      if (!r.ok) {
        sendError(res, new AppError('VALIDATION_FAILED', r.reason));
        return;
      }
      res.status(202).json({ ok: true, data: { asOf: r.envelope.asOf } });
    },
  );

  // body-parser errors: too large (streamed bodies without content-length) and malformed JSON.
  router.use('/feeds/:feedId/webhook', (err: unknown, req: Request, res: Response, next: NextFunction) => {
    const e = err as { type?: string; message?: string };
    const feed = opts.feed(String(req.params.feedId));
    if (e.type === 'entity.too.large') {
      sendError(res, new AppError('PAYLOAD_TOO_LARGE', `body larger than ${opts.bodyLimitBytes} bytes`));
      return;
    }
    if (e.type === 'entity.parse.failed' && feed) {
      feed.channel.reject(`malformed JSON (${String(e.message).slice(0, 120)})`);
      sendError(res, new AppError('VALIDATION_FAILED', 'malformed JSON'));
      return;
    }
    next(err);
  });
  return router;
}
