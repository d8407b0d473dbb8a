import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '@ioc/protocol';
import { inputFor, type CameraCatalog, type SourceInput } from './catalog';
import type { GatewayConfig } from './config';
import { CONCAT_FILE, ffconcatFor, PLAYLIST } from './ffmpeg-args';
import type { Logger } from './logger';
import type { StreamSupervisor } from './supervisor';

export type SnapshotSource = 'stream' | 'grab';
export interface Snapshot {
  jpeg: Buffer;
  source: SnapshotSource;
  /** When it was taken (ms since the epoch). */
  at: number;
}
/** How a request was served: `hit` from the cache, `shared` joined a grab under way, `miss` took it. */
export type SnapshotServed = Snapshot & { served: 'hit' | 'shared' | 'miss' };

export interface SnapshotDeps {
  config: GatewayConfig;
  cameras: CameraCatalog;
  supervisor: StreamSupervisor;
  ffmpegPath: () => string | null;
  log: Logger;
  now?: () => number;
}

/**
 * Every output option that keeps the JPEG free of anything but pixels: no metadata or chapters
 * copied from the input (an RTSP title could name the camera's URL), no encoder comment.
 */
const JPEG_OUT = ['-frames:v', '1', '-map_metadata', '-1', '-map_chapters', '-1', '-fflags', '+bitexact', '-flags:v', '+bitexact', '-f', 'image2', '-c:v', 'mjpeg', '-q:v', '3', 'pipe:1'];
const MAX_JPEG_BYTES = 32 * 2 ** 20;

/**
 * JPEG snapshots of cameras. A camera whose main stream runs gives the first frame of its newest
 * HLS segment (no second upstream connection); an idle one is grabbed once over RTSP. Each is
 * cached for `snapshots.cacheMs`, and concurrent requests for a camera share one ffmpeg.
 */
export class SnapshotService {
  private readonly cache = new Map<string, Snapshot>();
  private readonly inflight = new Map<string, Promise<Snapshot>>();
  private readonly counts = { grabs: 0, fromStream: 0, cacheHits: 0, shared: 0, failures: 0 };
  private readonly now: () => number;

  constructor(private readonly d: SnapshotDeps) {
    this.now = d.now ?? Date.now;
  }

  /** Counters since start: ffmpeg runs by kind, cache hits, joined requests, failures. */
  stats(): Readonly<typeof this.counts> {
    return { ...this.counts };
  }

  async get(cameraId: string): Promise<SnapshotServed> {
    const cached = this.cache.get(cameraId);
    if (cached && this.now() - cached.at < this.d.config.snapshots.cacheMs) {
      this.counts.cacheHits++;
      return { ...cached, served: 'hit' };
    }
    const running = this.inflight.get(cameraId);
    if (running) {
      this.counts.shared++;
      return { ...(await running), served: 'shared' };
    }
    const p = this.take(cameraId).finally(() => this.inflight.delete(cameraId));
    this.inflight.set(cameraId, p);
    const snap = await p;
    this.cache.set(cameraId, snap);
    // Old entries go once expired, so the cache holds at most the cameras asked for lately.
    for (const [id, s] of this.cache) if (this.now() - s.at >= this.d.config.snapshots.cacheMs && id !== cameraId) this.cache.delete(id);
    return { ...snap, served: 'miss' };
  }

  private async take(cameraId: string): Promise<Snapshot> {
    const camera = await this.d.cameras.get(cameraId);
    if (!camera) throw new AppError('CAMERA_NOT_FOUND', 'no such camera');
    const input = inputFor(camera, 'main');
    if (!input) throw new AppError('STREAM_NOT_FOUND', 'camera has no main stream');
    const stream = this.d.supervisor.get(cameraId, 'main');
    if (stream?.status.state === 'live') {
      const fromSegment = await this.newestSegment(stream.dir).catch(() => null);
      if (fromSegment) {
        try {
          const jpeg = await this.ffmpeg(['-f', 'mp4', '-i', 'pipe:0'], fromSegment);
          this.counts.fromStream++;
          return { jpeg, source: 'stream', at: this.now() };
        } catch (err) {
          // The segment may have rotated away mid-read: a single grab still answers.
          this.d.log.warn('snapshot from the running stream failed; grabbing', { camera: cameraId, error: String(err) });
        }
      }
    }
    const jpeg = await this.grab(cameraId, input);
    this.counts.grabs++;
    return { jpeg, source: 'grab', at: this.now() };
  }

