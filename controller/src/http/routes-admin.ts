import { Router } from 'express';
import { z } from 'zod';
import { IdSchema, parseOrThrow } from '@ioc/protocol';
import type { Core } from '../core';
import { actorOf, allow } from './authenticate';
import { param } from './params';

const epochMs = z.coerce.number().int().nonnegative();

/** `GET /api/audit`: filters and a cursor; `before` is the last page's `nextBefore`. */
export const AuditQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(1000).default(100),
    before: z.coerce.number().int().positive().optional(),
    user: IdSchema.optional(),
    wallId: IdSchema.optional(),
    action: z.string().min(1).max(64).regex(/^[a-z0-9_.-]+$/, 'must be an action, or a prefix ending in "."').optional(),
    from: epochMs.optional(),
    to: epochMs.optional(),
  })
  .strict()
  .refine((q) => q.from === undefined || q.to === undefined || q.from <= q.to, { message: 'must not be after to', path: ['from'] });

/** Users and the audit log: admin only. */
export function adminRoutes(core: Core): Router {
  const r = Router();
  r.get('/users', allow('users.read'), (_req, res) => void res.json(core.store.users.list()));
  r.post('/users', async (req, res) => {
    res.status(201).json(await core.users.create(actorOf(res), req.body));
  });
  r.patch('/users/:username', async (req, res) => {
    res.json(await core.users.update(actorOf(res), param(req, 'username'), req.body));
  });
  r.delete('/users/:username', (req, res) => {
    core.users.remove(actorOf(res), param(req, 'username'));
    res.status(204).end();
  });
  r.get('/audit', allow('audit.read'), (req, res) => {
    res.json(core.store.audit.page(parseOrThrow(AuditQuery, req.query, 'query')));
  });
  return r;
}
