import { Router } from 'express';
import { z } from 'zod';
import { AppError, IdSchema, parseOrThrow } from '@ioc/protocol';
import type { Core } from '../core';
import { param } from './params';
import { actorOf, allow } from './authenticate';

export const ListQuery = z.object({ wallId: IdSchema.optional() });

export function layoutRoutes(core: Core): Router {
  const r = Router();
  r.get('/layouts', allow('layouts.read'), (req, res) => {
    const { wallId } = parseOrThrow(ListQuery, req.query, 'query');
    if (wallId !== undefined && !core.store.walls.wall(wallId)) throw new AppError('WALL_NOT_FOUND', `wall "${wallId}" does not exist`);
    res.json(core.store.layouts.list(wallId));
  });
  r.get('/layouts/:id', allow('layouts.read'), (req, res) => {
    const layout = core.store.layouts.get(param(req, 'id'));
    if (!layout) throw new AppError('LAYOUT_NOT_FOUND', `layout "${param(req, 'id')}" does not exist`);
    res.json(layout);
  });
  r.delete('/layouts/:id', (req, res) => {
    core.layouts.remove(actorOf(res), param(req, 'id'));
    res.status(204).end();
  });
  return r;
}
