import { z } from 'zod';
import { EpochMsSchema, IdSchema } from './common';
import { IncidentOverlaySchema } from './escalation';
import { TilesSchema } from './layout';

/**
 * The one thing every screen of a wall draws. `version` only grows; `activateAt` is on the
 * controller's clock, and each screen converts it with its measured offset.
 */
export const WallStateSchema = z.object({
  wallId: IdSchema,
  version: z.number().int().nonnegative(),
  layoutId: IdSchema.nullable(),
  tiles: TilesSchema,
  activateAt: EpochMsSchema,
  changedBy: z.string().max(120),
  reason: z.string().max(500).nullable(),
  createdAt: EpochMsSchema,
  /**
   * Open escalations drawn over `tiles` (command wall). Absent in states cached by older
   * screens: it defaults to none, so an upgraded screen never blanks on an older cache.
   */
  incident: IncidentOverlaySchema.nullable().default(null),
});
export type WallState = z.infer<typeof WallStateSchema>;
export type WallStateInput = z.input<typeof WallStateSchema>;
