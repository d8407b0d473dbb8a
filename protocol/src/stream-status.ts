import { z } from 'zod';
import { EpochMsSchema, IdSchema } from './common';

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

export const StreamListSchema = z.object({ streams: z.array(StreamStatusSchema) });
