import { z } from 'zod';
import { IdSchema } from './common';
import { SourceSchema } from './source';

/**
 * A rectangle in **screen units** of the wall: x = 1.5 is the middle of the second column,
 * y = 0 the top of the first row. The geometry in layout-presets turns it into pixels.
 */
export const RectSchema = z
  .object({
    x: z.number().finite().min(0),
    y: z.number().finite().min(0),
    w: z.number().finite().positive(),
    h: z.number().finite().positive(),
  })
  .strict();
export type Rect = z.infer<typeof RectSchema>;

export const MAX_TILES = 512;

export const TileSchema = z
  .object({
    id: IdSchema,
    rect: RectSchema,
    source: SourceSchema,
    label: z.string().max(200).optional(),
    z: z.number().int().min(-1000).max(1000).default(0),
    /** Marks the tile an escalated incident replaces (command wall). */
    role: z.enum(['incident']).optional(),
  })
  .strict();
export type Tile = z.infer<typeof TileSchema>;
export type TileInput = z.input<typeof TileSchema>;

export const TilesSchema = z.array(TileSchema).max(MAX_TILES);

export const LayoutSchema = z
  .object({
    id: IdSchema,
    wallId: IdSchema,
    name: z.string().min(1).max(120),
    description: z.string().max(500).optional(),
    tiles: TilesSchema,
    builtin: z.boolean().default(false),
  })
  .strict();
export type Layout = z.infer<typeof LayoutSchema>;
export type LayoutInput = z.input<typeof LayoutSchema>;

/** A layout a user saves; `builtin` is the controller's to set. */
export const SaveLayoutBodySchema = LayoutSchema.omit({ builtin: true, wallId: true, id: true }).extend({
  id: IdSchema.optional(),
});
export type SaveLayoutBody = z.input<typeof SaveLayoutBodySchema>;
