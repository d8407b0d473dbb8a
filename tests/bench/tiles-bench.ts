/**
 * The camera-tile figures of the media bench: the wall's own camera tiles (cameraPipe with the
 * real token media resolver, tests/support/camera-transport-page.ts) in headless Chromium,
 * against a real gateway configured with the production defaults (only its ports, UDP range,
 * WebRTC interface and segment dir are set), fed by GStreamer RTSP cameras.
 *
 * - tiles_16_playing / tiles_16_playing_hls: 16 tiles of 16 cameras on one 1920x1080 screen
 *   (4 per row), over WebRTC / HLS alone, counted playing (player 'playing', no overlay, on the
 *   asked transport) when all play, or 30 s after mounting at the latest; tiles_16_ms /
 *   tiles_16_hls_ms: mount -> all 16 playing (null when not within the 30 s). Each grid starts
 *   on cameras the gateway is not streaming yet. The 16 cameras are 16 RTSP camera processes,
 *   each encoding its own 640x360@25 stream for its one session, listed with a sub stream as a
 *   site's are, so a 16-up tile asks for the sub stream and gets it. (One encoder shared by 16
 *   sessions would cost less, but GStreamer's shared media stalls every session while one of
 *   them is slow to read, over TCP: the gateway then sees all 16 streams stall at once, which
 *   no real camera does.) Their encoders run on the same 2 cores as the wall's page.
 * - camera_return_to_playing_p95_ms / camera_return_to_playing_hls_p95_ms: one full-screen tile
 *   (main stream, 1280x720) per transport, each on its own page and its own camera id of the
 *   same RTSP camera, so one camera outage is one round of both. Like a rebooted camera, the
 *   camera that comes back starts its encoder afresh (a keyframe first) for each session. Each round kills the camera
 *   (SIGKILL), waits until both tiles show 'down' (overlay), keeps it dead 2-5 s (spread over
 *   the rounds), starts it again on the same port, and measures from that start having
 *   resolved to each tile playing again with no overlay. The page has no controller, so no
 *   gateway status push reaches the tiles: the players find the camera back by themselves
 *   (a site also gets the gateway's 'live' push, which can only make it sooner). A round whose
 *   tile does not return within RETURN_TIMEOUT_MS counts as that timeout in the p95 (a lower
 *   bound) and in `camera_return_failures`.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import type { AccessToken } from '@ioc/protocol';
import { signToken } from '@ioc/protocol/signed-token';
import { createGateway, loadGatewayConfig, StaticCameraCatalog } from '@ioc/media-gateway';
import { launchChromium } from '../support/chromium';
import { RtspCamera, type RtspCameraOptions } from '../support/rtsp-camera';
import { serveTestPage } from '../support/test-page';
import type { CameraTransportTestApi } from '../support/camera-transport-page';
import { percentile } from './g2g-rig';

type Transport = 'webrtc' | 'hls';
type TileRow = ReturnType<CameraTransportTestApi['tiles']>[number];

const SECRET = 'tiles-bench-secret-0123456789-abcdefghi';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const TRANSPORTS: Transport[] = ['webrtc', 'hls'];
/** Tiles are counted when all play, or this long after mounting at the latest. */
const GRID_SETTLE_MS = 30_000;
const DOWN_TIMEOUT_MS = 20_000;
const RETURN_TIMEOUT_MS = 30_000;
/** A tile plays this long before its camera is killed again. */
const STEADY_MS = 2_000;
const POLL_MS = 50;
const MAIN_CAMERA: RtspCameraOptions = { paths: ['/main'], width: 1280, height: 720, fps: 25, bitrateKbps: 2000 };
/** A grid camera: its sub stream is what a 16-up tile plays. */
const GRID_CAMERA: RtspCameraOptions = { paths: ['/main', '/sub'], width: 640, height: 360, fps: 25, bitrateKbps: 800 };

export interface TilesBenchOptions {
  /** Camera outages, each measured on both transports (at least 8). */
  rounds: number;
  /** Receives what closes every part started here (for the bench's deadline). */
  register(close: () => Promise<void>): void;
}

