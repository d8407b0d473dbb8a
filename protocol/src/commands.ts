import { z } from 'zod';
import { IdSchema } from './common';
import { TilesSchema } from './layout';

export const MAX_REASON = 500;

/** `applyLayout`: exactly one of `layoutId` or `tiles`. */
export const ApplyLayoutSchema = z
  .object({
    wallId: IdSchema,
    layoutId: IdSchema.optional(),
    tiles: TilesSchema.optional(),
    /** Optimistic concurrency: refuse with VERSION_CONFLICT if the wall moved on. */
    ifVersion: z.number().int().nonnegative().optional(),
    reason: z.string().max(MAX_REASON).optional(),
  })
  .strict()
  .refine((c) => (c.layoutId === undefined) !== (c.tiles === undefined), {
    message: 'give exactly one of layoutId or tiles',
    path: ['layoutId'],
  });
export type ApplyLayout = z.input<typeof ApplyLayoutSchema>;

export const ApplyLayoutResultSchema = z.object({
  wallId: IdSchema,
  version: z.number().int(),
  activateAt: z.number(),
});
export type ApplyLayoutResult = z.infer<typeof ApplyLayoutResultSchema>;

const PairingCodeSchema = z.string().regex(/^[A-Z0-9]{6}$/, 'must be the 6-character code shown on the screen');

export const PairScreenSchema = z
  .object({
    code: PairingCodeSchema,
    wallId: IdSchema,
    col: z.number().int().min(0),
    row: z.number().int().min(0),
  })
  .strict();
export type PairScreen = z.infer<typeof PairScreenSchema>;

/** `POST /api/screens/:id/replace`: the pending screen showing `code` takes the position of screen `:id`. */
export const ReplaceScreenSchema = z.object({ code: PairingCodeSchema }).strict();
export type ReplaceScreen = z.infer<typeof ReplaceScreenSchema>;

export const IdentifySchema = z
  .object({ wallId: IdSchema, durationMs: z.number().int().min(500).max(60_000).default(5000) })
  .strict();
