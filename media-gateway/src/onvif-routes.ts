import { createHash, timingSafeEqual } from 'node:crypto';
import express, { Router, type RequestHandler } from 'express';
import {
  AppError,
  IdSchema,
  OnvifDiscoverRequestSchema,
  OnvifProbeRequestSchema,
  parseGatewayPtzRequest,
  parseOrThrow,
  type OnvifDiscoverResult,
  type OnvifPresetList,
  type OnvifProbeResult,
} from '@ioc/protocol';
import type { CameraCatalog } from './catalog';
import type { Logger } from './logger';
import { connectOnvif, discover, probeDevice, type OnvifSession, type OnvifTarget } from './onvif';
import type { Redactor } from './redact';

export interface OnvifRouterDeps {
  secret: string;
  cameras: CameraCatalog;
  redactor: Redactor;
  log: Logger;
  /** Per ONVIF request; default 5000 ms. */
  timeoutMs?: number;
  /** Injected by tests; the real WS-Discovery sends multicast and is never run by them. */
  discover?: typeof discover;
}

const digest = (s: string) => createHash('sha256').update(s).digest();

/** Bearer media secret, compared in constant time (hashing first equalises lengths). */
function controllerOnly(secret: string): RequestHandler {
  const expected = digest(secret);
  return (req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    const m = /^Bearer (.+)$/.exec(req.get('authorization') ?? '');
    if (!m?.[1] || !timingSafeEqual(digest(m[1]), expected)) throw new AppError('UNAUTHENTICATED', 'bearer token required');
    next();
  };
}

/**
 * `/api/onvif/*`, for the controller only: it checks the user's role and audits, then relays
 * here, where the ONVIF client and the camera credentials live. Answers never carry a password;
 * every password met (probe bodies, catalog records) joins the redactor before any log line.
 */
export function onvifRouter(d: OnvifRouterDeps): Router {
  const r = Router();
  const timeoutMs = d.timeoutMs ?? 5_000;
  r.use('/api/onvif', controllerOnly(d.secret), express.json({ limit: '16kb' }));

  const targetOf = async (cameraId: string): Promise<OnvifTarget> => {
    const cam = await d.cameras.get(cameraId);
    if (!cam) throw new AppError('CAMERA_NOT_FOUND', `camera "${cameraId}" is not known to the media gateway`);
    if (!cam.onvif) {
      throw new AppError('VALIDATION_FAILED', `camera "${cameraId}" has no onvifAddress`, { issues: [{ path: 'onvifAddress', message: 'not set' }] });
    }
    d.redactor.add(cam.onvif.password);
    return {
      address: cam.onvif.address,
      ...(cam.onvif.username ? { username: cam.onvif.username } : {}),
      ...(cam.onvif.password ? { password: cam.onvif.password } : {}),
      timeoutMs,
    };
  };

  const withSession = async <T>(cameraId: string, run: (s: OnvifSession) => Promise<T>): Promise<T> => {
    const session = await connectOnvif(await targetOf(cameraId));
    try {
      return await run(session);
    } finally {
      session.close();
    }
  };

  r.post('/api/onvif/probe', async (req, res) => {
    const body = parseOrThrow(OnvifProbeRequestSchema, req.body, 'ONVIF probe');
    d.redactor.add(body.password);
    const result: OnvifProbeResult = await probeDevice({ ...body, timeoutMs: body.timeoutMs ?? timeoutMs });
    d.log.info('ONVIF device probed', { address: result.address, model: result.device.model, profiles: result.profiles.length });
    res.json(result);
  });

  r.post('/api/onvif/ptz', async (req, res) => {
    const cmd = parseGatewayPtzRequest(req.body);
    await withSession(cmd.cameraId, async (s) => {
      if (cmd.action === 'move') await s.ptzMove({ x: cmd.x, y: cmd.y, zoom: cmd.zoom }, cmd.timeoutMs);
      else if (cmd.action === 'stop') await s.ptzStop();
      else await s.gotoPreset(cmd.presetToken);
    });
    d.log.info('PTZ command sent', { cameraId: cmd.cameraId, action: cmd.action });
    res.json({ ok: true });
  });

  r.get('/api/onvif/presets/:cameraId', async (req, res) => {
    const cameraId = parseOrThrow(IdSchema, req.params.cameraId, 'cameraId');
    const presets = await withSession(cameraId, (s) => s.getPresets());
    res.json({ presets } satisfies OnvifPresetList);
  });

  r.post('/api/onvif/discover', async (req, res) => {
    const body = parseOrThrow(OnvifDiscoverRequestSchema, req.body ?? {}, 'discovery request');
    const devices = await (d.discover ?? discover)({ timeoutMs: body.timeoutMs ?? 5_000 });
    d.log.info('ONVIF discovery ran', { found: devices.length });
    res.json({ devices } satisfies OnvifDiscoverResult);
  });
  return r;
}
