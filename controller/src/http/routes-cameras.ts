import { Router } from 'express';
import { AppError } from '@ioc/protocol';
import type { Core } from '../core';
import { publicCamera } from '../services/cameras';
import { demoCameras } from '../services/demo-cameras';
import { actorOf, allow } from './authenticate';
import { param } from './params';

/**
 * Camera registry (reads: every role; writes: admin, technician), stream health, and media
 * tokens for console previews. No answer here ever carries a camera credential.
 */
export function cameraRoutes(core: Core): Router {
  const r = Router();
  const withStatus = (id: string) => core.streams.forCamera(id);
  // The demo cameras (`demo.cameras`) are listed after the registry's, unless one is registered.
  const builtins = () => (core.config.demo.cameras ? demoCameras() : []);
  r.get('/cameras', allow('cameras.read'), (_req, res) => {
    const registered = core.store.cameras.list().map((c) => publicCamera(c, withStatus(c.id)));
    const ids = new Set(registered.map((c) => c.id));
    const demo = builtins().filter((c) => !ids.has(c.id)).map((c) => ({ ...c, status: withStatus(c.id) }));
    res.json([...registered, ...demo]);
  });
  r.get('/cameras/:id', allow('cameras.read'), (req, res) => {
    const id = param(req, 'id');
    const c = core.store.cameras.get(id);
    const demo = c ? undefined : builtins().find((d) => d.id === id);
    if (demo) return void res.json({ ...demo, status: withStatus(id) });
    if (!c) throw new AppError('CAMERA_NOT_FOUND', `camera "${id}" does not exist`);
    res.json(publicCamera(c, withStatus(c.id)));
  });
  r.post('/cameras', (req, res) => {
    const c = core.cameras.create(actorOf(res), req.body);
    core.log.info(`camera ${c.id} added`, { by: actorOf(res).username });
    res.status(201).json(publicCamera(c, withStatus(c.id)));
  });
  r.patch('/cameras/:id', (req, res) => {
    const c = core.cameras.update(actorOf(res), param(req, 'id'), req.body);
    core.log.info(`camera ${c.id} updated`, { by: actorOf(res).username });
    res.json(publicCamera(c, withStatus(c.id)));
  });
  r.delete('/cameras/:id', (req, res) => {
    core.cameras.remove(actorOf(res), param(req, 'id'));
    core.log.info(`camera ${param(req, 'id')} removed`, { by: actorOf(res).username });
    res.status(204).end();
  });
  r.post('/cameras/:id/token', (req, res) => {
    res.json(core.tokens.forUser(actorOf(res), param(req, 'id')));
  });
  r.get('/streams/status', allow('streams.read'), (_req, res) => {
    res.json({ streams: core.streams.list(), gatewayConnected: core.streams.connected() });
  });
  return r;
}
