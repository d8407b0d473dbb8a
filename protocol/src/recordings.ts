import { z } from 'zod';
import { EpochMsSchema, IdSchema } from './common';

/**
 * The media gateway's evidence recorder on the wire (`/api/recordings/:id`), shared by the
 * gateway that answers and the controller that asks. Recording ids are escalation ids.
 */
export const RecordingStateSchema = z.enum(['recording', 'finalizing', 'ready', 'failed']);
export type RecordingState = z.infer<typeof RecordingStateSchema>;

/** Why a recording ended: the controller's stop, `recording.maxSeconds`, or the gateway going down. */
export const StopReasonSchema = z.enum(['request', 'max-duration', 'gateway-restart']);
export type StopReason = z.infer<typeof StopReasonSchema>;

/** What `PUT/GET /api/recordings/:id` and `POST .../stop` answer. */
export const RecordingSchema = z.object({
  id: IdSchema,
  cameraId: IdSchema,
  /** Evidence is kept at full resolution only. */
  profile: z.literal('main'),
  state: RecordingStateSchema,
  /** When the gateway was asked to record (the escalation). */
  startedAt: EpochMsSchema,
  /** Epoch ms of the clip's first frame, to within a segment; `startedAt` when there was no pre-roll. */
  preRollFrom: EpochMsSchema,
  stoppedAt: EpochMsSchema.nullable(),
  stopReason: StopReasonSchema.nullable(),
  /** Bytes on disk: the segments so far while recording, then the clip. */
  bytes: z.number().int().nonnegative(),
  /** Why a recording failed (no video arrived, ffmpeg could not write the clip). */
  error: z.string().nullable(),
});
export type Recording = z.infer<typeof RecordingSchema>;

/** `PUT /api/recordings/:id`. */
export const StartRecordingBodySchema = z.object({ cameraId: IdSchema, profile: z.literal('main').default('main') }).strict();
