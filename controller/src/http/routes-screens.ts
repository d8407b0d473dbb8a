import { Router } from 'express';
import { AppError, type ScreenListItem } from '@ioc/protocol';
import type { Core } from '../core';
import { param } from './params';
import { actorOf, allow } from './authenticate';

export function screenRoutes(core: Core): Router {
  const r = Router();
  r.get('/screens', allow('screens.read'), (_req, res) => {
    const list: ScreenListItem[] = core.store.walls.screens().map((s) => ({ ...s, online: core.sync.isOnline(s.id), health: core.sync.health(s.id) }));
    res.json(list);
  });
  r.get('/screens/pending', allow('screens.pending'), (_req, res) => void res.json(core.pairing.pendingList()));
  r.post('/screens/pair', (req, res) => {
    res.status(201).json(core.pairing.pair(actorOf(res), req.body));
  });
  r.post('/screens/:id/replace', (req, res) => {
    res.json(core.pairing.replace(actorOf(res), param(req, 'id'), req.body));
  });
  // Waits for the screen's PNG (up to `screenshots.timeoutMs`) and answers with what it got.
  r.post('/screens/:id/screenshot', async (req, res) => {
    res.status(201).json(await core.screenshots.request(actorOf(res), param(req, 'id')));
  });
  r.get('/screens/:id/screenshots', (req, res) => void res.json(core.screenshots.list(actorOf(res), param(req, 'id'))));
  r.get('/screens/:id/screenshots/:n', (req, res) => {
    const n = /^\d{1,9}$/.test(param(req, 'n')) ? Number(param(req, 'n')) : Number.NaN;
    if (!Number.isInteger(n) || n < 1) throw new AppError('VALIDATION_FAILED', 'screenshot number must be a positive integer');
    const png = core.screenshots.get(actorOf(res), param(req, 'id'), n);
    res.setHeader('Content-Type', 'image/png');
    res.setHeader('Content-Disposition', `inline; filename="screen-${param(req, 'id')}-${n}.png"`);
    res.end(png);
  });
  r.delete('/screens/:id', (req, res) => {
    core.pairing.unpair(actorOf(res), param(req, 'id'));
    res.status(204).end();
  });
  return r;
}
