import { z } from 'zod';
import { EpochMsSchema, IdSchema } from './common';

/**
 * Alerts the controller raises by itself when something stays wrong for longer than its
 * threshold (`alerts.*` keys), and clears by itself when the condition ends:
 * - screen-offline: a paired screen has no connection;
 * - camera-offline: a stream of the camera the gateway runs is offline or stalled;
 * - feed-stale: the gateway reports the feed stale beyond its own limit (or the gateway is away).
 */
export const AlertKindSchema = z.enum(['screen-offline', 'camera-offline', 'feed-stale']);
export type AlertKind = z.infer<typeof AlertKindSchema>;
export const ALERT_KINDS = AlertKindSchema.options;

export const AlertSchema = z.object({
  /** Unique per raise: the same subject offline twice gives two alerts. */
  id: z.string().min(1).max(128),
  kind: AlertKindSchema,
  /** The screen, camera or feed id. */
  subject: IdSchema,
  /** The screen's wall; null for cameras and feeds. */
  wallId: IdSchema.nullable(),
  /** One line for people, e.g. "screen monitoring-0-1 (monitoring col 0 row 1) offline for 30 s". */
  message: z.string().max(500),
  /** When the condition began (controller clock), before the threshold passed. */
  since: EpochMsSchema,
  raisedAt: EpochMsSchema,
  /** Null while active. */
  clearedAt: EpochMsSchema.nullable(),
});
export type Alert = z.infer<typeof AlertSchema>;

/** `GET /api/alerts?state=active|all` (every role): active ones, or also the recently cleared. */
export const AlertListQuerySchema = z.object({ state: z.enum(['active', 'all']).default('active') }).strict();
export const AlertListSchema = z.object({ alerts: z.array(AlertSchema) });
