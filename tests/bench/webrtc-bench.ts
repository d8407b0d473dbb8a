/**
 * The WebRTC (WHEP) figures of the media bench, through the same real parts as its HLS ones:
 *
 * - webrtc_g2g_*: the barcode camera -> the gateway (the same ffmpeg, its RTP output -> werift)
 *   -> the wall's WhepPlayer in headless Chromium, read by the same barcode reader. Only the
 *   WebRTC player decodes while it is read.
 * - webrtc_first_frame_warm_ms: new WhepPlayer(url) -> first presented frame while another viewer
 *   keeps the stream live (median of `reps`): what a tile switching to a watched camera sees.
 * - webrtc_cpu_pct_per_viewer: the gateway's own process (werift: SRTP, RTCP, the fan-out) per
 *   connected viewer, in % of one core: (CPU with N viewers - CPU with none) / N over a fixed
 *   window. The viewers run in a process of their own (tests/bench/whep-viewers.ts); ffmpeg is
 *   not counted (its RTP output runs whether anyone watches or not; the remux figures include it).
 * - webrtc_g2g_drift_ms and hls_g2g_drift_ms (BENCH_LONG=1 only, `g2gDriftFigures`): p50 of the
 *   last minute minus p50 of the first, over ten minutes of one viewer per transport: the WebRTC
 *   viewer above and an HLS viewer of the same camera (the same gateway stream) in the same
 *   page, read side by side over the same ten minutes; null otherwise.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { signToken } from '@ioc/protocol/signed-token';
import { createGateway, loadGatewayConfig, StaticCameraCatalog } from '@ioc/media-gateway';
import { RtspCamera } from '../support/rtsp-camera';
import { percentile, type G2gRig } from './g2g-rig';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const SECRET = 'webrtc-bench-secret-0123456789-abcdefg';
const silent = { debug() {}, info() {}, warn() {}, error() {} };

export interface WebrtcBrowserOptions {
  cameraId: string;
  g2gMs: number;
  reps: number;
}

/** Needs the rig's camera streaming (kept by an HLS viewer kept as `hlsKeptAs`, released here). */
export async function webrtcBrowserFigures(rig: G2gRig, hlsKeptAs: string, o: WebrtcBrowserOptions): Promise<{ figures: Record<string, unknown>; detail: Record<string, unknown> }> {
  const opened = await rig.firstFrame(o.cameraId, 15_000, 'webrtc-live', 'webrtc');
  if (opened.ms === null) throw new Error(`WebRTC viewer never presented a frame (player ${opened.state})`);
  await rig.release(hlsKeptAs);
  await sleep(2_000);
  const reading = await rig.g2g('webrtc-live', o.g2gMs);

  const warm: number[] = [];
  let failures = 0;
  for (let i = 0; i < o.reps; i++) {
    const f = await rig.firstFrame(o.cameraId, 5_000, undefined, 'webrtc');
    if (f.ms === null) failures++;
    else warm.push(f.ms);
    // A new viewer lands at a random phase of the camera's 1 s GOP, as in real use.
    await sleep(150 + 170 * i);
  }

  const s = reading.samples;
  return {
    figures: {
      webrtc_g2g_p50_ms: percentile(s, 0.5),
      webrtc_g2g_p95_ms: percentile(s, 0.95),
      webrtc_g2g_samples: s.length,
      webrtc_first_frame_warm_ms: median(warm),
    },
    detail: {
      webrtc_first_viewer_ms: Math.round(opened.ms),
      webrtc_g2g_min_ms: s.length > 0 ? Math.min(...s) : null,
      webrtc_g2g_max_ms: s.length > 0 ? Math.max(...s) : null,
      webrtc_g2g_frames_presented: reading.presented,
      webrtc_first_frame_warm_runs_ms: warm.map(Math.round),
      webrtc_first_frame_failures: failures,
    },
  };
}

export interface DriftOptions {
  cameraId: string;
  /** The WebRTC viewer left by `webrtcBrowserFigures`. */
  webrtcKeptAs: string;
  /** From the start of the first reading to the end of the last (ten minutes). */
  spanMs: number;
  /** Each reading (a minute). */
  windowMs: number;
  /** The new HLS viewer settles on its live-sync point before the first reading. */
  warmupMs: number;
}

/**
 * Both transports' glass-to-glass drift over the same span: the kept WebRTC viewer and a new HLS
 * viewer of the same camera, read side by side in the first and the last `windowMs`.
 */
