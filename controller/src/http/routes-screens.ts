import { Router } from 'express';
import type { Core } from '../core';
import { param } from './params';
import { actorOf, allow } from './authenticate';

export function screenRoutes(core: Core): Router {
  const r = Router();
  r.get('/screens', allow('screens.read'), (_req, res) => void res.json(core.store.walls.screens()));
  r.get('/screens/pending', allow('screens.pending'), (_req, res) => void res.json(core.pairing.pendingList()));
  r.post('/screens/pair', (req, res) => {
    res.status(201).json(core.pairing.pair(actorOf(res), req.body));
  });
  r.delete('/screens/:id', (req, res) => {
    core.pairing.unpair(actorOf(res), param(req, 'id'));
    res.status(204).end();
  });
  return r;
}
