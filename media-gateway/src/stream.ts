import type { ChildProcess } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { StreamProfile, StreamState, StreamStatus } from '@ioc/protocol';
import type { SourceInput } from './catalog';
import { parseInputVideo, playableInChromium } from './codec-check';
import type { GatewayConfig } from './config';
import { buildFfmpegArgs, CONCAT_FILE, ffconcatFor, PLAYLIST } from './ffmpeg-args';
import type { Logger } from './logger';
import { exited, signalGroup, spawnGroup } from './process-group';
import { rtspEndpoint, watchPortOpening } from './port-watch';
import type { Redactor } from './redact';
import { RtpFanout } from './webrtc/rtp-fanout';

export interface StreamDeps {
  cameraId: string;
  profile: StreamProfile;
  input: SourceInput;
  /** The (camera, profile) dir; each stream instance works in its own subdir of it. */
  baseDir: string;
  ffmpegPath: string;
  h264Encoder: string | null;
  fontFile: string | null;
  config: GatewayConfig;
  log: Logger;
  redactor: Redactor;
  onStatus: (s: StreamStatus) => void;
}

type KillReason = 'stall' | 'start-timeout' | 'codec';
const SEGMENT_LINE = /^seg-[a-z0-9]+-(\d+)\.m4s$/gm;

/**
 * One ffmpeg for one (camera, profile): spawns it, watches the playlist for new segments,
 * and restarts it with backoff when it stalls or exits. Holds no durable state.
 */
export class Stream {
  private child: ChildProcess | undefined;
  private generation = -1;
  private nextSeq = 0;
  private runStartedAt = 0;
  private backoffMs: number;
  private killReason: KillReason | null = null;
  private failuresInARow = 0;
  private transcode = false;
  private stopping = false;
  private restartTimer: NodeJS.Timeout | undefined;
  private pollTimer: NodeJS.Timeout | undefined;
  private polling = false;
  private readonly waiters = new Set<(ok: boolean) => void>();
  private readonly recentStderr: string[] = [];
  /** Unique per stream instance so segment URLs never repeat after an idle stop and restart. */
  private readonly instance = Date.now().toString(36) + Math.floor(Math.random() * 36 ** 3).toString(36);
  readonly status: StreamStatus;
  /** The WebRTC side of this stream's one ffmpeg (null when WebRTC is off). */
  readonly rtp: RtpFanout | null;
  /**
   * Own dir per instance: a stream stopping (and deleting its files) can never race with its
   * successor for the same camera starting up.
   */
  readonly dir: string;

  constructor(private readonly d: StreamDeps) {
    this.dir = join(d.baseDir, this.instance);
    this.backoffMs = d.config.watchdog.backoffMs.initial;
    this.rtp = d.config.webrtc.enabled ? new RtpFanout() : null;
    this.status = {
      cameraId: d.cameraId,
      profile: d.profile,
      state: 'starting',
      since: Date.now(),
      restarts: 0,
      lastSegmentAt: null,
      codec: null,
      transcoding: d.input.kind === 'lavfi',
      error: null,
    };
  }

  get key(): string {
    return `${this.d.cameraId}/${this.d.profile}`;
  }
  get pid(): number | undefined {
    return this.child?.pid;
  }

  async start(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    if (this.d.input.kind === 'rtsp') {
      await writeFile(join(this.dir, CONCAT_FILE), ffconcatFor(this.d.input.url), { mode: 0o600 });
    }
    // Bound before ffmpeg starts sending, and kept across its restarts (viewers stay attached).
    await this.rtp?.open();
    if (this.stopping) return;
    this.spawnRun();
    this.pollTimer = setInterval(() => void this.poll(), this.d.config.watchdog.pollMs);
    this.pollTimer.unref();
  }

  /** Resolves true once the stream is live (a playlist with a segment exists), false on timeout. */
  waitLive(timeoutMs: number): Promise<boolean> {
    if (this.status.state === 'live') return Promise.resolve(true);
    if (this.stopping || timeoutMs <= 0) return Promise.resolve(false);
    return new Promise((resolve) => {
      const done = (ok: boolean) => {
        clearTimeout(timer);
        this.waiters.delete(done);
        resolve(ok);
      };
      const timer = setTimeout(() => done(false), timeoutMs);
      this.waiters.add(done);
    });
  }