  /** Init segment + newest media segment of the live playlist: a self-contained fMP4 that starts on a keyframe. */
  private async newestSegment(dir: string): Promise<Buffer | null> {
    const lines = (await readFile(join(dir, PLAYLIST), 'utf8')).split('\n').map((l) => l.trim());
    let init: string | null = null;
    let last: { init: string; seg: string } | null = null;
    for (const line of lines) {
      const map = /^#EXT-X-MAP:URI="([^"/]+)"/.exec(line);
      if (map?.[1]) init = map[1];
      else if (init && /^seg-[a-z0-9]+-\d+\.m4s$/.test(line)) last = { init, seg: line };
    }
    if (!last) return null;
    const [a, b] = await Promise.all([readFile(join(dir, last.init)), readFile(join(dir, last.seg))]);
    return Buffer.concat([a, b]);
  }

  /**
   * One frame straight from the camera. The URL (with its credentials) goes to ffmpeg in a 0600
   * ffconcat file, as for streams, never on the command line.
   */
  private async grab(cameraId: string, input: SourceInput): Promise<Buffer> {
    if (input.kind === 'lavfi') {
      return this.ffmpeg(['-f', 'lavfi', '-i', `${input.pattern}=size=${input.width}x${input.height}:rate=${input.fps}`]);
    }
    const dir = await mkdtemp(join(this.d.config.hls.dir, 'snapshot-'));
    try {
      const file = join(dir, CONCAT_FILE);
      await writeFile(file, ffconcatFor(input.url), { mode: 0o600 });
      // Keyframes only: the first frame a camera sends may be a P-frame, which decodes to grey.
      return await this.ffmpeg(['-skip_frame', 'nokey', '-f', 'concat', '-safe', '0', '-protocol_whitelist', 'file,rtsp,rtsps,rtp,srtp,tcp,udp,tls', '-i', file, '-map', '0:v:0', '-an']);
    } catch (err) {
      this.d.log.warn('camera snapshot grab failed', { camera: cameraId, error: String(err) });
      throw err;
    } finally {
      await rm(dir, { recursive: true, force: true }).catch(() => undefined);
    }
  }

  private ffmpeg(inputArgs: string[], stdin?: Buffer): Promise<Buffer> {
    const path = this.d.ffmpegPath();
    if (!path) return Promise.reject(new AppError('UPSTREAM_FAILED', 'gateway not started'));
    const args = ['-hide_banner', '-nostats', '-loglevel', 'error', ...(stdin ? [] : ['-nostdin']), ...inputArgs, ...JPEG_OUT];
    return new Promise((resolve, reject) => {
      const child = execFile(path, args, { encoding: 'buffer', maxBuffer: MAX_JPEG_BYTES, timeout: this.d.config.snapshots.timeoutMs, killSignal: 'SIGKILL' }, (err, stdout) => {
        const jpeg = stdout as Buffer;
        if (err || jpeg.length < 4 || jpeg[0] !== 0xff || jpeg[1] !== 0xd8) {
          this.counts.failures++;
          // ffmpeg's stderr may quote the input: the caller logs through the redactor, the client gets none of it.
          reject(new AppError('UPSTREAM_FAILED', 'camera snapshot failed'));
          return;
        }
        resolve(jpeg);
      });
      child.stdin?.on('error', () => undefined);
      if (stdin) child.stdin?.end(stdin);
    });
  }
}
