import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Gateway } from '@ioc/media-gateway';
import { launchChromium } from '../support/chromium';
import { loginAt, startE2eGateway } from '../support/controller-and-gateway';
import { ControllerProcess, demoControllerEnv, freePort } from '../support/controller-process';
import { decodePng } from '../support/png';
import { RtspCamera } from '../support/rtsp-camera';

/**
 * What a technician sees of a screen without walking to it: a real wall page in Chromium
 * against the real controller (its own process) and gateway, showing a GStreamer RTSP camera
 * (colour bars) beside two solid-colour tiles. Its heartbeat health must reach `GET /api/screens`, and a
 * screenshot asked over REST must come back as a PNG showing the colours the layout put there.
 */
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SECRET = 'e2e-screen-health-media-secret-0123456789';
const ADMIN_PASSWORD = 'e2e-screen-health-admin-01';
const CAMERA_ID = 'cam-health';
const RED = '#d01c24';
const BLUE = '#1c40d0';
const MAX_BYTES = 20_000;

let dir: string;
let cam: RtspCamera;
let ctl: ControllerProcess;
let gateway: Gateway;
let browser: Browser;
let page: Page;
let admin = '';

async function api(method: string, path: string, body?: unknown) {
  const res = await fetch(ctl.url + path, {
    method,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return { status: res.status, body: (text ? JSON.parse(text) : null) as any };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Within a few levels of a #rrggbb colour (PNG is lossless, scaling blends only at edges). */
const near = (px: number[], hex: string) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).every((v, i) => Math.abs(v - px[i]!) <= 8);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ioc-e2e-screen-health-'));
  if (!existsSync(join(root, 'wall-client', 'dist', 'wall.js'))) {
    execFileSync(process.execPath, [join(root, 'wall-client', 'scripts', 'build.mjs')], { stdio: 'pipe' });
  }
  cam = await RtspCamera.start({ width: 640, height: 360, paths: ['/main'], pattern: 'smpte' });
  const gatewayPort = await freePort();
  // A small cap, so the screen has to downscale its 1280x720 canvas to fit.
  const config = { screenshots: { maxBytes: MAX_BYTES } };
  ctl = new ControllerProcess(await freePort(), demoControllerEnv({ dir, gatewayPort, secret: SECRET, adminPassword: ADMIN_PASSWORD, config }));
  await ctl.start();
  admin = await loginAt(ctl.url, 'admin', ADMIN_PASSWORD);
  ({ gateway } = await startE2eGateway({ dir, port: gatewayPort, secret: SECRET, controllerUrl: ctl.url, sink: () => undefined, config: { webrtc: { interfaces: ['127.0.0.1'] } } }));

  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  await page.addInitScript('globalThis.__name = (f) => f');
  await page.goto(`${ctl.url}/wall/?renderer=canvas&wall=command&col=0&row=0`);
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await gateway?.close();
  await ctl?.stop();
  await cam?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('screen health and screenshots of a real screen (Chromium, controller, gateway, RTSP camera)', () => {
  it('reports fps, renderer and the video tile playing, as the screens listing shows', async () => {
    expect((await api('POST', '/api/cameras', { id: CAMERA_ID, name: 'Cổng chính', mainUrl: cam.url('/main') })).status).toBe(201);
    // Screen (0,0) of the command wall: red top-left, blue top-right, the camera below twice
    // (HLS on the left, WebRTC on the right).
    const tiles = [
      { id: 'red', rect: { x: 0, y: 0, w: 0.5, h: 0.5 }, z: 0, source: { kind: 'label', text: '', background: RED } },
      { id: 'blue', rect: { x: 0.5, y: 0, w: 0.5, h: 0.5 }, z: 0, source: { kind: 'label', text: '', background: BLUE } },
      { id: 'cam-hls', rect: { x: 0, y: 0.5, w: 0.5, h: 0.5 }, z: 0, source: { kind: 'camera', cameraId: CAMERA_ID, stream: 'main', transport: 'hls' } },
      { id: 'cam-rtc', rect: { x: 0.5, y: 0.5, w: 0.5, h: 0.5 }, z: 0, source: { kind: 'camera', cameraId: CAMERA_ID, stream: 'main', transport: 'webrtc' } },
    ];
    expect((await api('POST', '/api/walls/command/apply', { tiles })).status).toBe(200);
    await page.waitForFunction((id) => window.__wallVideo?.tiles().filter((t) => t.cameraId === id && t.state === 'playing').length === 2, CAMERA_ID, { timeout: 40_000, polling: 200 });

    // Heartbeats come every 5 s: wait for one that saw both tiles playing with a latency estimate.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    let health: any = null;
    const ready = () => health?.tiles?.filter((t: { state: string; latencyMs: number | null }) => t.state === 'playing' && t.latencyMs !== null).length === 2;
    for (let i = 0; i < 60 && !ready(); i++) {
      await sleep(500);
      const list = await api('GET', '/api/screens');
      health = list.body.find((s: { id: string }) => s.id === 'command-0-0')?.health ?? null;
    }
    console.log(`[screen-health] ${JSON.stringify(health)}`);
    expect(health).toMatchObject({ renderer: 'canvas' });
    expect(health.fps).toBeGreaterThan(0);
    expect(health.memoryMb).toBeGreaterThan(0);
    expect(health.uptimeS).toBeGreaterThan(0);
    expect(health.droppedFrames).toBeGreaterThanOrEqual(0);
    expect(health.lastError).toBeNull();
    const byId = Object.fromEntries(health.tiles.map((t: { tileId: string }) => [t.tileId, t]));
    expect(byId).toEqual({
      'cam-hls': expect.objectContaining({ cameraId: CAMERA_ID, state: 'playing', transport: 'hls' }),
      'cam-rtc': expect.objectContaining({ cameraId: CAMERA_ID, state: 'playing', transport: 'webrtc' }),
    });
    // HLS plays about a segment or two behind the live edge; WebRTC a jitter buffer's worth.
    expect(byId['cam-hls'].latencyMs).toBeGreaterThan(byId['cam-rtc'].latencyMs);
    expect(byId['cam-rtc'].latencyMs).toBeGreaterThanOrEqual(0);
  }, 90_000);

  it('sends a screenshot, downscaled to the size cap, that decodes as a PNG and shows the layout\'s colours', async () => {
    const r = await api('POST', '/api/screens/command-0-0/screenshot');
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ n: 1, screenId: 'command-0-0', requestedBy: 'admin' });
    // Downscaled to fit the cap, keeping the screen's shape.
    expect(r.body.bytes).toBeLessThanOrEqual(MAX_BYTES);
    expect(r.body.width).toBeLessThan(1280);
    expect(Math.abs(r.body.width / r.body.height - 16 / 9)).toBeLessThan(0.02);
    const listed = await api('GET', '/api/screens/command-0-0/screenshots');
    expect(listed.body).toEqual([r.body]);
    const res = await fetch(`${ctl.url}/api/screens/command-0-0/screenshots/1`, { headers: { authorization: `Bearer ${admin}` } });
    expect(res.headers.get('content-type')).toBe('image/png');
    const png = decodePng(Buffer.from(await res.arrayBuffer()));
    expect([png.width, png.height]).toEqual([r.body.width, r.body.height]);
    const at = (fx: number, fy: number) => png.pixel(Math.floor(png.width * fx), Math.floor(png.height * fy));
    expect(near(at(0.25, 0.25), RED)).toBe(true);
    expect(near(at(0.75, 0.25), BLUE)).toBe(true);
    // Each camera tile shows the SMPTE bars (stretched to the tile): grey, yellow, cyan from its left.
    const [grey, yellow, cyan] = [at(0.035, 0.6), at(0.105, 0.6), at(0.68, 0.6)].map((p) => p.slice(0, 3).map((v) => (v > 120 ? 'hi' : v < 60 ? 'lo' : '?')).join(','));
    expect({ grey, yellow, cyan }).toEqual({ grey: 'hi,hi,hi', yellow: 'hi,hi,lo', cyan: 'lo,hi,hi' });
  }, 30_000);

  it('captures a WebGL screen too (its drawing buffer is read in the frame it is drawn)', async () => {
    const webgl = await browser.newPage({ viewport: { width: 640, height: 360 } });
    await webgl.goto(`${ctl.url}/wall/?renderer=webgl&wall=command&col=1&row=0`);
    await webgl.waitForFunction(() => window.__wall?.getState().identity.screenId === 'command-1-0', undefined, { timeout: 20_000 });
    expect(await webgl.evaluate(() => window.__wall?.renderer())).toBe('webgl');
    const tiles = [
      { id: 'blue', rect: { x: 1, y: 0, w: 1, h: 0.5 }, z: 0, source: { kind: 'label', text: '', background: BLUE } },
      { id: 'red', rect: { x: 1, y: 0.5, w: 1, h: 0.5 }, z: 0, source: { kind: 'label', text: '', background: RED } },
    ];
    const applied = await api('POST', '/api/walls/command/apply', { tiles });
    expect(applied.status).toBe(200);
    await webgl.waitForFunction((v) => window.__wall?.lastSwap()?.version === v, applied.body.version, { timeout: 10_000 });
    const r = await api('POST', '/api/screens/command-1-0/screenshot');
    expect(r.status).toBe(201);
    const res = await fetch(`${ctl.url}/api/screens/command-1-0/screenshots/${r.body.n}`, { headers: { authorization: `Bearer ${admin}` } });
    const png = decodePng(Buffer.from(await res.arrayBuffer()));
    const at = (fx: number, fy: number) => png.pixel(Math.floor(png.width * fx), Math.floor(png.height * fy));
    expect(near(at(0.5, 0.25), BLUE)).toBe(true);
    expect(near(at(0.5, 0.75), RED)).toBe(true);
    await webgl.close();
  }, 60_000);
});
