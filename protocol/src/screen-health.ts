import { z } from 'zod';
import { EpochMsSchema, IdSchema } from './common';

/** pixi's renderer on the screen: `canvas` means no (hardware) WebGL there. */
export const RendererKindSchema = z.enum(['webgl', 'webgpu', 'canvas']);
export type RendererKind = z.infer<typeof RendererKindSchema>;

/**
 * A video tile as the screen sees it: `starting` (nothing shown yet), `playing`, `stalled` (the
 * player is recovering; the camera is not known to be gone) or `lost` (the gateway or the player
 * says the camera is gone, or there is no gateway).
 */
export const VideoTileStateSchema = z.enum(['starting', 'playing', 'stalled', 'lost']);
export type VideoTileState = z.infer<typeof VideoTileStateSchema>;

/** Bounds, so a heartbeat stays small whatever the screen shows. */
export const MAX_HEALTH_TILES = 64;

export const VideoTileHealthSchema = z
  .object({
    tileId: z.string().min(1).max(64),
    cameraId: IdSchema,
    state: VideoTileStateSchema,
    /** What the shown player plays over; null without a gateway. */
    transport: z.enum(['webrtc', 'hls']).nullable(),
    /** The player's estimate of camera-to-screen delay (hls.js live latency, WebRTC jitter buffer + RTT/2). */
    latencyMs: z.number().finite().nonnegative().max(3_600_000).nullable(),
    /** Video frames the browser dropped for this tile since its player started. */
    droppedFrames: z.number().int().nonnegative().max(1e12).optional(),
    /** Why the player is not playing ('stalled', 'ice-failed', …). */
    reason: z.string().max(120).optional(),
  })
  .strict();
export type VideoTileHealth = z.infer<typeof VideoTileHealthSchema>;

export const ScreenErrorSchema = z
  .object({ message: z.string().max(500), at: EpochMsSchema })
  .strict();

/**
 * What a screen says of its own health in each heartbeat, beyond fps and memory. Every field is
 * optional so older screens' heartbeats still validate.
 */
export const ScreenHealthFieldsSchema = z.object({
  /** Renderer frames missed since the page started (a frame interval over 1.5x the expected one). */
  droppedFrames: z.number().int().nonnegative().max(1e12).optional(),
  renderer: RendererKindSchema.optional(),
  tiles: z.array(VideoTileHealthSchema).max(MAX_HEALTH_TILES).optional(),
  /** The last uncaught error of the page (controller clock), null when none yet. */
  lastError: ScreenErrorSchema.nullable().optional(),
});

/** The latest health the controller keeps per screen: its last heartbeat and when it came. */
export const ScreenHealthSchema = ScreenHealthFieldsSchema.extend({
  at: EpochMsSchema,
  fps: z.number(),
  memoryMb: z.number(),
  uptimeS: z.number().optional(),
});
export type ScreenHealth = z.infer<typeof ScreenHealthSchema>;
