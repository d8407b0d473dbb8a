import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createReadStream, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve, sep } from 'node:path';

/**
 * A real live HLS source for browser tests: a real ffmpeg encodes a moving picture with
 * libx264 (ultrafast, zerolatency, one keyframe a second) into fMP4 HLS with 1 s segments,
 * the format the media gateway serves, and a tiny static server with CORS serves it on
 * 127.0.0.1. `stop()` kills ffmpeg like a dead camera (the last playlist stays, frozen);
 * `start()` again begins a new playlist with new segment names.
 */
export interface RawFrameInput {
  width: number;
  height: number;
  fps: number;
  /** One gray8 frame (width*height bytes) for the given wall-clock time. */
  frame: (wallClockMs: number) => Buffer;
}

export interface HlsLiveSourceOptions {
  width?: number;
  height?: number;
  fps?: number;
  /** Frames made in Node and piped to ffmpeg instead of lavfi testsrc2. */
  raw?: RawFrameInput;
  ffmpegPath?: string;
}

export interface HlsLiveSource {
  /** Playlist URL. */
  url: string;
  dir: string;
  running(): boolean;
  /** Starts ffmpeg and resolves once the playlist lists at least two segments. */
  start(): Promise<void>;
  /** SIGKILLs ffmpeg (like a camera or gateway dying); the frozen playlist stays on disk. */
  stop(): Promise<void>;
  close(): Promise<void>;
}

export async function startHlsLiveSource(opts: HlsLiveSourceOptions = {}): Promise<HlsLiveSource> {
  const dir = mkdtempSync(join(tmpdir(), 'ioc-hls-src-'));
  const server = await serveStatic(dir);
  const ffmpegPath = opts.ffmpegPath ?? '/usr/bin/ffmpeg';
  let child: ChildProcess | null = null;
  let frameTimer: ReturnType<typeof setInterval> | null = null;
  let run = 0;
  const playlist = join(dir, 'index.m3u8');

  const start = async () => {
    if (child) return;
    run++;
    const input: string[] = opts.raw
      ? ['-f', 'rawvideo', '-pix_fmt', 'gray', '-s', `${opts.raw.width}x${opts.raw.height}`, '-framerate', String(opts.raw.fps), '-i', '-']
      : ['-re', '-f', 'lavfi', '-i', `testsrc2=size=${opts.width ?? 1280}x${opts.height ?? 720}:rate=${opts.fps ?? 25}`];
    const fps = opts.raw?.fps ?? opts.fps ?? 25;
    const args = [
      '-hide_banner', '-loglevel', 'error', '-nostdin',
      ...input,
      '-an', '-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-pix_fmt', 'yuv420p',
      '-g', String(fps), '-keyint_min', String(fps), '-sc_threshold', '0',
      ...(opts.raw ? ['-crf', '18'] : []),
      '-f', 'hls', '-hls_time', '1', '-hls_list_size', '6',
      '-hls_flags', 'delete_segments+independent_segments+omit_endlist',
      '-hls_segment_type', 'fmp4', '-hls_fmp4_init_filename', `init-${run}.mp4`,
      '-hls_segment_filename', join(dir, `seg-${run}-%05d.m4s`),
      playlist,
    ].filter((a) => !(a === '-nostdin' && opts.raw));
    const proc = spawn(ffmpegPath, args, { stdio: [opts.raw ? 'pipe' : 'ignore', 'ignore', 'pipe'] });
    child = proc;
    let stderr = '';
    proc.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
    proc.once('exit', () => {
      if (child === proc) child = null;
      if (frameTimer) clearInterval(frameTimer);
      frameTimer = null;
    });
    if (opts.raw) pumpFrames(proc, opts.raw);
    const t0 = Date.now();
    while (Date.now() - t0 < 20_000) {
      if (!child) throw new Error(`ffmpeg exited early: ${stderr}`);
      if (existsSync(playlist)) {
        const text = readFileSync(playlist, 'utf8');
        if (text.includes(`init-${run}.mp4`) && (text.match(/#EXTINF/g) ?? []).length >= 2) return;
      }
      await sleep(100);
    }
    throw new Error(`no HLS playlist within 20 s: ${stderr}`);
  };

  const pumpFrames = (proc: ChildProcess, raw: RawFrameInput) => {
    const stdin = proc.stdin;
    if (!stdin) return;
    stdin.on('error', () => undefined);
    const t0 = Date.now();
    let sent = 0;
    // Frames follow the wall clock: a late timer sends the frames it owes, so media time
    // keeps pace with real time and the player never starves because Node was busy.
    frameTimer = setInterval(() => {
      const due = Math.floor(((Date.now() - t0) * raw.fps) / 1000) + 1;
      while (sent < due && stdin.writable && stdin.writableLength < raw.width * raw.height * 4) {
        stdin.write(raw.frame(Date.now()));
        sent++;
      }
      if (sent < due) sent = due;
    }, Math.floor(1000 / raw.fps / 2));
  };

  const stop = async () => {
    const proc = child;
    if (!proc) return;
    child = null;
    if (frameTimer) clearInterval(frameTimer);
    frameTimer = null;
    const exited = new Promise<void>((r) => proc.once('exit', () => r()));
    proc.kill('SIGKILL');
    await exited;
  };

  await start();
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/index.m3u8`,
    dir,
    running: () => child !== null,
    start,
    stop,
    close: async () => {
      await stop();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const TYPES: Record<string, string> = {
  '.m3u8': 'application/vnd.apple.mpegurl',
  '.m4s': 'video/iso.segment',
  '.mp4': 'video/mp4',
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
};

/** A minimal static file server on 127.0.0.1:0 with CORS and no caching (for live playlists). */
export async function serveStatic(root: string): Promise<Server> {
  const base = resolve(root);
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const file = normalize(join(base, path === '/' ? '/index.html' : path));
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Cache-Control', 'no-store');
    if (!file.startsWith(base + sep) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file)
      .on('error', () => res.destroy())
      .pipe(res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return server;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
