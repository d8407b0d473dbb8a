/**
 * Media gateway benchmark: CPU and RSS per remuxed 720p stream at 1, 8 and 32 streams, and
 * cold/warm time to a playable playlist. Real ffmpeg, real GStreamer RTSP camera.
 *
 * - CPU: ffmpeg children's utime+stime from /proc over a fixed window, per stream, in % of one
 *   core. The camera's own encoder is not counted (it stands for the real camera).
 * - One camera serves every session from one encoder (`--shared`), so 32 upstream sessions
 *   cost one encode; each gateway stream is still its own RTSP session and ffmpeg.
 * - first_frame_*_ms here is a proxy: time until the playlist (with a segment) and that
 *   segment are fetched. The glass-to-glass and presented-frame figures need the browser path
 *   and stay null until it is wired.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signToken } from '@ioc/protocol/signed-token';
import { createGateway, loadGatewayConfig, type CameraCatalog } from '@ioc/media-gateway';
import { RtspCamera } from '../support/rtsp-camera';

const SECRET = 'bench-media-secret-0123456789-abcdefgh';
const COUNTS = [1, 8, 32] as const;
const WINDOW_MS = 6_000;
const silent = { debug() {}, info() {}, warn() {}, error() {} };

export async function runMediaBench(): Promise<Record<string, unknown>> {
  const deadline = setTimeout(() => {
    console.error('media bench exceeded 2 minutes');
    process.exit(3);
  }, 120_000);
  const clkTck = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  const cam = await RtspCamera.start({ width: 1280, height: 720, fps: 25, bitrateKbps: 2000, shared: true });
  const hlsDir = await mkdtemp(join(tmpdir(), 'ioc-media-bench-'));
  const catalog: CameraCatalog = {
    async get(id) {
      return /^bench-\d+$/.test(id) ? { id, name: id, profiles: { main: { kind: 'rtsp', url: cam.url() } } } : undefined;
    },
  };
  const config = loadGatewayConfig(
    { http: { host: '127.0.0.1', port: 0 }, media: { secret: SECRET }, hls: { dir: hlsDir, startWaitMs: 20_000 }, demo: { cameras: false } },
    {},
  );
  const gateway = createGateway({ config, cameras: catalog, log: silent });
  const { url } = await gateway.start();
  const token = signToken(SECRET, { aud: 'media', sub: 'bench', res: ['*'], exp: Math.floor(Date.now() / 1000) + 600 });
  const playlistUrl = (id: string) => `${url}/hls/${token}/${id}/main/index.m3u8`;

  /** Playlist then its newest segment: what a player needs before it can show a frame. */
  const firstPlayable = async (id: string): Promise<number> => {
    const t0 = performance.now();
    const res = await fetch(playlistUrl(id));
    if (res.status !== 200) throw new Error(`${id}: playlist ${res.status}`);
    const seg = (await res.text()).split('\n').filter((l) => l.endsWith('.m4s')).pop();
    await (await fetch(`${url}/hls/${token}/${id}/main/${seg}`)).arrayBuffer();
    return performance.now() - t0;
  };

  try {
    const cold: number[] = [];
    const warm: number[] = [];
    for (let i = 0; i < 3; i += 1) {
      const id = `bench-${900 + i}`;
      cold.push(await firstPlayable(id));
      warm.push(await firstPlayable(id));
      await gateway.supervisor.stop(`${id}/main`);
    }

    const levels: Record<string, { cpu_pct_per_stream: number; rss_mb_per_stream: number; pss_mb_per_stream: number; cpu_pct_total: number }> = {};
    for (const n of COUNTS) {
      const ids = Array.from({ length: n }, (_v, i) => `bench-${i}`);
      await Promise.all(ids.map((id) => firstPlayable(id)));
      // Players poll the playlist each segment; keep that load in, as on a real wall.
      const poll = setInterval(() => ids.forEach((id) => void fetch(playlistUrl(id)).then((r) => r.arrayBuffer()).catch(() => undefined)), 1_000);
      await new Promise((r) => setTimeout(r, 2_000));
      const pids = gateway.supervisor.pids();
      const before = await cpuTicks(pids);
      await new Promise((r) => setTimeout(r, WINDOW_MS));
      const after = await cpuTicks(pids);
      const rssKb = await memory(pids, 'Rss');
      const pssKb = await memory(pids, 'Pss');
      clearInterval(poll);
      const cores = (after - before) / clkTck / (WINDOW_MS / 1000);
      levels[String(n)] = {
        cpu_pct_total: cores * 100,
        cpu_pct_per_stream: (cores * 100) / n,
        rss_mb_per_stream: rssKb / 1024 / n,
        pss_mb_per_stream: pssKb / 1024 / n,
      };
      await Promise.all(ids.map((id) => gateway.supervisor.stop(`${id}/main`)));
    }
    const top = levels[String(COUNTS[COUNTS.length - 1])]!;
    return {
      g2g_p50_ms: null,
      g2g_p95_ms: null,
      first_frame_warm_ms: median(warm),
      first_frame_cold_ms: median(cold),
      cpu_pct_per_stream: top.cpu_pct_per_stream,
      rss_mb_per_stream: top.rss_mb_per_stream,
      pss_mb_per_stream: top.pss_mb_per_stream,
      streams: COUNTS[COUNTS.length - 1],
      by_streams: levels,
      notes: 'first_frame_* = playlist+segment fetched (proxy, no browser); g2g needs the browser path. Source: 1280x720@25 H.264 RTSP, remuxed (-c copy).',
    };
  } finally {
    clearTimeout(deadline);
    await gateway.close();
    await cam.stop();
    await rm(hlsDir, { recursive: true, force: true });
  }
}

async function cpuTicks(pids: number[]): Promise<number> {
  let sum = 0;
  for (const pid of pids) {
    try {
      const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      sum += Number(f[11]) + Number(f[12]);
    } catch {
      // exited during the window; its time is lost, which only under-reports
    }
  }
  return sum;
}

/** RSS counts the shared ffmpeg libraries in full for every process; PSS splits them. */
async function memory(pids: number[], field: 'Rss' | 'Pss'): Promise<number> {
  let kb = 0;
  for (const pid of pids) {
    const rollup = await readFile(`/proc/${pid}/smaps_rollup`, 'utf8').catch(() => '');
    kb += Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(rollup)?.[1] ?? 0);
  }
  return kb;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}
