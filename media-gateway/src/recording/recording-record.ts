import { z } from 'zod';
import { RecordingSchema, type Recording } from '@ioc/protocol';

// The wire shapes live in `protocol`, shared with the controller that asks for recordings.
export { RecordingSchema, RecordingStateSchema, StartRecordingBodySchema, StopReasonSchema } from '@ioc/protocol';
export type { Recording, RecordingState, StopReason } from '@ioc/protocol';

/** `meta.json` beside each clip; bump with a migration in `parseMeta` when the shape changes. */
export const RECORDING_META_VERSION = 1;
const MetaV1Schema = RecordingSchema.extend({ v: z.literal(1) });

export function parseMeta(raw: unknown): Recording {
  const { v: _v, ...record } = MetaV1Schema.parse(raw);
  return record;
}

export function toMeta(r: Recording): z.infer<typeof MetaV1Schema> {
  return { v: RECORDING_META_VERSION, ...r };
}
