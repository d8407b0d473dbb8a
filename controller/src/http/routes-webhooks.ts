import { Router } from 'express';
import { parseOrThrow, WebhookOutboxQuerySchema } from '@ioc/protocol';
import type { Core } from '../core';
import { allow } from './authenticate';

/** Ops' view of the webhook outbox: what waits, what was given up (with its last error), what went. */
export function webhookRoutes(core: Core): Router {
  const r = Router();
  r.get('/webhooks/outbox', allow('webhooks.read'), (req, res) => {
    const { state, limit } = parseOrThrow(WebhookOutboxQuerySchema, req.query, 'query');
    res.json(core.store.webhooks.list(state, core.config.webhooks.maxAttempts, limit));
  });
  return r;
}
