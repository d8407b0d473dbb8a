import { timingSafeEqual, createHash } from 'node:crypto';
import type { EventEmitter } from 'node:events';
import { Router, type RequestHandler } from 'express';
import { AppError, type FeedStatus, type StreamStatus } from '@ioc/protocol';
import type { StreamSupervisor } from './supervisor';

/**
 * Controller-facing API, authenticated with the shared media secret as a bearer token. Only
 * stream and feed health leave here: never a camera URL.
 */
export function apiRouter(d: {
  secret: string;
  supervisor: StreamSupervisor;
  /** Emits 'status' with a StreamStatus on every change, 'feedStatus' with a FeedStatus. */
  statusEvents: EventEmitter;
  /** Every widget feed's health now. */
  feeds: () => FeedStatus[];
  ffmpeg: { origin: string; version: string };
}): Router {
  const router = Router();
  router.use('/api', requireMediaSecret(d.secret));
  router.get('/api/streams', (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json({ streams: d.supervisor.list(), feeds: d.feeds() });
  });
  // Server-sent events: the controller subscribes once and gets every status change pushed,
  // starting with a snapshot, without the gateway needing to know the controller's address.
  router.get('/api/streams/events', (req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
    const send = (event: string, data: unknown) => res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    send('snapshot', { streams: d.supervisor.list(), feeds: d.feeds() });
    const onStatus = (s: StreamStatus) => send('status', s);
    const onFeed = (f: FeedStatus) => send('feedStatus', f);
    d.statusEvents.on('feedStatus', onFeed);
    const ping = setInterval(() => res.write(': ping\n\n'), 15_000);
    d.statusEvents.on('status', onStatus);
    req.on('close', () => {
      clearInterval(ping);
      d.statusEvents.off('status', onStatus);
      d.statusEvents.off('feedStatus', onFeed);
    });
  });
  router.get('/healthz', (_req, res) => {
    res.json({ ok: true, ffmpeg: d.ffmpeg });
  });
  return router;
}

/** The controller's calls: the shared media secret as a bearer token. */
export function requireMediaSecret(secret: string): RequestHandler {
  const expected = digest(secret);
  return (req, _res, next) => {
    const m = /^Bearer (.+)$/.exec(req.headers.authorization ?? '');
    if (!m?.[1] || !timingSafeEqual(digest(m[1]), expected)) throw new AppError('UNAUTHENTICATED', 'bearer token required');
    next();
  };
}

// Hashing first gives equal lengths, which timingSafeEqual needs.
function digest(s: string): Buffer {
  return createHash('sha256').update(s).digest();
}
