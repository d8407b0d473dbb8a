import { Router } from 'express';
import { z } from 'zod';
import { AppError, parseOrThrow } from '@ioc/protocol';
import type { Core } from '../core';
import { param } from './params';
import { actorOf, allow } from './authenticate';

export const HistoryQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(50) });

function bodyObject(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new AppError('VALIDATION_FAILED', 'request body must be a JSON object');
  }
  return body as Record<string, unknown>;
}

/** Walls, their state, history and sync; and the wall-scoped commands (apply, save layout, identify). */
export function wallRoutes(core: Core): Router {
  const r = Router();
  const wallOr404 = (id: string) => {
    const wall = core.store.walls.wall(id);
    if (!wall) throw new AppError('WALL_NOT_FOUND', `wall "${id}" does not exist`);
    return wall;
  };

  r.get('/walls', allow('walls.read'), (_req, res) => void res.json(core.store.walls.walls()));
  r.get('/walls/:wallId', allow('walls.read'), (req, res) => void res.json(wallOr404(param(req, 'wallId'))));
  r.get('/walls/:wallId/state', allow('state.read'), (req, res) => {
    const wall = wallOr404(param(req, 'wallId'));
    res.json(core.store.states.current(wall.id));
  });
  r.get('/walls/:wallId/history', allow('state.read'), (req, res) => {
    const wall = wallOr404(param(req, 'wallId'));
    const { limit } = parseOrThrow(HistoryQuery, req.query, 'query');
    res.json(core.store.states.history(wall.id, limit));
  });
  r.get('/walls/:wallId/sync', allow('sync.read'), (req, res) => {
    const wall = wallOr404(param(req, 'wallId'));
    res.json(core.sync.getWallSync(wall.id));
  });

  r.patch('/walls/:wallId', (req, res) => {
    res.json(core.wallSettings(actorOf(res), param(req, 'wallId'), req.body));
  });
  r.post('/walls/:wallId/undo', (req, res) => {
    res.json(core.applyLayout.undo(actorOf(res), { ...bodyObject(req.body ?? {}), wallId: param(req, 'wallId') }));
  });
  r.post('/walls/:wallId/apply', (req, res) => {
    res.json(core.applyLayout(actorOf(res), { ...bodyObject(req.body), wallId: param(req, 'wallId') }));
  });
  r.post('/walls/:wallId/layouts', (req, res) => {
    res.status(201).json(core.layouts.save(actorOf(res), param(req, 'wallId'), bodyObject(req.body)));
  });
  r.post('/walls/:wallId/identify', (req, res) => {
    res.json(core.identify(actorOf(res), { ...bodyObject(req.body ?? {}), wallId: param(req, 'wallId') }));
  });
  return r;
}
