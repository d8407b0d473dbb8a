import { createHash, timingSafeEqual } from 'node:crypto';
import { Router, type RequestHandler } from 'express';
import { AppError } from '@ioc/protocol';
import type { Core } from '../core';
import { internalCamera } from '../services/cameras';
import { param } from './params';

const digest = (s: string) => createHash('sha256').update(s).digest();

/** Bearer `mediaGateway.secret`, compared in constant time (hashing first equalises lengths). */
function gatewayOnly(secret: string | null): RequestHandler {
  const expected = secret ? digest(secret) : null;
  return (req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    if (!expected) throw new AppError('NOT_FOUND', 'the internal API is disabled (no mediaGateway.secret)');
    const m = /^Bearer (.+)$/.exec(req.get('authorization') ?? '');
    if (!m?.[1] || !timingSafeEqual(digest(m[1]), expected)) throw new AppError('UNAUTHENTICATED', 'media gateway secret required');
    next();
  };
}

/**
 * `/api/internal/*`: for the media gateway only. The one place camera credentials leave the
 * controller (full RTSP URLs for ffmpeg).
 */
export function internalRoutes(core: Core): Router {
  const r = Router();
  r.use('/internal', gatewayOnly(core.config.mediaGateway.secret));
  r.get('/internal/cameras/:id', (req, res) => {
    const c = core.store.cameras.get(param(req, 'id'));
    if (!c) throw new AppError('CAMERA_NOT_FOUND', `camera "${param(req, 'id')}" does not exist`);
    res.json(internalCamera(c));
  });
  return r;
}
