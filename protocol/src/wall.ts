import { z } from 'zod';
import { EpochMsSchema, IdSchema } from './common';
import { ScreenHealthSchema } from './screen-health';
import { LanguageSchema } from './auth';

const px = z.number().int().nonnegative().max(1000);

/** Bezels in px: the hidden pixels between two neighbouring panels' active areas. */
export const BezelSchema = z
  .object({ left: px, right: px, top: px, bottom: px })
  .strict();
export type Bezel = z.infer<typeof BezelSchema>;

/** `PATCH /api/walls/:wallId`: the wall's settings a technician (bezels) or operator (language) may change. */
export const WallSettingsSchema = z
  .object({
    bezel: BezelSchema.optional(),
    widgetLanguage: LanguageSchema.optional(),
  })
  .strict()
  .refine((s) => s.bezel !== undefined || s.widgetLanguage !== undefined, { message: 'give bezel or widgetLanguage', path: ['bezel'] });
export type WallSettings = z.infer<typeof WallSettingsSchema>;

export const WallSpecSchema = z
  .object({
    id: IdSchema,
    name: z.string().min(1).max(120),
    cols: z.number().int().min(1).max(32),
    rows: z.number().int().min(1).max(16),
    screenWidth: z.number().int().min(160).max(8192),
    screenHeight: z.number().int().min(120).max(8192),
    bezel: BezelSchema,
    /**
     * The language of the wall's widgets and captions. Unset: each screen's own (its URL's
     * `lang`, else Vietnamese). Set with `PATCH /api/walls/:wallId`.
     */
    widgetLanguage: LanguageSchema.optional(),
  })
  .strict();
export type WallSpec = z.infer<typeof WallSpecSchema>;

export const ScreenPositionSchema = z
  .object({
    wallId: IdSchema,
    col: z.number().int().min(0).max(31),
    row: z.number().int().min(0).max(15),
  })
  .strict();
export type ScreenPosition = z.infer<typeof ScreenPositionSchema>;

export const ScreenSchema = ScreenPositionSchema.extend({
  id: IdSchema,
  hostname: z.string().max(255).nullable(),
  pairedAt: EpochMsSchema,
});
export type Screen = z.infer<typeof ScreenSchema>;

/** What the console shows per screen: is it online, and has it applied the wall's version. */
export const ScreenSyncSchema = z.object({
  screenId: IdSchema,
  col: z.number().int(),
  row: z.number().int(),
  online: z.boolean(),
  ackedVersion: z.number().int().nullable(),
  appliedAt: EpochMsSchema.nullable(),
  inSync: z.boolean(),
  /** The screen's last heartbeat: fps, memory and its health (renderer, video tiles, errors). */
  lastHeartbeat: ScreenHealthSchema.nullable(),
});
export type ScreenSync = z.infer<typeof ScreenSyncSchema>;

/** `GET /api/screens`: each paired screen, whether it is connected, and its latest health. */
export const ScreenListItemSchema = ScreenSchema.extend({
  online: z.boolean(),
  health: ScreenHealthSchema.nullable(),
});
export type ScreenListItem = z.infer<typeof ScreenListItemSchema>;

export const WallSyncSchema = z.object({
  wallId: IdSchema,
  version: z.number().int(),
  screens: z.array(ScreenSyncSchema),
});
export type WallSync = z.infer<typeof WallSyncSchema>;
