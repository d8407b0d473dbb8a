/**
 * Pure decisions about segment files: which of a stream's segments a recording takes, which
 * init each belongs to, and how the linked files group into clip parts.
 */
export interface FileStat {
  name: string;
  ino: number;
  /** Write time: ffmpeg renames a segment into place (`temp_file`) once it is complete. */
  mtimeMs: number;
  size: number;
}

const STREAM_SEGMENT = /^seg-[a-z0-9]+-(\d+)\.m4s$/;
const STREAM_INIT = /^init-[a-z0-9]+-\d+\.mp4$/;

/** A stream dir's complete segments and init files, each in write order. */
export function splitStreamFiles(files: readonly FileStat[]): { segments: FileStat[]; inits: FileStat[] } {
  const num = (f: FileStat) => Number(STREAM_SEGMENT.exec(f.name)?.[1] ?? 0);
  return {
    segments: files.filter((f) => STREAM_SEGMENT.test(f.name)).sort((a, b) => a.mtimeMs - b.mtimeMs || num(a) - num(b)),
    inits: files.filter((f) => STREAM_INIT.test(f.name)).sort((a, b) => a.mtimeMs - b.mtimeMs),
  };
}

/**
 * The init a segment was cut with. Each ffmpeg run (generation) writes its init before its
 * first segment, and a run starts only after the previous one ended, so it is the newest init
 * written no later than the segment. Undefined: its init is not on disk (yet).
 */
export function initOf(segment: FileStat, inits: readonly FileStat[]): FileStat | undefined {
  let found: FileStat | undefined;
  for (const i of inits) if (i.mtimeMs <= segment.mtimeMs) found = i;
  return found;
}

/**
 * Segments written at or after this are part of a recording started at `startedAt`: those
 * within the pre-roll, and one more, since the oldest of them began a segment earlier.
 */
export function preRollCutoff(startedAt: number, preRollSeconds: number, segmentSeconds: number): number {
  return startedAt - (preRollSeconds + segmentSeconds) * 1000;
}

/**
 * When the first taken segment began: when the segment before it was written, or one segment
 * length before its own write time. Clamped to `startedAt` (a pre-roll never starts later).
 */
export function preRollFrom(taken: FileStat | undefined, segments: readonly FileStat[], startedAt: number, segmentSeconds: number): number {
  if (!taken || taken.mtimeMs >= startedAt) return startedAt;
  const i = segments.indexOf(taken);
  const before = i > 0 ? segments[i - 1] : undefined;
  return Math.min(startedAt, Math.round(before ? before.mtimeMs : taken.mtimeMs - segmentSeconds * 1000));
}

/** Names inside a recording's dir: its own order and init ordinal, never the stream's names. */
export const recordingSegmentName = (seq: number, init: number) => `s${String(seq).padStart(7, '0')}-i${init}.m4s`;
export const recordingInitName = (init: number) => `i${init}.mp4`;
const RECORDING_SEGMENT = /^s(\d{7,})-i(\d+)\.m4s$/;

export interface ClipRun {
  init: string;
  segments: string[];
}

/** Linked segments in order, cut into runs that share one init (one ffmpeg run each). */
export function planRuns(names: readonly string[]): ClipRun[] {
  const parsed = names
    .map((name) => ({ name, m: RECORDING_SEGMENT.exec(name) }))
    .filter((p): p is { name: string; m: RegExpExecArray } => p.m !== null)
    .map((p) => ({ name: p.name, seq: Number(p.m[1]), init: Number(p.m[2]) }))
    .sort((a, b) => a.seq - b.seq);
  const runs: ClipRun[] = [];
  let last = -1;
  for (const p of parsed) {
    if (p.init !== last || runs.length === 0) runs.push({ init: recordingInitName(p.init), segments: [] });
    runs[runs.length - 1]!.segments.push(p.name);
    last = p.init;
  }
  return runs;
}
