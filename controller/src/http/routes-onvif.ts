import { Router } from 'express';
import { AppError, OnvifDiscoverRequestSchema, OnvifProbeRequestSchema, PtzCommandSchema, parseOrThrow, type PtzCommand } from '@ioc/protocol';
import type { Core } from '../core';
import { requirePermission } from '../permissions';
import { createOnvifProxy, type OnvifProxy } from '../services/onvif-proxy';
import { actorOf } from './authenticate';
import { param } from './params';

/** What the audit trail keeps of a PTZ command: the values, never the camera's credentials. */
function auditDetails(cmd: PtzCommand): Record<string, unknown> {
  if (cmd.action === 'move') return { action: 'move', x: cmd.x, y: cmd.y, zoom: cmd.zoom, ...(cmd.timeoutMs ? { timeoutMs: cmd.timeoutMs } : {}) };
  if (cmd.action === 'preset') return { action: 'preset', presetToken: cmd.presetToken };
  return { action: 'stop' };
}

/**
 * ONVIF for users, relayed to the media gateway (which holds the ONVIF client and the
 * credentials): "add by address" and discovery for admins and technicians, PTZ and presets for
 * admins and duty officers. Every PTZ command is audited, failed ones included.
 */
export function onvifRoutes(core: Core, proxy: OnvifProxy = createOnvifProxy(core.config.mediaGateway)): Router {
  const r = Router();

  const onvifCamera = (id: string) => {
    const c = core.store.cameras.get(id);
    if (!c) throw new AppError('CAMERA_NOT_FOUND', `camera "${id}" does not exist`);
    if (!c.onvifAddress) {
      throw new AppError('VALIDATION_FAILED', `camera "${id}" has no onvifAddress: set it (PATCH /api/cameras/${id}) to use PTZ`, {
        issues: [{ path: 'onvifAddress', message: 'not set' }],
      });
    }
    return c;
  };

  r.post('/cameras/onvif/probe', async (req, res) => {
    const actor = actorOf(res);
    requirePermission(actor, 'cameras.probe');
    const body = parseOrThrow(OnvifProbeRequestSchema, req.body, 'ONVIF probe');
    const result = await proxy.probe(body);
    core.log.info(`ONVIF device ${result.address} probed`, { by: actor.username, model: result.device.model });
    res.json(result);
  });

  r.post('/cameras/discover', async (req, res) => {
    const actor = actorOf(res);
    requirePermission(actor, 'cameras.discover');
    const body = parseOrThrow(OnvifDiscoverRequestSchema, req.body ?? {}, 'discovery request');
    const result = await proxy.discover(body.timeoutMs ?? 5_000);
    core.log.info('ONVIF discovery ran', { by: actor.username, found: result.devices.length });
    res.json(result);
  });

  r.post('/cameras/:id/ptz', async (req, res) => {
    const actor = actorOf(res);
    requirePermission(actor, 'cameras.ptz');
    const id = param(req, 'id');
    const cmd = parseOrThrow(PtzCommandSchema, req.body, 'PTZ command');
    onvifCamera(id);
    const details = auditDetails(cmd);
    try {
      await proxy.ptz(id, cmd);
    } catch (err) {
      const code = err instanceof AppError ? err.code : 'INTERNAL';
      core.store.tx(() => core.store.audit.write({ actor: actor.username, action: 'camera.ptz', target: id, details: { ...details, ok: false, error: code } }));
      throw err;
    }
    core.store.tx(() => core.store.audit.write({ actor: actor.username, action: 'camera.ptz', target: id, details: { ...details, ok: true } }));
    res.json({ ok: true });
  });

  r.get('/cameras/:id/presets', async (req, res) => {
    requirePermission(actorOf(res), 'cameras.ptz');
    const id = param(req, 'id');
    onvifCamera(id);
    res.json(await proxy.presets(id));
  });
  return r;
}
