import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '@ioc/protocol';
import { inputFor, type CameraCatalog } from '../catalog';
import { preRollSegments } from '../ffmpeg-args';
import type { Logger } from '../logger';
import { ActiveRecording, type RecordingStreams } from './active-recording';
import { ClipFinisher } from './clip-finisher';
import { canCreate, CLIP_FILE, recoverRecording, scanRecordings, writeMeta } from './clip-store';
import { pickEvictions } from './eviction';
import { PreRollJanitor, type JanitorStreams } from './pre-roll-janitor';
import type { Recording, StopReason } from './recording-record';
import { preRollCutoff } from './segment-plan';

export interface RecorderOptions {
  dir: string;
  preRollSeconds: number;
  maxSeconds: number;
  budgetBytes: number;
  segmentSeconds: number;
  /** How often new segments are linked. */
  pollMs?: number;
  /** How often the disk budget is checked, besides after each finalize. */
  budgetEveryMs?: number;
  /** How long a stop waits for its clip before answering `finalizing`. */
  stopWaitMs?: number;
}

export interface RecorderDeps {
  options: RecorderOptions;
  streams: RecordingStreams & JanitorStreams;
  cameras: CameraCatalog;
  /** Known once the gateway has started. */
  ffmpegPath: () => string | null;
  log: Logger;
}

interface Entry {
  record: Recording;
  active?: ActiveRecording;
  stopping?: Promise<void>;
  finalized?: Promise<void>;
}

const isOpen = (r: Recording) => r.state === 'recording' || r.state === 'finalizing';
const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * Evidence clips of escalated cameras (per escalation id): pre-roll from the segments ffmpeg
 * keeps on disk, linking until stopped or `maxSeconds`, then one MP4. Finalizing runs one clip
 * at a time. `close()` stops linking and leaves open recordings on disk as they are; the next
 * `start()` finalizes them from what they had, like after a crash.
 */
export class Recorder {
  private readonly entries = new Map<string, Entry>();
  private readonly starting = new Map<string, Promise<Recording>>();
  private readonly finisher: ClipFinisher;
  private readonly janitor: PreRollJanitor | null;
  private timers: NodeJS.Timeout[] = [];
  private budgetRunning = false;
  private closing: Promise<void> | null = null;

  private readonly o: Required<RecorderOptions>;

  constructor(private readonly d: RecorderDeps) {
    this.o = { pollMs: 500, budgetEveryMs: 60_000, stopWaitMs: 10_000, ...d.options };
    const { dir, preRollSeconds, segmentSeconds } = this.o;
    this.finisher = new ClipFinisher({ root: dir, ffmpegPath: d.ffmpegPath, log: d.log, onFinished: () => void this.enforceBudget() });
    const keep = preRollSegments(preRollSeconds, segmentSeconds);
    this.janitor = preRollSeconds > 0 ? new PreRollJanitor({ streams: d.streams, keep, everyMs: segmentSeconds * 1000, log: d.log }) : null;
  }

  async start(): Promise<void> {
    // Created with the first recording (no empty dir from every gateway that never records),
    // but a dir that could not be created stops start-up, not an escalation.
    if (!(await canCreate(this.o.dir))) throw new AppError('INTERNAL', `recording.dir: ${this.o.dir} cannot be created or written`);
    for (const { id, record } of await scanRecordings(this.o.dir)) {
      if (!record) {
        this.d.log.warn('recording dir without a readable meta.json left alone', { recording: id });
        continue;
      }
      const recovered = await recoverRecording(join(this.o.dir, id), record);
      const e: Entry = { record: recovered };
      this.entries.set(id, e);
      if (recovered.state !== 'finalizing') continue;
      e.finalized = this.finisher.enqueue(recovered);
      this.d.log.warn('finalizing a recording interrupted by a restart', { recording: id, cameraId: record.cameraId });
    }
    this.janitor?.start();
    const every = (ms: number, fn: () => void) => this.timers.push(setInterval(fn, ms).unref());
    every(this.o.pollMs, () => this.tick());
    every(this.o.budgetEveryMs, () => void this.enforceBudget());
    void this.enforceBudget();
  }

  /** Starts recording `id`; the same id again answers the record it has (created: false). */
  async begin(id: string, cameraId: string): Promise<{ created: boolean; record: Recording }> {
    if (this.closing) throw new AppError('UPSTREAM_FAILED', 'gateway is closing');
    const pending = this.starting.get(id);
    const existing = pending ? await pending : this.entries.get(id)?.record;
    if (existing) {
      if (existing.cameraId !== cameraId) throw new AppError('ALREADY_EXISTS', `recording ${id} is of another camera`, { cameraId: existing.cameraId });
      return { created: false, record: { ...existing } };
    }
    const created = this.create(id, cameraId);
    this.starting.set(id, created);
    try {
      return { created: true, record: { ...(await created) } };
    } finally {
      this.starting.delete(id);
    }
  }

