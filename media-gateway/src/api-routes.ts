import { timingSafeEqual, createHash } from 'node:crypto';
import { Router } from 'express';
import { AppError } from '@ioc/protocol';
import type { StreamSupervisor } from './supervisor';

/**
 * Controller-facing API, authenticated with the shared media secret as a bearer token. Only
 * stream health leaves here: never a camera URL.
 */
export function apiRouter(d: { secret: string; supervisor: StreamSupervisor; ffmpeg: { origin: string; version: string } }): Router {
  const router = Router();
  const expected = digest(d.secret);
  router.use('/api', (req, _res, next) => {
    const m = /^Bearer (.+)$/.exec(req.headers.authorization ?? '');
    if (!m?.[1] || !timingSafeEqual(digest(m[1]), expected)) throw new AppError('UNAUTHENTICATED', 'bearer token required');
    next();
  });
  router.get('/api/streams', (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json({ streams: d.supervisor.list() });
  });
  router.get('/healthz', (_req, res) => {
    res.json({ ok: true, ffmpeg: d.ffmpeg });
  });
  return router;
}

// Hashing first gives equal lengths, which timingSafeEqual needs.
function digest(s: string): Buffer {
  return createHash('sha256').update(s).digest();
}
