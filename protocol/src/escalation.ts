import { z } from 'zod';
import { EpochMsSchema, IdSchema } from './common';
import { RectSchema } from './layout';

/** Shape version of a stored escalation; bump with a migration in `migrateEscalation`. */
export const ESCALATION_SCHEMA_VERSION = 1;

export const EscalationPrioritySchema = z
  .number({ error: 'must be a number from 1 (highest) to 3' })
  .int('must be an integer from 1 (highest) to 3')
  .min(1, 'must be from 1 (highest) to 3')
  .max(3, 'must be from 1 (highest) to 3');

export const EscalationStateSchema = z.enum(['open', 'acknowledged', 'closed']);
export type EscalationState = z.infer<typeof EscalationStateSchema>;

const reason = z
  .string({ error: 'is required: say why the camera is escalated' })
  .trim()
  .min(1, 'must not be empty')
  .max(500, 'must be at most 500 characters');
const note = z.string().trim().max(1000, 'must be at most 1000 characters');

/** `POST /api/escalations` (and the console socket's `escalate`). */
export const CreateEscalationBodySchema = z
  .object({
    cameraId: IdSchema,
    reason,
    priority: EscalationPrioritySchema,
    note: note.optional(),
  })
  .strict();
export type CreateEscalationBody = z.input<typeof CreateEscalationBodySchema>;

/** `POST /api/escalations/:id/close`. */
export const CloseEscalationBodySchema = z.object({ note: note.optional() }).strict();
/** `POST /api/escalations/:id/ack` takes no fields; an empty object (or no body) is fine. */
export const AckEscalationBodySchema = z.object({}).strict();

export const EscalationListQuerySchema = z.object({ state: z.enum(['open', 'all']).default('open') }).strict();

export const EscalationSchema = z.object({
  id: IdSchema,
  cameraId: IdSchema,
  /** The command wall it is drawn on. */
  wallId: IdSchema,
  reason: z.string(),
  priority: z.number().int().min(1).max(3),
  note: z.string().nullable(),
  state: EscalationStateSchema,
  createdBy: z.string(),
  createdAt: EpochMsSchema,
  acknowledgedBy: z.string().nullable(),
  acknowledgedAt: EpochMsSchema.nullable(),
  closedBy: z.string().nullable(),
  closedAt: EpochMsSchema.nullable(),
  closeNote: z.string().nullable(),
  /** The gateway recording of the incident; null until the gateway confirmed it. */
  clipId: z.string().nullable(),
});
export type Escalation = z.infer<typeof EscalationSchema>;

/** What a screen draws for one open escalation: no more than the room must see. */
export const EscalationOverlaySchema = z.object({
  id: IdSchema,
  cameraId: IdSchema,
  cameraName: z.string().max(120),
  reason: z.string().max(500),
  priority: z.number().int().min(1).max(3),
  createdBy: z.string().max(120),
  createdAt: EpochMsSchema,
  acknowledged: z.boolean(),
});
export type EscalationOverlay = z.infer<typeof EscalationOverlaySchema>;

/**
 * The open escalations over a wall's layout: the first fills `area` (the layout's incident
 * tile, or the configured default area); the others wait in the queue strip.
 */
export const IncidentOverlaySchema = z.object({
  area: RectSchema,
  escalations: z.array(EscalationOverlaySchema).min(1).max(100),
});
export type IncidentOverlay = z.infer<typeof IncidentOverlaySchema>;

/** Highest priority (1) first, then the oldest: the order of the queue and of the wall. */
export function compareEscalations(a: { priority: number; createdAt: number; id: string }, b: { priority: number; createdAt: number; id: string }): number {
  return a.priority - b.priority || a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