  /** Stops linking, finalizes, and answers the record (ready unless finalizing outlasts `stopWaitMs`). */
  async stop(id: string, reason: StopReason = 'request'): Promise<Recording> {
    await this.starting.get(id)?.catch(() => undefined);
    const e = this.entries.get(id);
    if (!e) throw new AppError('RECORDING_NOT_FOUND', `no recording ${id}`);
    if (e.active) e.stopping ??= this.finish(id, e, reason);
    await e.stopping;
    if (e.finalized) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([e.finalized, new Promise((r) => (timer = setTimeout(r, this.o.stopWaitMs)))]);
      clearTimeout(timer);
    }
    return { ...e.record };
  }

  get(id: string): Recording {
    const e = this.entries.get(id);
    if (!e) throw new AppError('RECORDING_NOT_FOUND', `no recording ${id}`);
    return { ...e.record, bytes: e.active?.bytes ?? e.record.bytes };
  }

  /** Path of a finished clip. */
  clipPath(id: string): string {
    const { state, error } = this.get(id);
    if (state === 'recording' || state === 'finalizing') throw new AppError('CLIP_NOT_READY', `recording ${id} is ${state}`, { state });
    if (state === 'failed') throw new AppError('NOT_FOUND', `recording ${id} has no clip: ${error ?? 'failed'}`, { state });
    return join(this.o.dir, id, CLIP_FILE);
  }

  /** Bytes of every clip on disk, open recordings included: what `budgetBytes` is held to (metrics). */
  bytesInUse(): number {
    let n = 0;
    for (const e of this.entries.values()) n += e.active?.bytes ?? e.record.bytes;
    return n;
  }

  /** Deletes the oldest finished clips while the total is over `budgetBytes`; returns their ids. */
  async enforceBudget(): Promise<string[]> {
    if (this.budgetRunning) return [];
    this.budgetRunning = true;
    try {
      const usage = [...this.entries.entries()].map(([id, e]) => ({
        id,
        bytes: e.active?.bytes ?? e.record.bytes,
        active: isOpen(e.record),
        endedAt: e.record.stoppedAt ?? e.record.startedAt,
      }));
      const evicted: string[] = [];
      for (const id of pickEvictions(usage, this.o.budgetBytes)) {
        const e = this.entries.get(id);
        if (!e || isOpen(e.record)) continue;
        this.entries.delete(id);
        await rm(join(this.o.dir, id), { recursive: true, force: true });
        evicted.push(id);
        this.d.log.info('clip deleted to keep within recording.budgetBytes', { recording: id, bytes: e.record.bytes });
      }
      return evicted;
    } finally {
      this.budgetRunning = false;
    }
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      await Promise.allSettled([...this.starting.values()]);
      for (const t of this.timers) clearInterval(t);
      await Promise.all(
        [...this.entries.values()].map(async (e) => {
          if (!e.active || e.stopping) return;
          await e.active.pass().catch(() => undefined);
          e.active.detach();
        }),
      );
      await Promise.allSettled([...this.entries.values()].map((e) => e.stopping));
      await this.finisher.close();
      await this.janitor?.close();
    })();
    return this.closing;
  }

  private async create(id: string, cameraId: string): Promise<Recording> {
    const startedAt = Date.now();
    const camera = await this.d.cameras.get(cameraId);
    if (!camera) throw new AppError('CAMERA_NOT_FOUND', `camera "${cameraId}" is not known to the media gateway`);
    const input = inputFor(camera, 'main');
    if (!input) throw new AppError('STREAM_NOT_FOUND', 'camera has no main stream');
    const dir = join(this.o.dir, id);
    await mkdir(this.o.dir, { recursive: true, mode: 0o700 });
    await mkdir(dir, { mode: 0o700 }).catch((err: NodeJS.ErrnoException) => {
      throw err.code === 'EEXIST' ? new AppError('ALREADY_EXISTS', `recording dir ${id} exists but has no readable meta.json`) : err;
    });
    const { preRollSeconds, segmentSeconds } = this.o;
    const cutoffMs = preRollCutoff(startedAt, preRollSeconds, segmentSeconds);
    const active = new ActiveRecording({ id, cameraId, profile: 'main', dir, startedAt, cutoffMs, segmentSeconds, streams: this.d.streams, cameras: this.d.cameras, log: this.d.log });
    try {
      await active.attach(input);
      await active.pass();
      if (this.closing) throw new AppError('UPSTREAM_FAILED', 'gateway is closing');
    } catch (err) {
      active.detach();
      await rm(dir, { recursive: true, force: true });
      throw err;
    }
    const record: Recording = { id, cameraId, profile: 'main', state: 'recording', startedAt, preRollFrom: active.firstFrameAt ?? startedAt, stoppedAt: null, stopReason: null, bytes: active.bytes, error: null };
    await writeMeta(dir, record);
    this.entries.set(id, { record, active });
    this.d.log.info('recording started', { recording: id, cameraId, preRollMs: startedAt - record.preRollFrom });
    return record;
  }

  private tick(): void {
    const now = Date.now();
    for (const [id, e] of this.entries) {
      if (!e.active || e.stopping) continue;
      if (now - e.record.startedAt >= this.o.maxSeconds * 1000) {
        void this.stop(id, 'max-duration').catch((err: unknown) => this.d.log.error('recording stop failed', { recording: id, error: errorText(err) }));
      } else {
        void e.active.pass().catch((err: unknown) => this.d.log.warn('recording could not link a segment', { recording: id, error: errorText(err) }));
      }
    }
  }

  private async finish(id: string, e: Entry, reason: StopReason): Promise<void> {
    const active = e.active!;
    const stopAt = Date.now();
    // The segment being written holds the stop's moment: wait for it, a segment or so.
    await active.drain(stopAt, stopAt + this.o.segmentSeconds * 2_000 + 500).catch(() => undefined);
    active.detach();
    e.active = undefined;
    Object.assign(e.record, { state: 'finalizing', stoppedAt: stopAt, stopReason: reason, bytes: active.bytes });
    await writeMeta(join(this.o.dir, id), e.record);
    this.d.log.info('recording stopped', { recording: id, reason, bytes: active.bytes });
    e.finalized = this.finisher.enqueue(e.record);
  }
}
