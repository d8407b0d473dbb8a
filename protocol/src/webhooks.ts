import { z } from 'zod';
import { EpochMsSchema, IdSchema } from './common';

/**
 * What the controller tells other systems (e.g. the officials' mobile app backend) about:
 * escalations, and alerts (a screen or camera offline, a feed stale) raised and cleared. The
 * data of an alert event is the `Alert` (`protocol/src/alerts.ts`).
 */
export const WEBHOOK_EVENTS = ['escalation.created', 'escalation.acknowledged', 'escalation.closed', 'alert.raised', 'alert.cleared'] as const;
export const WebhookEventSchema = z.enum(WEBHOOK_EVENTS);
export type WebhookEvent = z.infer<typeof WebhookEventSchema>;

/**
 * Request headers of a delivery. The signature is `sha256=<hex HMAC-SHA256(secret,
 * `${timestamp}.${body}`)>`: the timestamp is signed too, so a receiver can refuse old replays.
 */
export const WEBHOOK_HEADERS = {
  event: 'X-IOC-Event',
  idempotencyKey: 'Idempotency-Key',
  timestamp: 'X-IOC-Timestamp',
  signature: 'X-IOC-Signature',
} as const;

/**
 * The JSON body of every delivery. `id` is the event's id, shared by every target and every
 * retry, and sent as `Idempotency-Key`: delivery is at least once, so receivers dedupe on it.
 */
export const WebhookPayloadSchema = z
  .object({
    id: z.uuid(),
    event: WebhookEventSchema,
    createdAt: EpochMsSchema,
    data: z.unknown(),
  })
  .strict();
export type WebhookPayload = z.infer<typeof WebhookPayloadSchema>;

export const WebhookOutboxStateSchema = z.enum(['pending', 'failed', 'delivered']);
export type WebhookOutboxState = z.infer<typeof WebhookOutboxStateSchema>;

/** `GET /api/webhooks/outbox?state=&limit=` (admins). */
export const WebhookOutboxQuerySchema = z
  .object({
    state: WebhookOutboxStateSchema.default('pending'),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
  })
  .strict();

/** One row of the outbox as ops see it: never the target's URL or secret. */
export const WebhookOutboxEntrySchema = z.object({
  id: z.string(),
  eventId: z.string(),
  target: IdSchema,
  event: z.string(),
  state: WebhookOutboxStateSchema,
  createdAt: EpochMsSchema,
  attempts: z.number().int().nonnegative(),
  nextAttemptAt: EpochMsSchema,
  lastError: z.string().nullable(),
  deliveredAt: EpochMsSchema.nullable(),
});
export type WebhookOutboxEntry = z.infer<typeof WebhookOutboxEntrySchema>;
