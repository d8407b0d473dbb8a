import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { Router } from 'express';
import { ApiErrorSchema, AppError, EscalationListQuerySchema, parseOrThrow } from '@ioc/protocol';
import type { Core } from '../core';
import { actorOf } from './authenticate';
import { param } from './params';

/**
 * Escalations (every role reads; duty officers and admins write) and the evidence clip, which
 * the controller relays from the media gateway so that screens' and consoles' access rules
 * stay in one place and the gateway's secret never leaves the server.
 */
export function escalationRoutes(core: Core): Router {
  const r = Router();
  const esc = core.escalations;
  r.get('/escalations', (req, res) => {
    const { state } = parseOrThrow(EscalationListQuerySchema, req.query, 'query');
    res.json(esc.list(actorOf(res), state));
  });
  r.get('/escalations/:id', (req, res) => void res.json(esc.get(actorOf(res), param(req, 'id'))));
  r.post('/escalations', (req, res) => {
    const e = esc.create(actorOf(res), req.body);
    core.log.info(`escalation ${e.id} opened`, { by: e.createdBy, cameraId: e.cameraId, priority: e.priority });
    res.status(201).json(e);
  });
  r.post('/escalations/:id/ack', (req, res) => {
    const e = esc.acknowledge(actorOf(res), param(req, 'id'), req.body);
    core.log.info(`escalation ${e.id} acknowledged`, { by: e.acknowledgedBy });
    res.json(e);
  });
  r.post('/escalations/:id/close', (req, res) => {
    const e = esc.close(actorOf(res), param(req, 'id'), req.body);
    core.log.info(`escalation ${e.id} closed`, { by: e.closedBy });
    res.json(e);
  });
  r.get('/escalations/:id/clip', async (req, res) => {
    const actor = actorOf(res);
    const e = esc.get(actor, param(req, 'id'));
    esc.requireClipAccess(actor);
    const abort = new AbortController();
    res.on('close', () => abort.abort());
    let upstream: Response;
    try {
      // Only a plain single bytes range is passed on; anything else gets the whole clip.
      const range = req.headers.range && /^bytes=\d*-\d*$/.test(req.headers.range) ? req.headers.range : undefined;
      upstream = await core.recordings.clip(e.id, abort.signal, range);
    } catch (err) {
      if (err instanceof AppError) throw err;
      throw new AppError('UPSTREAM_FAILED', 'the media gateway did not answer for the clip');
    }
    if (!upstream.ok || !upstream.body) {
      const parsed = ApiErrorSchema.safeParse(await upstream.json().catch(() => null));
      const code = parsed.success ? parsed.data.code : null;
      // An open escalation's recording may not have reached the gateway yet: still "not ready".
      if (code === 'CLIP_NOT_READY' || (code === 'RECORDING_NOT_FOUND' && e.state !== 'closed')) {
        throw new AppError('CLIP_NOT_READY', `the clip of escalation "${e.id}" is still being recorded; it is ready after the escalation closes`, { state: e.state });
      }
      if (code === 'RECORDING_NOT_FOUND') throw new AppError('RECORDING_NOT_FOUND', `escalation "${e.id}" has no clip at the media gateway`);
      if (code === 'RANGE_NOT_SATISFIABLE') {
        const total = upstream.headers.get('content-range');
        if (total) res.setHeader('Content-Range', total);
        throw new AppError('RANGE_NOT_SATISFIABLE', `the range asked for lies outside the clip of escalation "${e.id}"`);
      }
      throw new AppError('UPSTREAM_FAILED', `the media gateway answered ${upstream.status} for the clip`);
    }
    res.status(upstream.status === 206 ? 206 : 200);
    res.setHeader('Content-Type', 'video/mp4');
    res.setHeader('Accept-Ranges', 'bytes');
    for (const h of ['content-length', 'content-range']) {
      const v = upstream.headers.get(h);
      if (v) res.setHeader(h, v);
    }
    res.setHeader('Content-Disposition', `attachment; filename="escalation-${e.id}.mp4"`);
    res.setHeader('Cache-Control', 'no-store');
    Readable.fromWeb(upstream.body as WebReadableStream).on('error', () => res.destroy()).pipe(res);
  });
  return r;
}
