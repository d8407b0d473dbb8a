import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { StreamStatus } from '@ioc/protocol';
import { signToken } from '@ioc/protocol/signed-token';
import type { CameraCatalog } from './catalog';
import { loadGatewayConfig, type GatewayConfigInput } from './config';
import { createGateway, type Gateway, type GatewayDeps } from './gateway';
import { createLogger } from './logger';
import { Redactor } from './redact';

/** Shared set-up of the gateway's integration tests: a real gateway on 127.0.0.1:0. */
export const TEST_SECRET = 'test-media-secret-0123456789-abcdefghij';

export interface Harness {
  gateway: Gateway;
  url: string;
  hlsDir: string;
  logLines: string[];
  statuses: StreamStatus[];
  token(cameraIds: string[], ttlS?: number): string;
  waitStatus(pred: (s: StreamStatus) => boolean, timeoutMs: number): Promise<StreamStatus>;
  close(): Promise<void>;
}

export async function startHarness(
  cameras: CameraCatalog,
  overrides: Partial<GatewayConfigInput> = {},
  mount?: GatewayDeps['mount'],
): Promise<Harness> {
  const hlsDir = await mkdtemp(join(tmpdir(), 'ioc-gw-test-'));
  const config = loadGatewayConfig(
    {
      http: { host: '127.0.0.1', port: 0 },
      media: { secret: TEST_SECRET },
      hls: { dir: hlsDir, ...overrides.hls },
      streams: { idleTimeoutMs: 20_000, ...overrides.streams },
      watchdog: { stallMs: 3_000, startTimeoutMs: 8_000, backoffMs: { initial: 300, max: 2_000 }, ...overrides.watchdog },
      demo: { cameras: false },
      // Tests stay on loopback: WebRTC candidates too, unless a test says otherwise.
      webrtc: { interfaces: ['127.0.0.1'], ...overrides.webrtc },
      ...(overrides.metrics ? { metrics: overrides.metrics } : {}),
    },
    {},
  );
  const logLines: string[] = [];
  const statuses: StreamStatus[] = [];
  const listeners = new Set<() => void>();
  // The gateway's own logger, capturing every line it would print.
  const log = createLogger({ redactor: new Redactor(), level: 'debug', sink: (line) => logLines.push(line) });
  const gateway = createGateway({
    config,
    cameras,
    log,
    mount,
    onStatus: (s) => {
      statuses.push(s);
      for (const l of listeners) l();
    },
  });
  const { url } = await gateway.start();
  return {
    gateway,
    url,
    hlsDir,
    logLines,
    statuses,
    token: (res, ttlS = 120) => signToken(TEST_SECRET, { aud: 'media', sub: 'test-screen', res, exp: Math.floor(Date.now() / 1000) + ttlS }),
    waitStatus(pred, timeoutMs) {
      const from = statuses.length;
      return new Promise((resolve, reject) => {
        const check = () => {
          const hit = statuses.slice(from).find(pred);
          if (!hit) return;
          cleanup();
          resolve(hit);
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`status not reached in ${timeoutMs} ms; saw ${statuses.slice(from).map((s) => s.state).join(',')}`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
      });
    },
    async close() {
      await gateway.close();
      await rm(hlsDir, { recursive: true, force: true });
    },
  };
}

const run = promisify(execFile);

/** Every process's argv, as `ps -eo args` shows it. */
export async function processArgs(): Promise<string[]> {
  const { stdout } = await run('ps', ['-eo', 'args'], { maxBuffer: 8 * 1024 * 1024 });
  return stdout.split('\n');
}

/** ffmpeg processes that name `dir` on their command line, and zombies among our children. */
export async function leftovers(dir: string): Promise<{ ffmpeg: string[]; zombies: string[] }> {
  const { stdout } = await run('ps', ['-eo', 'pid,ppid,stat,args'], { maxBuffer: 8 * 1024 * 1024 });
  const lines = stdout.split('\n').slice(1);
  return {
    ffmpeg: lines.filter((l) => l.includes('ffmpeg') && l.includes(dir)),
    zombies: lines.filter((l) => {
      const [, ppid, stat] = l.trim().split(/\s+/);
      return Number(ppid) === process.pid && stat?.startsWith('Z');
    }),
  };
}

/** ffprobe of a file: codec and size of its first video stream. */
export async function probeVideo(path: string): Promise<{ codec_name: string; width: number; height: number }> {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=codec_name,width,height', '-of', 'json', path]);
  const s = (JSON.parse(stdout) as { streams: { codec_name: string; width: number; height: number }[] }).streams[0];
  if (!s) throw new Error('no video stream');
  return s;
}
