import { join } from 'node:path';
import { AppError, type StreamProfile, type StreamStatus } from '@ioc/protocol';
import type { SourceInput } from './catalog';
import type { GatewayConfig } from './config';
import type { Logger } from './logger';
import type { Redactor } from './redact';
import { Stream } from './stream';

/** What start-up found on this machine. */
export interface MediaTools {
  ffmpegPath: string;
  h264Encoder: string | null;
  fontFile: string | null;
}

export interface SupervisorDeps {
  config: GatewayConfig;
  /** Known once the gateway has started (ffmpeg discovery is async). */
  tools: () => MediaTools | null;
  log: Logger;
  redactor: Redactor;
  onStatus?: (s: StreamStatus) => void;
}

interface Entry {
  stream: Stream;
  /** The input it was started with, to notice a changed camera URL. */
  inputKey: string;
  started: Promise<void>;
  idleTimer: NodeJS.Timeout;
  /** Viewers that count for as long as they are connected (WebRTC peers), not per request. */
  holds: number;
}

/**
 * Starts one ffmpeg per (camera, profile) on first use and stops it after `idleTimeoutMs`
 * without requests. Every viewer of a stream shares that one ffmpeg's HLS output, so a
 * camera sees one upstream connection per profile however many screens watch it.
 */
export class StreamSupervisor {
  private readonly entries = new Map<string, Entry>();
  private closed = false;

  constructor(private readonly d: SupervisorDeps) {}

  /** Returns the running stream, starting it if needed, and counts this as a viewer request. */
  async acquire(cameraId: string, profile: StreamProfile, input: SourceInput): Promise<Stream> {
    if (this.closed) throw new AppError('UPSTREAM_FAILED', 'gateway is closing');
    const tools = this.d.tools();
    if (!tools) throw new AppError('UPSTREAM_FAILED', 'gateway not started');
    const key = `${cameraId}/${profile}`;
    const inputKey = JSON.stringify(input);
    let entry = this.entries.get(key);
    if (entry && entry.inputKey !== inputKey) {
      // The registry changed the camera (new URL or credentials): restart on the new input.
      void this.stop(key, 'changed');
      entry = undefined;
    }
    if (entry) {
      entry.idleTimer.refresh();
    } else {
      if (input.kind === 'rtsp') this.d.redactor.addUrl(input.url);
      const stream = new Stream({
        cameraId,
        profile,
        input,
        baseDir: join(this.d.config.hls.dir, cameraId, profile),
        ...tools,
        config: this.d.config,
        log: this.d.log,
        redactor: this.d.redactor,
        onStatus: (s) => this.d.onStatus?.(s),
      });
      const idleTimer = setTimeout(() => {
        const held = this.entries.get(key);
        if (held && held.holds > 0) held.idleTimer.refresh();
        else void this.stop(key, 'idle');
      }, this.d.config.streams.idleTimeoutMs);
      idleTimer.unref();
      entry = { stream, inputKey, started: stream.start(), idleTimer, holds: 0 };
      this.entries.set(key, entry);
      this.d.log.info('stream requested', { stream: key, kind: input.kind });
    }
    await entry.started;
    return entry.stream;
  }

  /** Keeps a stream alive (a segment was served) without starting it. */
  touch(cameraId: string, profile: StreamProfile): void {
    this.entries.get(`${cameraId}/${profile}`)?.idleTimer.refresh();
  }

  /**
   * Counts a connected viewer (a WebRTC peer) until the returned release is called: the stream
   * does not idle out while held, and idles out `idleTimeoutMs` after the last release. Call
   * right after `acquire` (no await between), while the entry surely exists.
   */
  hold(cameraId: string, profile: StreamProfile): () => void {
    const key = `${cameraId}/${profile}`;
    const entry = this.entries.get(key);
    if (!entry) throw new AppError('UPSTREAM_FAILED', 'stream stopped');
    entry.holds += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      entry.holds -= 1;
      if (this.entries.get(key) === entry) entry.idleTimer.refresh();
    };
  }

  /** Held viewers of a stream (connected WebRTC peers). */
  holds(cameraId: string, profile: StreamProfile): number {
    return this.entries.get(`${cameraId}/${profile}`)?.holds ?? 0;
  }

  get(cameraId: string, profile: StreamProfile): Stream | undefined {
    return this.entries.get(`${cameraId}/${profile}`)?.stream;
  }

  list(): StreamStatus[] {
    return [...this.entries.values()].map((e) => ({ ...e.stream.status }));
  }

  /** PIDs of the ffmpeg processes running now (for tests and diagnostics). */
  pids(): number[] {
    return [...this.entries.values()].flatMap((e) => (e.stream.pid === undefined ? [] : [e.stream.pid]));
  }

  async stop(key: string, why: 'idle' | 'close' | 'request' | 'changed' = 'request'): Promise<void> {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    clearTimeout(entry.idleTimer);
    this.d.log.info('stopping stream', { stream: key, why });
    await entry.started.catch(() => undefined);
    await entry.stream.stop();
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.entries.keys()].map((k) => this.stop(k, 'close')));
  }
}