export async function tilesFigures(o: TilesBenchOptions): Promise<{ figures: Record<string, unknown>; detail: Record<string, unknown> }> {
  const cleanups: (() => unknown)[] = [];
  const close = async () => {
    for (const c of cleanups.splice(0).reverse()) await Promise.resolve().then(c).catch(() => undefined);
  };
  o.register(close);
  try {
    const testPage = await serveTestPage(resolve(import.meta.dirname, '../support/camera-transport-page.ts'));
    cleanups.push(() => testPage.close());
    const gridCams = await Promise.all(Array.from({ length: 16 }, () => RtspCamera.start(GRID_CAMERA)));
    cleanups.push(() => Promise.all(gridCams.map((c) => c.stop())));
    let main = await RtspCamera.start(MAIN_CAMERA);
    // Stops whichever instance is up by then (the returns replace it).
    cleanups.push(() => main.stop());

    const gridIds = (t: Transport) => Array.from({ length: 16 }, (_v, i) => `grid-${t}-${i + 1}`);
    const returnId = (t: Transport) => `return-${t}`;
    const catalog = new StaticCameraCatalog([
      ...TRANSPORTS.flatMap((t) => gridIds(t).map((id, i) => ({ id, name: id, main: gridCams[i]!.url('/main'), sub: gridCams[i]!.url('/sub') }))),
      ...TRANSPORTS.map((t) => ({ id: returnId(t), name: returnId(t), main: main.url('/main') })),
    ]);
    const dir = await mkdtemp(join(tmpdir(), 'ioc-tiles-bench-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    // Production defaults (watchdog, backoff, idle timeout, start wait) but for where it listens.
    const config = loadGatewayConfig(
      {
        http: { host: '127.0.0.1', port: 0 },
        media: { secret: SECRET },
        hls: { dir },
        demo: { cameras: false },
        webrtc: { interfaces: ['127.0.0.1'], portRange: { min: 43000, max: 43499 } },
      },
      {},
    );
    // The gateway's warnings (stalls, failed ffmpeg runs) are counted by message, per part.
    const warnings: Record<string, number> = {};
    const count = (msg: unknown) => void (warnings[String(msg)] = (warnings[String(msg)] ?? 0) + 1);
    const gateway = createGateway({ config, cameras: catalog, log: { debug() {}, info() {}, warn: count, error: count } });
    const takeWarnings = () => {
      const taken = { ...warnings };
      for (const k of Object.keys(warnings)) delete warnings[k];
      return taken;
    };
    const { url: gatewayUrl } = await gateway.start();
    cleanups.push(() => gateway.close());

    const browser = await launchChromium();
    cleanups.push(() => browser.close());
    const pageErrors: string[] = [];
    const newPage = async (): Promise<Page> => {
      const page = await browser.newPage({ viewport: { width: 960, height: 540 } });
      await page.addInitScript('globalThis.__name = (f) => f');
      page.on('pageerror', (e) => pageErrors.push(e.message));
      await page.exposeFunction('__token', (url: string, cameraId: string): AccessToken => ({
        token: signToken(SECRET, { aud: 'media', sub: 'tiles-bench', res: [cameraId], exp: Math.floor(Date.now() / 1000) + 3600 }),
        expiresAt: Date.now() + 3_600_000,
        gatewayUrl: url,
      }));
      await page.goto(testPage.url);
      await page.waitForFunction(() => '__iocTransport' in window);
      // Creates the pixi app (no tile yet), so that the first grid's time does not include it.
      await mount(page, gatewayUrl, [], 4);
      return page;
    };
    const pages: Record<Transport, Page> = { webrtc: await newPage(), hls: await newPage() };

    // 16-up, one transport after the other, on the first page.
    const grids: Partial<Record<Transport, GridResult>> = {};
    for (const t of TRANSPORTS) {
      const page = pages.webrtc;
      // What the rig itself takes of the 2 cores while the grid comes up: the 16 camera encoders
      // (a site's cameras encode on their own hardware) and the machine as a whole.
      const before = await cpuSeconds(gridCams.map((c) => c.pid));
      grids[t] = await grid(page, gatewayUrl, gridIds(t), t);
      const after = await cpuSeconds(gridCams.map((c) => c.pid));
      const wallS = after.at - before.at;
      grids[t].detail.cameras_cpu_pct = Math.round(((after.procs - before.procs) / wallS) * 100);
      grids[t].detail.machine_busy_pct_of_2_cores = Math.round(((after.busy - before.busy) / (after.total - before.total)) * 100);
      grids[t].detail.gateway_warnings = takeWarnings();
      await page.evaluate(() => window.__iocTransport.unmountAll());
      // Their streams would otherwise run on through the idle timeout, under the next figures.
      await Promise.all(gridIds(t).flatMap((id) => [gateway.supervisor.stop(`${id}/sub`), gateway.supervisor.stop(`${id}/main`)]));
    }
    await Promise.all(gridCams.map((c) => c.stop()));

    // Camera returns: one full-screen tile per transport, one page each.
    for (const t of TRANSPORTS) await mount(pages[t], gatewayUrl, [returnId(t)], 1, t);
    const port = main.port;
    const runs: Record<Transport, (number | null)[]> = { webrtc: [], hls: [] };
    const downRuns: Record<Transport, (number | null)[]> = { webrtc: [], hls: [] };
    const deadRuns: number[] = [];
    const deadTimes = spread(o.rounds, 2_000, 5_000);
    let aborted: string | null = null;
    for (let i = 0; i < o.rounds; i++) {
      const ready = await Promise.all(TRANSPORTS.map((t) => waitTile(pages[t], 'playing', t, RETURN_TIMEOUT_MS)));
      if (ready.some((ms) => ms === null)) {
        aborted = `round ${i}: a tile was not playing before the kill (${TRANSPORTS.map((t, k) => `${t} ${ready[k] === null ? 'no' : 'yes'}`).join(', ')})`;
        break;
      }
      await sleep(STEADY_MS);
      const killedAt = performance.now();
      await main.kill();
      const down = await Promise.all(TRANSPORTS.map((t) => waitTile(pages[t], 'down', t, DOWN_TIMEOUT_MS, killedAt)));
      TRANSPORTS.forEach((t, k) => downRuns[t].push(roundOrNull(down[k] ?? null)));
      const deadMs = deadTimes[i]!;
      deadRuns.push(deadMs);
      await sleep(deadMs);
      main = await startOnPort(port);
      const backAt = performance.now();
      const back = await Promise.all(TRANSPORTS.map((t) => waitTile(pages[t], 'playing', t, RETURN_TIMEOUT_MS, backAt)));
      TRANSPORTS.forEach((t, k) => runs[t].push(roundOrNull(back[k] ?? null)));
    }
    for (const t of TRANSPORTS) await pages[t].evaluate(() => window.__iocTransport.unmountAll());
    if (pageErrors.length > 0) console.error('tiles bench page errors:', pageErrors);

    const p95 = (xs: (number | null)[]) => percentile(xs.map((v) => v ?? RETURN_TIMEOUT_MS), 0.95);
    const w = grids.webrtc!;
    const h = grids.hls!;
    return {
      figures: {
        tiles_16_playing: w.playing,
        tiles_16_ms: w.allMs,
        tiles_16_playing_hls: h.playing,
        tiles_16_hls_ms: h.allMs,
        camera_return_to_playing_p95_ms: p95(runs.webrtc),
        camera_return_to_playing_hls_p95_ms: p95(runs.hls),
      },
      detail: {
        tiles_16_webrtc: w.detail,
        tiles_16_hls: h.detail,
        camera_return_rounds: runs.webrtc.length,
        camera_return_to_playing_runs_ms: runs.webrtc,
        camera_return_to_playing_hls_runs_ms: runs.hls,
        camera_return_to_playing_p50_ms: percentile(runs.webrtc.filter(isNumber), 0.5),
        camera_return_to_playing_hls_p50_ms: percentile(runs.hls.filter(isNumber), 0.5),
        camera_return_failures: { webrtc: runs.webrtc.filter((v) => v === null).length, hls: runs.hls.filter((v) => v === null).length },
        camera_kill_to_overlay_runs_ms: downRuns.webrtc,
        camera_kill_to_overlay_hls_runs_ms: downRuns.hls,
        camera_dead_after_overlay_runs_ms: deadRuns,
        camera_return_aborted: aborted,
        camera_return_gateway_warnings: takeWarnings(),
        gateway_watchdog: config.watchdog,
        page_errors: pageErrors.length,
      },
    };
  } finally {
    await close();
  }
}

interface GridResult {
  playing: number;
  allMs: number | null;
  detail: Record<string, unknown>;
}

/** Mounts 16 tiles and counts them playing when all play, or GRID_SETTLE_MS after at the latest. */
async function grid(page: Page, gatewayUrl: string, ids: string[], transport: Transport): Promise<GridResult> {
  const t0 = performance.now();
  await mount(page, gatewayUrl, ids, 4, transport);
  let rows = await tiles(page);
  let allMs: number | null = null;
  for (;;) {
    if (playing(rows, transport) === ids.length) {
      allMs = Math.round(performance.now() - t0);
      break;
    }
    if (performance.now() - t0 >= GRID_SETTLE_MS) break;
    await sleep(100);
    rows = await tiles(page);
  }
  const tally = (f: (r: TileRow) => string) => rows.reduce<Record<string, number>>((acc, r) => ({ ...acc, [f(r)]: (acc[f(r)] ?? 0) + 1 }), {});
  return {
    playing: playing(rows, transport),
    allMs,
    detail: {
      counted_at_ms: Math.round(performance.now() - t0),
      // The machine is shared: its load when counted says how much else ran.
      load_avg_1m: Number(loadavg()[0]!.toFixed(2)),
      states: tally((r) => `${r.state}/${r.transport}${r.overlay ? '/overlay' : ''}`),
      profiles: tally((r) => `${r.profile} ${r.width}px`),
    },
  };
}

function mount(page: Page, gatewayUrl: string, cameraIds: string[], perRow: number, transport?: Transport): Promise<void> {
  return page.evaluate(({ u, ids, n, t }) => window.__iocTransport.mountGrid({ gatewayUrl: u, cameraIds: ids, perRow: n, ...(t ? { transport: t } : {}) }), { u: gatewayUrl, ids: cameraIds, n: perRow, t: transport });
}

function tiles(page: Page): Promise<TileRow[]> {
  return page.evaluate(() => window.__iocTransport.tiles());
}

function playing(rows: TileRow[], transport: Transport): number {
  return rows.filter((r) => isPlaying(r, transport)).length;
}

function isPlaying(r: TileRow, transport: Transport): boolean {
  return r.state === 'playing' && !r.overlay && r.transport === transport;
}

/**
 * Polls the page's only tile until it is `want` ('down': the overlay is up; 'playing': playing
 * with no overlay, on `transport`): ms since `since`, or null after `timeoutMs`.
 */
async function waitTile(page: Page, want: 'down' | 'playing', transport: Transport, timeoutMs: number, since = performance.now()): Promise<number | null> {
  for (;;) {
    const row = (await tiles(page))[0];
    const now = performance.now();
    if (row && (want === 'down' ? row.overlay : isPlaying(row, transport))) return now - since;
    if (now - since >= timeoutMs) return null;
    await sleep(POLL_MS);
  }
}

const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

/** CPU seconds of `pids` (all their threads), and the machine's busy and total jiffies. */
async function cpuSeconds(pids: (number | undefined)[]): Promise<{ at: number; procs: number; busy: number; total: number }> {
  let procs = 0;
  for (const pid of pids) {
    const stat = pid === undefined ? '' : await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (stat) procs += (Number(f[11]) + Number(f[12])) / CLK_TCK;
  }
  const cpu = (await readFile('/proc/stat', 'utf8')).split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const total = cpu.reduce((a, b) => a + b, 0);
  // idle + iowait
  const busy = total - (cpu[3] ?? 0) - (cpu[4] ?? 0);
  return { at: performance.now() / 1000, procs, busy, total };
}

/** `n` times from `min` to `max` ms, evenly spaced, in a scattered order (no trend over the rounds). */
function spread(n: number, min: number, max: number): number[] {
  const stride = [3, 5, 7, 11].find((k) => n % k !== 0) ?? 1;
  return Array.from({ length: n }, (_v, i) => Math.round(min + (((i * stride) % n) * (max - min)) / Math.max(1, n - 1)));
}

/** The camera again at the same URL; a bind that races the killed process's socket is retried. */
async function startOnPort(port: number): Promise<RtspCamera> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await RtspCamera.start({ ...MAIN_CAMERA, port });
    } catch (err) {
      if (attempt >= 2) throw err;
      await sleep(300);
    }
  }
}

function roundOrNull(v: number | null): number | null {
  return v === null ? null : Math.round(v);
}

function isNumber(v: number | null): v is number {
  return v !== null;
}

declare global {
  interface Window {
    __iocTransport: CameraTransportTestApi;
  }
}
