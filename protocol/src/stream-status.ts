import { z } from 'zod';
import { EpochMsSchema, IdSchema } from './common';
import { FeedKindSchema } from './feeds';

/**
 * Health of one camera stream (camera x profile) as the media gateway sees it. The gateway
 * reports it to the controller, which relays it to consoles and tiles.
 * - starting: ffmpeg runs, no segment yet;   - live: segments keep arriving;
 * - stalled: no new segment for the watchdog's window (ffmpeg is being restarted);
 * - offline: the upstream is unreachable or ended, retrying with backoff;
 * - stopped: nobody watched for the idle time (or the gateway closed); not an error.
 */
export const StreamStateSchema = z.enum(['starting', 'live', 'stalled', 'offline', 'stopped']);
export type StreamState = z.infer<typeof StreamStateSchema>;

export const StreamProfileSchema = z.enum(['main', 'sub']);
export type StreamProfile = z.infer<typeof StreamProfileSchema>;

export const StreamStatusSchema = z.object({
  cameraId: IdSchema,
  profile: StreamProfileSchema,
  state: StreamStateSchema,
  /** When `state` was entered (gateway clock). */
  since: EpochMsSchema,
  /** ffmpeg restarts since the stream started (watchdog, crash or codec switch). */
  restarts: z.number().int().nonnegative(),
  lastSegmentAt: EpochMsSchema.nullable(),
  /** Input video codec as ffmpeg reported it, once known. */
  codec: z.string().max(64).nullable(),
  /** True when the gateway re-encodes because the browser cannot play the camera's codec. */
  transcoding: z.boolean(),
  /** Last failure, redacted (never carries credentials). */
  error: z.string().max(500).nullable(),
});
export type StreamStatus = z.infer<typeof StreamStatusSchema>;

/**
 * Health of one widget feed as the media gateway sees it, reported to the controller next to
 * the streams (it raises the feed-stale alert). Times are on the gateway's clock.
 */
export const FeedStatusSchema = z.object({
  feedId: IdSchema,
  kind: FeedKindSchema,
  /**
   * The feed's value is older than its limit (`limitMs`), its upstream sent a bad value, or it
   * has had no value for longer than its limit since the gateway started.
   */
  stale: z.boolean(),
  /** When the gateway last accepted a value; null before the first. */
  receivedAt: EpochMsSchema.nullable(),
  /** The feed's own age limit: two poll intervals (http), `staleAfterMs` (webhook); null = none (demo, or 0). */
  limitMs: z.number().int().nonnegative().nullable(),
});
export type FeedStatus = z.infer<typeof FeedStatusSchema>;

/** The gateway's snapshot (`GET /api/streams`, first event of `/api/streams/events`). */
export const StreamListSchema = z.object({ streams: z.array(StreamStatusSchema), feeds: z.array(FeedStatusSchema).optional() });
