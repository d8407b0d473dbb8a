import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StaticCameraCatalog } from '@ioc/media-gateway';
import { startHarness, type Harness } from '../../media-gateway/src/test-harness';
import { launchChromium } from '../support/chromium';
import { RtspCamera } from '../support/rtsp-camera';
import { serveTestPage, type TestPage } from '../support/test-page';
import type { CameraTransportTestApi } from '../support/camera-transport-page';

/**
 * Camera tiles as the wall builds them, choosing their transport: GStreamer RTSP camera -> the
 * real gateway -> cameraPipe in Chromium. An `auto` tile plays over WebRTC; where WebRTC cannot
 * connect it falls back to HLS by itself and says so; 16 tiles of 16 cameras on one screen play
 * over WebRTC, and over HLS alone. The cameras have no sub stream, so every 16-up tile also has
 * to fall back from the sub stream it asks for first.
 */
const ARTIFACTS = resolve(import.meta.dirname, '../artifacts/video');
const IDS = Array.from({ length: 16 }, (_, i) => `cam-${i + 1}`);

let cam: RtspCamera;
let testPage: TestPage;
let browser: Browser;
let page: Page;
let good: Harness;
let noIce: Harness;
const pageErrors: string[] = [];

type TileRow = ReturnType<CameraTransportTestApi['tiles']>[number];
const tiles = (): Promise<TileRow[]> => page.evaluate(() => window.__iocTransport.tiles());
const playing = (rows: TileRow[], transport: string) => rows.filter((t) => t.state === 'playing' && !t.overlay && t.transport === transport).length;
async function waitAll(n: number, transport: string, timeoutMs: number): Promise<{ ms: number; rows: TileRow[] }> {
  const t0 = Date.now();
  let rows = await tiles();
  while (Date.now() - t0 < timeoutMs && playing(rows, transport) < n) {
    await new Promise((r) => setTimeout(r, 200));
    rows = await tiles();
  }
  return { ms: Date.now() - t0, rows };
}

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  // One encoder for every session: this suite is about the screen, not the upstream count.
  cam = await RtspCamera.start({ paths: ['/main'], width: 320, height: 180, fps: 25, shared: true });
  const catalog = new StaticCameraCatalog(IDS.map((id) => ({ id, name: id, main: cam.url('/main') })));
  const common = { streams: { idleTimeoutMs: 5_000 }, watchdog: { stallMs: 3_000, startTimeoutMs: 8_000, backoffMs: { initial: 300, max: 1_000 } } };
  good = await startHarness(catalog, { ...common, webrtc: { interfaces: ['127.0.0.1'] } });
  // Announces a loopback address nothing listens on: every ICE check fails, as behind a
  // firewall that drops UDP. HLS from the same gateway still works.
  noIce = await startHarness(catalog, { ...common, webrtc: { interfaces: ['127.0.0.1'], host: '127.0.0.2' } });
  testPage = await serveTestPage(resolve(import.meta.dirname, '../support/camera-transport-page.ts'));
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 960, height: 540 } });
  await page.addInitScript('globalThis.__name = (f) => f');
  page.on('pageerror', (e) => pageErrors.push(e.message));
  const byUrl = new Map([good, noIce].map((h) => [h.url, h]));
  await page.exposeFunction('__token', (gatewayUrl: string, cameraId: string) => ({
    token: byUrl.get(gatewayUrl)!.token([cameraId], 600),
    expiresAt: Date.now() + 600_000,
    gatewayUrl,
  }));
  await page.goto(testPage.url);
  await page.waitForFunction(() => '__iocTransport' in window);
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await testPage?.close();
  await good?.close();
  await noIce?.close();
  await cam?.stop();
});

describe('camera tile transport', () => {
  it('an auto tile plays over WebRTC and says so', async () => {
    await page.evaluate((url) => window.__iocTransport.mountGrid({ gatewayUrl: url, cameraIds: ['cam-1'], perRow: 1 }), good.url);
    const { ms, rows } = await waitAll(1, 'webrtc', 20_000);
    console.log(`[transport] auto tile playing over ${rows[0]?.transport} after ${ms} ms (${rows[0]?.width} px wide)`);
    expect(rows[0]).toMatchObject({ state: 'playing', transport: 'webrtc', profile: 'main', overlay: false, width: 320 });
    await page.evaluate(() => window.__iocTransport.unmountAll());
  }, 40_000);

  it('where ICE cannot connect, an auto tile falls back to HLS by itself and plays; an explicit webrtc tile stays on WebRTC', async () => {
    await page.evaluate((url) => window.__iocTransport.mountGrid({ gatewayUrl: url, cameraIds: ['cam-2'], perRow: 1 }), noIce.url);
    const { ms, rows } = await waitAll(1, 'hls', 30_000);
    console.log(`[transport] ICE failing: auto tile playing over ${rows[0]?.transport} after ${ms} ms`);
    expect(rows[0]).toMatchObject({ state: 'playing', transport: 'hls', overlay: false });
    await page.screenshot({ path: join(ARTIFACTS, 'transport-fallback-hls.png') });
    await page.evaluate(() => window.__iocTransport.unmountAll());

    await page.evaluate((url) => window.__iocTransport.mountGrid({ gatewayUrl: url, cameraIds: ['cam-3'], perRow: 1, transport: 'webrtc' }), noIce.url);
    await page.waitForFunction(() => window.__iocTransport.tiles()[0]?.state === 'down', undefined, { timeout: 20_000 });
    expect((await tiles())[0]).toMatchObject({ transport: 'webrtc', state: 'down', overlay: true });
    await page.evaluate(() => window.__iocTransport.unmountAll());
  }, 60_000);

  for (const transport of ['webrtc', 'hls'] as const) {
    it(`16 tiles of 16 cameras on one screen all play over ${transport === 'hls' ? 'HLS alone' : 'WebRTC'}`, async () => {
      await page.evaluate(({ url, ids, t }) => window.__iocTransport.mountGrid({ gatewayUrl: url, cameraIds: ids, perRow: 4, transport: t }), { url: good.url, ids: IDS, t: transport });
      const { ms, rows } = await waitAll(16, transport, 45_000);
      console.log(`[transport] 16-up over ${transport}: ${playing(rows, transport)}/16 playing after ${ms} ms`);
      expect(playing(rows, transport)).toBe(16);
      // The cameras have only a main stream: each tile asked for sub, got 404, and plays main.
      expect(rows.map((r) => r.profile)).toEqual(Array(16).fill('main'));
      await page.screenshot({ path: join(ARTIFACTS, `grid-16-${transport}.png`) });
      await page.evaluate(() => window.__iocTransport.unmountAll());
      expect(await page.evaluate(() => window.__iocTransport.counts())).toEqual({ players: 0, videos: 0, hlsInstances: 0, cameraViews: 0, streamSubscriptions: 0, peers: 0 });
    }, 90_000);
  }

  it('leaves no page error behind', () => {
    expect(pageErrors).toEqual([]);
  });
});

declare global {
  interface Window {
    __iocTransport: CameraTransportTestApi;
  }
}