  /** SIGINT first so ffmpeg closes the playlist, SIGKILL to the group after the grace. */
  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    clearTimeout(this.restartTimer);
    this.stopPortWatch();
    clearInterval(this.pollTimer);
    for (const w of [...this.waiters]) w(false);
    const child = this.child;
    if (child?.pid !== undefined) {
      signalGroup(child.pid, 'SIGINT');
      const graceful = await Promise.race([
        exited(child).then(() => true),
        new Promise<boolean>((r) => setTimeout(() => r(false), this.d.config.streams.stopGraceMs)),
      ]);
      // Even after a clean exit the group is killed: nothing ffmpeg forked may linger.
      signalGroup(child.pid, 'SIGKILL');
      if (!graceful) this.d.log.warn('ffmpeg ignored SIGINT, killed', { stream: this.key });
      await exited(child);
    }
    this.child = undefined;
    // After ffmpeg is gone, so it never sends to a closed port.
    this.rtp?.close();
    await rm(this.dir, { recursive: true, force: true }).catch(() => undefined);
    this.setState('stopped');
  }

  private spawnRun(): void {
    this.generation += 1;
    this.runStartedAt = Date.now();
    this.killReason = null;
    this.recentStderr.length = 0;
    const { config } = this.d;
    const transcode = this.d.input.kind === 'lavfi' || this.transcode;
    const args = buildFfmpegArgs(this.d.input, {
      dir: this.dir,
      segmentSeconds: config.hls.segmentSeconds,
      listSize: config.hls.listSize,
      instance: this.instance,
      generation: this.generation,
      startNumber: this.nextSeq,
      transcode,
      h264Encoder: this.d.h264Encoder ?? 'libx264',
      fontFile: this.d.fontFile,
      rtpPort: this.rtp?.port,
      // Only main streams are recorded (evidence clips); sub streams keep no pre-roll on disk.
      preRollSeconds: this.d.profile === 'main' ? config.recording.preRollSeconds : 0,
    });
    const child = spawnGroup(this.d.ffmpegPath, args);
    this.child = child;
    this.setState('starting');
    this.d.log.info('ffmpeg started', { stream: this.key, pid: child.pid, generation: this.generation, transcode });
    let inInput = true;
    if (child.stderr) {
      createInterface({ input: child.stderr }).on('line', (raw) => {
        const line = this.d.redactor.redact(raw);
        this.recentStderr.push(line);
        if (this.recentStderr.length > 30) this.recentStderr.shift();
        if (/^(Output #0|Stream mapping)/.test(line)) inInput = false;
        if (inInput && this.status.codec === null) this.onInputLine(line);
        // Reported to the controller: keep it short and free of our file layout.
        if (/error|refused|unauthorized|not found|failed|invalid/i.test(line)) this.status.error = line.split(`${this.dir}/`).join('').slice(0, 500);
      });
    }
    child.once('error', (err) => {
      this.status.error = this.d.redactor.redact(err.message).slice(0, 500);
      if (child.pid === undefined) this.onExit(child, null, null);
    });
    child.once('exit', (code, signal) => this.onExit(child, code, signal));
  }

  private onInputLine(line: string): void {
    const video = parseInputVideo(line);
    if (!video) return;
    this.status.codec = video.codec;
    if (this.d.input.kind !== 'rtsp' || this.transcode || playableInChromium(video)) return;
    this.d.log.info('codec not playable in Chromium, transcoding', { stream: this.key, codec: video.codec, pixFmt: video.pixFmt });
    this.transcode = true;
    this.status.transcoding = true;
    this.kill('codec');
  }

  private kill(reason: KillReason): void {
    this.killReason = reason;
    if (this.child?.pid !== undefined) signalGroup(this.child.pid, 'SIGKILL');
  }

  private onExit(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (child !== this.child) return;
    this.child = undefined;
    if (this.stopping) return;
    const reason = this.killReason;
    if (reason !== 'codec') {
      this.d.log.warn('ffmpeg ended', { stream: this.key, code, signal, reason, stderr: this.recentStderr.slice(-5) });
    }
    // A dead run's playlist would look like a frozen stream to players; without it they get an
    // error, retry, and our cold-start wait covers the restart.
    void rm(join(this.dir, PLAYLIST), { force: true }).catch(() => undefined);
    if (reason === 'codec') {
      this.status.restarts += 1;
      this.spawnRun();
      return;
    }
    this.failuresInARow += 1;
    if (reason !== 'stall') {
      if (reason === 'start-timeout') this.status.error = `no segment within ${this.d.config.watchdog.startTimeoutMs} ms`;
      else if (!this.status.error) this.status.error = `ffmpeg exited (${signal ?? `code ${code}`})`;
      this.setState('offline');
    }
    const delay = this.backoffMs;
    const { initial, max } = this.d.config.watchdog.backoffMs;
    this.backoffMs = Math.min(max, Math.max(initial, this.backoffMs * 2, 1));
    const restart = () => {
      this.stopPortWatch();
      clearTimeout(this.restartTimer);
      if (this.stopping || this.child) return;
      this.status.restarts += 1;
      this.spawnRun();
    };
    this.restartTimer = setTimeout(restart, delay);
    this.restartTimer.unref();
    // A camera that reboots closes its RTSP port: restart the moment it opens again rather than
    // at the end of the backoff (up to backoffMs.max later).
    const watchMs = this.d.config.watchdog.portWatchMs;
    const endpoint = this.d.input.kind === 'rtsp' && watchMs > 0 ? rtspEndpoint(this.d.input.url) : null;
    if (endpoint && delay > watchMs) this.stopPortWatch = watchPortOpening(endpoint.host, endpoint.port, watchMs, restart);
  }

  private stopPortWatch: () => void = () => undefined;

  private async poll(): Promise<void> {
    if (this.polling || !this.child || this.stopping) return;
    this.polling = true;
    try {
      const child = this.child;
      let newest = -1;
      try {
        const text = await readFile(join(this.dir, PLAYLIST), 'utf8');
        for (const m of text.matchAll(SEGMENT_LINE)) newest = Math.max(newest, Number(m[1]));
      } catch {
        // no playlist yet
      }
      if (child !== this.child || this.stopping) return;
      const now = Date.now();
      if (newest >= this.nextSeq) {
        this.nextSeq = newest + 1;
        this.status.lastSegmentAt = now;
        if (this.status.state !== 'live') {
          this.status.error = null;
          this.failuresInARow = 0;
          this.setState('live');
          this.backoffMs = this.d.config.watchdog.backoffMs.initial;
          for (const w of [...this.waiters]) w(true);
        }
        return;
      }
      const { stallMs, startTimeoutMs } = this.d.config.watchdog;
      if (this.killReason) return;
      if (this.status.state === 'live' && now - (this.status.lastSegmentAt ?? now) > stallMs) {
        this.status.error = `no new segment for ${stallMs} ms`;
        this.setState('stalled');
        this.d.log.warn('stream stalled, killing ffmpeg group', { stream: this.key, pid: child.pid });
        this.kill('stall');
      } else if (this.status.state === 'starting' && now - this.runStartedAt > startTimeoutMs) {
        this.kill('start-timeout');
      }
    } finally {
      this.polling = false;
    }
  }

  private setState(state: StreamState): void {
    if (this.status.state === state && state !== 'starting') return;
    this.status.state = state;
    this.status.since = Date.now();
    this.d.log.info('stream status', { stream: this.key, state, restarts: this.status.restarts, error: this.status.error });
    this.d.onStatus({ ...this.status });
    // A cold request need not wait out its whole window for a camera that keeps refusing us;
    // one failure may be transient (the retry comes after the initial backoff).
    if (state === 'offline' && this.failuresInARow >= 2) for (const w of [...this.waiters]) w(false);
  }
}
