import { z } from 'zod';
import { IdSchema } from './common';

const text = (max: number) => z.string().max(max);
const color = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a #rrggbb colour');

/**
 * What a tile shows. Each kind has one renderer ("pipe") in the wall-client, registered by
 * `kind`; adding a kind means adding a schema here and a pipe there, never a switch.
 */
export const LabelSourceSchema = z
  .object({ kind: z.literal('label'), text: text(500), color: color.optional(), background: color.optional() })
  .strict();
export const ClockSourceSchema = z
  .object({
    kind: z.literal('clock'),
    timeZone: z.string().max(64).optional(),
    showDate: z.boolean().optional(),
  })
  .strict();
export const TestPatternSourceSchema = z
  .object({ kind: z.literal('test-pattern'), pattern: z.enum(['grid', 'identify']) })
  .strict();
/**
 * How a camera tile receives video: `webrtc` (WHEP, ~0.1 s), `hls` (scale, ~1.6 s), or `auto`
 * (the default): WebRTC, falling back to HLS when it cannot connect or its media stops, and
 * trying WebRTC again later.
 */
export const CameraTransportSchema = z.enum(['auto', 'webrtc', 'hls']);
export type CameraTransport = z.infer<typeof CameraTransportSchema>;
export const CameraSourceSchema = z
  .object({
    kind: z.literal('camera'),
    cameraId: IdSchema,
    stream: z.enum(['auto', 'main', 'sub']).optional(),
    transport: CameraTransportSchema.optional(),
  })
  .strict();
export const WidgetSourceSchema = z
  .object({ kind: z.literal('widget'), feedId: IdSchema, view: IdSchema, options: z.record(z.string(), z.unknown()).optional() })
  .strict();
const httpUrl = z
  .string()
  .max(2048)
  .url()
  .refine((u) => /^https?:\/\//i.test(u), 'must be an http(s) URL');
export const WebSourceSchema = z.object({ kind: z.literal('web'), url: httpUrl }).strict();
export const ImageSourceSchema = z
  .object({ kind: z.literal('image'), url: httpUrl, fit: z.enum(['contain', 'cover', 'fill']).optional() })
  .strict();

export const SourceSchema = z.discriminatedUnion('kind', [
  LabelSourceSchema,
  ClockSourceSchema,
  TestPatternSourceSchema,
  CameraSourceSchema,
  WidgetSourceSchema,
  WebSourceSchema,
  ImageSourceSchema,
]);
export type Source = z.infer<typeof SourceSchema>;
export type SourceKind = Source['kind'];
export type SourceOf<K extends SourceKind> = Extract<Source, { kind: K }>;
