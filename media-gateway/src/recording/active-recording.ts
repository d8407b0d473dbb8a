import { copyFile, link, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { StreamProfile } from '@ioc/protocol';
import { inputFor, type CameraCatalog, type SourceInput } from '../catalog';
import type { Logger } from '../logger';
import { initOf, preRollFrom, recordingInitName, recordingSegmentName, splitStreamFiles, type FileStat } from './segment-plan';

/** What a recording needs of a running stream. */
export interface RecordedStream {
  readonly dir: string;
  readonly status: { readonly state: string };
}

/** The narrow part of the StreamSupervisor a recording uses. */
export interface RecordingStreams {
  acquire(cameraId: string, profile: StreamProfile, input: SourceInput): Promise<RecordedStream>;
  hold(cameraId: string, profile: StreamProfile): () => void;
  get(cameraId: string, profile: StreamProfile): RecordedStream | undefined;
}

export interface ActiveRecordingDeps {
  id: string;
  cameraId: string;
  profile: StreamProfile;
  /** The recording's own dir. */
  dir: string;
  startedAt: number;
  /** Segments written before this are not taken (older than the pre-roll). */
  cutoffMs: number;
  segmentSeconds: number;
  streams: RecordingStreams;
  cameras: CameraCatalog;
  log: Logger;
}

/**
 * One recording while it runs: holds its stream so it never idles out, and links every new
 * segment of the stream's dir into its own (a hard link costs no copy and outlives ffmpeg's
 * delete). Each segment is named after its place in the recording and its init's ordinal, so
 * the dir alone says how to finalize it, after a crash too.
 */
export class ActiveRecording {
  bytes = 0;
  /** Write time of the newest segment linked. */
  lastSegmentAt: number | null = null;
  /** When the first linked segment began; null until one is linked. */
  firstFrameAt: number | null = null;
  private stream: RecordedStream | null = null;
  private release: (() => void) | null = null;
  private readonly linked = new Set<string>();
  private readonly inits = new Map<string, number>();
  private seq = 0;
  private running: Promise<void> | null = null;
  private lastAttachAt = 0;
  private detached = false;

  constructor(private readonly d: ActiveRecordingDeps) {}

  async attach(input: SourceInput): Promise<void> {
    const stream = await this.d.streams.acquire(this.d.cameraId, this.d.profile, input);
    // Right after acquire, with no await between: the supervisor's entry surely exists.
    const release = this.d.streams.hold(this.d.cameraId, this.d.profile);
    if (this.detached) return release();
    this.stream = stream;
    this.release = release;
  }

  /** Links what is new; callers at the same time share one pass. */
  pass(): Promise<void> {
    this.running ??= this.linkNew().finally(() => (this.running = null));
    return this.running;
  }

  /** Links until a segment written after `stopAt` is in (the moment of the stop), or the deadline. */
  async drain(stopAt: number, deadline: number): Promise<void> {
    await this.pass();
    while ((this.lastSegmentAt ?? 0) < stopAt && Date.now() < deadline && this.stream?.status.state === 'live') {
      await new Promise((r) => setTimeout(r, 200));
      await this.pass();
    }
  }

  /** Releases the stream; no more linking. */
  detach(): void {
    this.detached = true;
    this.release?.();
    this.release = null;
  }

  private async linkNew(): Promise<void> {
    if (this.detached) return;
    await this.followStream();
    const stream = this.stream;
    if (!stream) return;
    const { segments, inits } = splitStreamFiles(await listFiles(stream.dir));
    const present = new Set<string>();
    for (const seg of segments) {
      const key = `${stream.dir}/${seg.name}@${seg.ino}`;
      present.add(key);
      if (this.linked.has(key) || seg.mtimeMs < this.d.cutoffMs) continue;
      const init = initOf(seg, inits);
      const ordinal = init ? await this.initOrdinal(stream.dir, init) : null;
      // Its init is not readable yet: keep the order and try again next pass.
      if (ordinal === null) break;
      this.linked.add(key);
      if (!(await linkOrCopy(join(stream.dir, seg.name), join(this.d.dir, recordingSegmentName(this.seq, ordinal))))) continue;
      this.seq += 1;
      this.bytes += seg.size;
      this.lastSegmentAt = Math.round(seg.mtimeMs);
      this.firstFrameAt ??= preRollFrom(seg, segments, this.d.startedAt, this.d.segmentSeconds);
    }
    // Forget what ffmpeg deleted, so the set stays the size of the stream's dir.
    for (const key of this.linked) if (!present.has(key)) this.linked.delete(key);
  }

  /** Copied, not linked: ffmpeg rewrites an init in place, and it is under a kilobyte. */
  private async initOrdinal(streamDir: string, init: FileStat): Promise<number | null> {
    const key = `${streamDir}/${init.name}`;
    const known = this.inits.get(key);
    if (known !== undefined) return known;
    const ordinal = this.inits.size;
    try {
      await copyFile(join(streamDir, init.name), join(this.d.dir, recordingInitName(ordinal)));
    } catch {
      return null;
    }
    this.inits.set(key, ordinal);
    return ordinal;
  }

  /**
   * A stream stopped or replaced under the recording (the registry changed the camera, an
   * operator stopped it): hold whichever stream now serves the camera, starting one if none.
   */
  private async followStream(): Promise<void> {
    const current = this.d.streams.get(this.d.cameraId, this.d.profile);
    if (current && current === this.stream) return;
    if (Date.now() - this.lastAttachAt < 2_000) return;
    this.lastAttachAt = Date.now();
    this.release?.();
    this.release = null;
    this.stream = null;
    const camera = await this.d.cameras.get(this.d.cameraId);
    const input = camera ? inputFor(camera, this.d.profile) : undefined;
    if (!input) {
      this.d.log.warn('recorded camera is no longer known', { recording: this.d.id, cameraId: this.d.cameraId });
      return;
    }
    await this.attach(input).catch((err: unknown) => {
      this.d.log.warn('recording could not restart its stream', { recording: this.d.id, error: err instanceof Error ? err.message : String(err) });
    });
  }
}

async function listFiles(dir: string): Promise<FileStat[]> {
  const out: FileStat[] = [];
  for (const name of await readdir(dir).catch(() => [])) {
    const s = await stat(join(dir, name)).catch(() => null);
    if (s?.isFile()) out.push({ name, ino: s.ino, mtimeMs: s.mtimeMs, size: s.size });
  }
  return out;
}

/** False when the source is gone (ffmpeg deleted it first); a copy where links cannot go (EXDEV). */
async function linkOrCopy(src: string, dst: string): Promise<boolean> {
  try {
    await link(src, dst);
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return false;
    if (code === 'EEXIST') return true;
  }
  try {
    await copyFile(src, dst);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
}