export async function g2gDriftFigures(rig: G2gRig, o: DriftOptions): Promise<{ figures: Record<string, unknown>; detail: Record<string, unknown> }> {
  const hlsKeptAs = 'hls-drift';
  const opened = await rig.firstFrame(o.cameraId, 25_000, hlsKeptAs);
  if (opened.ms === null) throw new Error(`HLS drift viewer never presented a frame (player ${opened.state})`);
  await sleep(o.warmupMs);
  const read = () => Promise.all([rig.g2g(o.webrtcKeptAs, o.windowMs), rig.g2g(hlsKeptAs, o.windowMs)]);
  const first = await read();
  await sleep(Math.max(0, o.spanMs - 2 * o.windowMs));
  const last = await read();
  await rig.release(hlsKeptAs);
  const figures: Record<string, unknown> = {};
  const detail: Record<string, unknown> = { g2g_drift_span_ms: o.spanMs, g2g_drift_window_ms: o.windowMs };
  (['webrtc', 'hls'] as const).forEach((t, k) => {
    const a = percentile(first[k]!.samples, 0.5);
    const b = percentile(last[k]!.samples, 0.5);
    figures[`${t}_g2g_drift_ms`] = a === null || b === null ? null : b - a;
    detail[`${t}_g2g_first_minute_p50_ms`] = a;
    detail[`${t}_g2g_last_minute_p50_ms`] = b;
    detail[`${t}_g2g_drift_samples`] = [first[k]!.samples.length, last[k]!.samples.length];
    detail[`${t}_g2g_drift_waiting`] = first[k]!.waiting + last[k]!.waiting;
  });
  return { figures, detail };
}

/** Gateway CPU per WebRTC viewer of one 720p stream (see the header). */
export async function webrtcCpuPerViewer(o: { viewers: number; windowMs: number }): Promise<Record<string, unknown>> {
  // Noise: nothing compresses, so the stream runs at its full 2 Mbit/s, as a busy street scene does
  // (the test patterns fall to under 100 kbit/s and would make a viewer look nearly free).
  const cam = await RtspCamera.start({ width: 1280, height: 720, fps: 25, bitrateKbps: 2000, shared: true, pattern: 'snow' });
  const dir = await mkdtemp(join(tmpdir(), 'ioc-webrtc-bench-'));
  const config = loadGatewayConfig(
    {
      http: { host: '127.0.0.1', port: 0 },
      media: { secret: SECRET },
      hls: { dir, startWaitMs: 20_000 },
      demo: { cameras: false },
      webrtc: { interfaces: ['127.0.0.1'], portRange: { min: 42500, max: 42999 } },
    },
    {},
  );
  const gateway = createGateway({ config, cameras: new StaticCameraCatalog([{ id: 'cpu-cam', name: 'cpu', main: cam.url() }]), log: silent });
  const { url } = await gateway.start();
  const token = signToken(SECRET, { aud: 'media', sub: 'bench', res: ['*'], exp: Math.floor(Date.now() / 1000) + 600 });
  const playlist = `${url}/hls/${token}/cpu-cam/main/index.m3u8`;
  const keep = setInterval(() => void fetch(playlist).then((r) => r.arrayBuffer()).catch(() => undefined), 1_000);
  let child: ReturnType<typeof spawn> | null = null;
  try {
    const first = await fetch(playlist);
    if (first.status !== 200) throw new Error(`stream did not start: ${first.status}`);
    await first.arrayBuffer();
    await sleep(1_000);
    const idle = await cpuOver(o.windowMs);
    const script = fileURLToPath(new URL('./whep-viewers.ts', import.meta.url));
    child = spawn(process.execPath, ['--import', 'tsx', script, `${url}/whep/${token}/cpu-cam/main`, String(o.viewers)], { stdio: ['ignore', 'pipe', 'inherit'] });
    const lines = createInterface({ input: child.stdout! });
    let packets = '';
    lines.on('line', (l) => {
      if (l.startsWith('PACKETS ')) packets = l.slice(8);
    });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('viewers did not start')), 40_000);
      lines.on('line', (l) => {
        if (l !== 'READY') return;
        clearTimeout(timer);
        resolve();
      });
      child!.once('exit', (code) => reject(new Error(`viewers exited (${code})`)));
    });
    await sleep(1_000);
    const connected = gateway.webrtc!.stats().connected;
    const fanout = gateway.supervisor.get('cpu-cam', 'main')?.rtp;
    const [p0, b0] = [fanout?.packetsIn ?? 0, fanout?.bytesIn ?? 0];
    const busy = await cpuOver(o.windowMs);
    const [p1, b1] = [fanout?.packetsIn ?? 0, fanout?.bytesIn ?? 0];
    const exited = new Promise((r) => child!.once('exit', r));
    child.kill('SIGTERM');
    await exited;
    child = null;
    return {
      webrtc_cpu_pct_per_viewer: (busy - idle) / o.viewers,
      webrtc_cpu_detail: {
        viewers: o.viewers,
        connected,
        gateway_cpu_pct_idle: idle,
        gateway_cpu_pct_with_viewers: busy,
        stream_rtp_packets_per_s: ((p1 - p0) * 1000) / o.windowMs,
        stream_kbps: ((b1 - b0) * 8) / o.windowMs,
        packets_received_per_viewer: packets,
      },
    };
  } finally {
    clearInterval(keep);
    child?.kill('SIGKILL');
    await gateway.close();
    await cam.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

/** This process's CPU over `ms`, in % of one core. */
async function cpuOver(ms: number): Promise<number> {
  const before = process.cpuUsage();
  const t0 = performance.now();
  await sleep(ms);
  const d = process.cpuUsage(before);
  return ((d.user + d.system) / 1000 / (performance.now() - t0)) * 100;
}

function median(xs: number[]): number | null {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? null;
}
