import { Router, type Request, type Response } from 'express';
import { AppError, IdSchema } from '@ioc/protocol';
import { tokenAllows, verifyToken } from '@ioc/protocol/signed-token';
import type { SnapshotService } from './snapshots';
import { tokenCors } from './token-cors';

/**
 * `GET /snapshot/<token>/<cameraId>.jpg`: a JPEG of the camera's main stream, behind the same
 * signed media token as its HLS (401 for a bad or expired token, 403 for another camera's).
 * `X-Snapshot-Cache` says whether it came from the 1 s cache (`hit`), joined a grab under way
 * (`shared`) or ran ffmpeg (`miss`); `X-Snapshot-Source` whether from the running stream or a grab.
 */
export function snapshotRouter(d: { secret: string; snapshots: SnapshotService; cacheMs: number }): Router {
  const router = Router();
  router.use('/snapshot', tokenCors({ methods: 'GET, HEAD, OPTIONS', allowHeaders: 'Content-Type', exposeHeaders: 'X-Snapshot-Cache, X-Snapshot-Source, X-Snapshot-Taken-At' }));
  router.get('/snapshot/:token/:file', async (req: Request, res: Response) => {
    const { token, file } = req.params as Record<string, string>;
    const check = verifyToken(d.secret, token ?? '', 'media');
    if (!check.ok) throw new AppError('UNAUTHENTICATED', `snapshot token ${check.reason}`);
    const cameraId = /^(.+)\.jpg$/.exec(file ?? '')?.[1] ?? '';
    if (!IdSchema.safeParse(cameraId).success) throw new AppError('VALIDATION_FAILED', 'expected <cameraId>.jpg');
    if (!tokenAllows(check.claims, cameraId)) throw new AppError('FORBIDDEN', 'token does not open this camera');
    const snap = await d.snapshots.get(cameraId);
    res.setHeader('Content-Type', 'image/jpeg');
    res.setHeader('Cache-Control', `private, max-age=${Math.max(1, Math.round(d.cacheMs / 1000))}`);
    res.setHeader('X-Snapshot-Cache', snap.served);
    res.setHeader('X-Snapshot-Source', snap.source);
    res.setHeader('X-Snapshot-Taken-At', String(snap.at));
    res.status(200).end(req.method === 'HEAD' ? undefined : snap.jpeg);
  });
  return router;
}
