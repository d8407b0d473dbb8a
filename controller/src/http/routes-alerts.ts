import { Router } from 'express';
import type { Core } from '../core';
import { actorOf } from './authenticate';

/** `GET /api/alerts` (every role): the active alerts, or `?state=all` with the recently cleared. */
export function alertRoutes(core: Core): Router {
  const r = Router();
  r.get('/alerts', (req, res) => void res.json({ alerts: core.alerts.list(actorOf(res), req.query) }));
  return r;
}
