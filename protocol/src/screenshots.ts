import { z } from 'zod';
import { EpochMsSchema } from './common';

/** PNG's 8-byte signature: the only bytes a screenshot may start with. */
export const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] as const;

const RequestIdSchema = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'must be 8-64 letters, digits, "-" or "_"');

/** Controller -> screen: draw your canvas to a PNG of at most `maxBytes` and send it back. */
export const ScreenshotRequestSchema = z
  .object({
    requestId: RequestIdSchema,
    maxBytes: z.number().int().positive(),
    /** Base64 characters per `screenshotPart`, so each part stays within the socket payload limit. */
    chunkChars: z.number().int().positive().multipleOf(4),
  })
  .strict();
export type ScreenshotRequest = z.infer<typeof ScreenshotRequestSchema>;

/** Screen -> controller: one base64 part of the PNG, in order; the last one completes it. */
export const ScreenshotPartSchema = z
  .object({
    requestId: RequestIdSchema,
    index: z.number().int().nonnegative().max(99_999),
    count: z.number().int().positive().max(100_000),
    data: z.string().max(1_000_000).regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64'),
  })
  .strict();
export type ScreenshotPart = z.infer<typeof ScreenshotPartSchema>;

/** Screen -> controller: the screen could not take it (no canvas, too large even downscaled). */
export const ScreenshotFailedSchema = z
  .object({ requestId: RequestIdSchema, message: z.string().max(300) })
  .strict();

/** What `GET /api/screens/:id/screenshots` lists (newest last); the PNG is at `…/screenshots/:n`. */
export const ScreenshotInfoSchema = z.object({
  n: z.number().int().positive(),
  screenId: z.string(),
  takenAt: EpochMsSchema,
  requestedBy: z.string(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  bytes: z.number().int().positive(),
});
export type ScreenshotInfo = z.infer<typeof ScreenshotInfoSchema>;
