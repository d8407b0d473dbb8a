import { readFile } from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import { Router, type Request, type Response } from 'express';
import { AppError, IdSchema, StreamProfileSchema } from '@ioc/protocol';
import { tokenAllows, verifyToken } from '@ioc/protocol/signed-token';
import { inputFor, type CameraCatalog } from './catalog';
import type { GatewayConfig } from './config';
import { PLAYLIST } from './ffmpeg-args';
import type { StreamSupervisor } from './supervisor';
import { tokenCors } from './token-cors';

/** The only names ever served; anything else (`..`, slashes, NULs, other files) is refused. */
const FILE_NAME = /^(index\.m3u8|init-[a-z0-9]{1,16}-\d{1,6}\.mp4|seg-[a-z0-9]{1,16}-\d{1,12}\.m4s)$/;

export interface HlsRouteDeps {
  config: GatewayConfig;
  cameras: CameraCatalog;
  supervisor: StreamSupervisor;
}

/**
 * `GET /hls/<token>/<cameraId>/<profile>/<file>`. The token sits in the path so that the
 * relative segment URLs inside the playlist carry it too (hls.js resolves them against the
 * playlist URL), with no query-string rewriting.
 */
export function hlsRouter(d: HlsRouteDeps): Router {
  const router = Router();

  router.use('/hls', tokenCors({ methods: 'GET, HEAD, OPTIONS', allowHeaders: 'Range, Content-Type' }));

  router.get('/hls/:token/:cameraId/:profile/:file', async (req: Request, res: Response) => {
    const { token, cameraId, profile, file } = req.params as Record<string, string>;
    const check = verifyToken(d.config.media.secret, token ?? '', 'media');
    if (!check.ok) throw new AppError('UNAUTHENTICATED', `stream token ${check.reason}`);
    if (!IdSchema.safeParse(cameraId).success) throw new AppError('VALIDATION_FAILED', 'bad camera id');
    if (!tokenAllows(check.claims, cameraId ?? '')) throw new AppError('FORBIDDEN', 'token does not open this camera');
    const prof = StreamProfileSchema.safeParse(profile);
    if (!prof.success) throw new AppError('VALIDATION_FAILED', 'profile must be main or sub');
    if (!file || !FILE_NAME.test(file)) throw new AppError('VALIDATION_FAILED', 'bad file name');
    const camera = await d.cameras.get(cameraId ?? '');
    if (!camera) throw new AppError('CAMERA_NOT_FOUND', 'no such camera');
    const input = inputFor(camera, prof.data);
    if (!input) throw new AppError('STREAM_NOT_FOUND', `camera has no ${prof.data} stream`);

    const stream = await d.supervisor.acquire(camera.id, prof.data, input);
    const isPlaylist = file === PLAYLIST;
    // A cold stream has no playlist yet: hold the first request until it has a segment, so
    // players start cleanly instead of failing on a 404.
    // `?wait=0` (a down player's probe) is answered at once: many held probes would take the
    // browser's few connections per host from the playing tiles' segment loads.
    if (isPlaylist && stream.status.state !== 'live') {
      const live = await stream.waitLive(req.query.wait === '0' ? 0 : d.config.hls.startWaitMs);
      if (!live) throw new AppError('UPSTREAM_FAILED', `stream is ${stream.status.state}`, { state: stream.status.state });
    }
    const base = resolve(stream.dir);
    const path = resolve(base, file);
    if (!path.startsWith(base + sep)) throw new AppError('VALIDATION_FAILED', 'bad file name');
    let body: Buffer;
    try {
      body = await readFile(path);
    } catch {
      throw new AppError(isPlaylist ? 'UPSTREAM_FAILED' : 'NOT_FOUND', isPlaylist ? 'stream restarting' : 'segment expired');
    }
    if (isPlaylist) {
      res.setHeader('Content-Type', 'application/vnd.apple.mpegurl');
      res.setHeader('Cache-Control', 'no-cache, no-store');
    } else {
      res.setHeader('Content-Type', file.endsWith('.m4s') ? 'video/iso.segment' : 'video/mp4');
      // Names are unique per stream instance and never rewritten, so caching is safe; short,
      // because they are deleted from disk seconds later anyway.
      res.setHeader('Cache-Control', 'public, max-age=60, immutable');
    }
    res.status(200).end(req.method === 'HEAD' ? undefined : body);
  });
  return router;
}
