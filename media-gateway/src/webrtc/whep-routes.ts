import type { IncomingMessage } from 'node:http';
import { Router, type Request, type Response } from 'express';
import { AppError, IdSchema, StreamProfileSchema, type StreamProfile } from '@ioc/protocol';
import { tokenAllows, verifyToken } from '@ioc/protocol/signed-token';
import { inputFor, type CameraCatalog } from '../catalog';
import { tokenCors } from '../token-cors';
import { MAX_OFFER_BYTES } from './sdp-offer';
import type { WhepHub } from './whep-hub';

export interface WhepRouteDeps {
  secret: string;
  cameras: CameraCatalog;
  hub: WhepHub;
}

const SESSION_ID = /^[0-9a-f]{32}$/;

/**
 * WHEP (draft-ietf-wish-whep, the egress twin of WHIP, RFC 9725): `POST /whep/<token>/<camera>/
 * <profile>` with an SDP offer answers 201 with the SDP answer and the session's URL in
 * `Location`, which takes `DELETE`. The token sits in the path as for HLS, so one URL builder
 * serves both. No trickle ICE: the answer carries every candidate (host candidates gather at
 * once), so PATCH is not offered.
 */
export function whepRouter(d: WhepRouteDeps): Router {
  const router = Router();

  // Location is exposed because the player reads it to DELETE its session.
  router.use('/whep', tokenCors({ methods: 'POST, DELETE, OPTIONS', allowHeaders: 'Content-Type, Authorization', exposeHeaders: 'Location' }));

  router.post('/whep/:token/:cameraId/:profile', async (req: Request, res: Response) => {
    const { token, cameraId, profile } = req.params as Record<string, string>;
    const prof = authorize(d.secret, token ?? '', cameraId ?? '', profile ?? '');
    const camera = await d.cameras.get(cameraId ?? '');
    if (!camera) throw new AppError('CAMERA_NOT_FOUND', 'no such camera');
    const input = inputFor(camera, prof);
    if (!input) throw new AppError('STREAM_NOT_FOUND', `camera has no ${prof} stream`);
    const offer = await readSdp(req);
    const { id, answer } = await d.hub.create(camera.id, prof, input, offer);
    res.setHeader('Content-Type', 'application/sdp');
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Location', `/whep/${encodeURIComponent(token ?? '')}/${encodeURIComponent(camera.id)}/${prof}/${id}`);
    res.status(201).end(answer);
  });

  // The session id (128 random bits) is the capability here, not the token: a player tears
  // its session down long after its token may have expired, and that must still work.
  router.delete('/whep/:token/:cameraId/:profile/:sessionId', async (req: Request, res: Response) => {
    const { cameraId, profile, sessionId } = req.params as Record<string, string>;
    const prof = StreamProfileSchema.safeParse(profile);
    if (!prof.success || !SESSION_ID.test(sessionId ?? '')) throw new AppError('NOT_FOUND', 'no such WebRTC session');
    if (!(await d.hub.delete(sessionId ?? '', cameraId ?? '', prof.data))) throw new AppError('NOT_FOUND', 'no such WebRTC session');
    res.status(200).end();
  });

  router.get('/api/webrtc', (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json(d.hub.stats());
  });
  return router;
}

/** The same checks, in the same order, as an HLS request. */
function authorize(secret: string, token: string, cameraId: string, profile: string): StreamProfile {
  const check = verifyToken(secret, token, 'media');
  if (!check.ok) throw new AppError('UNAUTHENTICATED', `stream token ${check.reason}`);
  if (!IdSchema.safeParse(cameraId).success) throw new AppError('VALIDATION_FAILED', 'bad camera id');
  if (!tokenAllows(check.claims, cameraId)) throw new AppError('FORBIDDEN', 'token does not open this camera');
  const prof = StreamProfileSchema.safeParse(profile);
  if (!prof.success) throw new AppError('VALIDATION_FAILED', 'profile must be main or sub');
  return prof.data;
}

async function readSdp(req: IncomingMessage): Promise<string> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/sdp') throw new AppError('VALIDATION_FAILED', 'Content-Type must be application/sdp');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_OFFER_BYTES) throw new AppError('PAYLOAD_TOO_LARGE', `SDP offer over ${MAX_OFFER_BYTES} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
