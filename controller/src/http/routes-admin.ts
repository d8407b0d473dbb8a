import { Router } from 'express';
import { z } from 'zod';
import { AppError, CreateUserSchema, parseOrThrow } from '@ioc/protocol';
import type { Core } from '../core';
import { hashPassword } from '../auth/passwords';
import { requirePermission } from '../permissions';
import { actorOf, allow } from './authenticate';

export const AuditQuery = z.object({ limit: z.coerce.number().int().min(1).max(1000).default(100) });

/** Users and the audit log: admin only. */
export function adminRoutes(core: Core): Router {
  const r = Router();
  r.get('/users', allow('users.read'), (_req, res) => void res.json(core.store.users.list()));
  r.post('/users', async (req, res) => {
    const actor = actorOf(res);
    requirePermission(actor, 'users.write');
    const body = parseOrThrow(CreateUserSchema, req.body, 'user');
    const hash = await hashPassword(body.password);
    core.store.tx(() => {
      if (core.store.users.get(body.username)) throw new AppError('ALREADY_EXISTS', `user "${body.username}" already exists`);
      core.store.users.insert(body.username, hash, body.roles);
      core.store.audit.write({ actor: actor.username, action: 'user.create', target: body.username, details: { roles: body.roles } });
    });
    const user = core.store.users.list().find((u) => u.username === body.username);
    res.status(201).json(user);
  });
  r.get('/audit', allow('audit.read'), (req, res) => {
    const { limit } = parseOrThrow(AuditQuery, req.query, 'query');
    res.json(core.store.audit.list(limit));
  });
  return r;
}
