import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signToken } from '@ioc/protocol/signed-token';
import { createGateway, loadGatewayConfig, StaticCameraCatalog, type Gateway, type GatewayConfigInput } from '@ioc/media-gateway';
import { leftovers } from '../../media-gateway/src/test-harness';
import { launchChromium } from '../support/chromium';
import { RtspCamera } from '../support/rtsp-camera';
import { serveTestPage, type TestPage } from '../support/test-page';
import type { WebrtcTestApi } from '../support/webrtc-test-page';

/**
 * Camera tiles over WebRTC in real Chromium: GStreamer RTSP camera -> the real gateway (one
 * ffmpeg, RTP to werift) -> the wall's WhepPlayer. Playback, recovery after the camera dies and
 * returns, no leak over hundreds of player lifecycles (in the page and in the gateway), and an
 * ICE failure reported as such.
 */
const SECRET = 'webrtc-e2e-secret-0123456789-abcdefghij';
const IDLE_MS = 3_000;
const silent = { debug() {}, info() {}, warn() {}, error() {} };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let cam: RtspCamera;
let testPage: TestPage;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];
const gateways: { gateway: Gateway; dir: string }[] = [];

async function startGateway(webrtc: GatewayConfigInput['webrtc']): Promise<{ gateway: Gateway; url: string; dir: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'ioc-webrtc-e2e-'));
  const config = loadGatewayConfig(
    {
      http: { host: '127.0.0.1', port: 0 },
      media: { secret: SECRET },
      hls: { dir },
      streams: { idleTimeoutMs: IDLE_MS },
      // Restart attempts at most 1 s apart while the camera is away, so it is picked up soon after it returns.
      watchdog: { stallMs: 3_000, startTimeoutMs: 8_000, backoffMs: { initial: 300, max: 1_000 } },
      demo: { cameras: false },
      webrtc,
    },
    {},
  );
  const gateway = createGateway({ config, cameras: new StaticCameraCatalog([{ id: 'cam-1', name: 'Gate', main: cam.url('/main') }]), log: silent });
  const { url } = await gateway.start();
  gateways.push({ gateway, dir });
  return { gateway, url, dir };
}

const token = () => signToken(SECRET, { aud: 'media', sub: 'e2e', res: ['cam-1'], exp: Math.floor(Date.now() / 1000) + 600 });
const info = (id: string) => page.evaluate((i) => window.__iocWebrtc.info(i), id);
const waitState = (id: string, state: string, timeout: number) =>
  page.waitForFunction(({ i, s }) => window.__iocWebrtc.info(i)?.state === s, { i: id, s: state }, { timeout, polling: 50 });

let gw: Awaited<ReturnType<typeof startGateway>>;
let whepUrl: string;

beforeAll(async () => {
  cam = await RtspCamera.start({ width: 640, height: 360, fps: 25, user: 'admin', password: 'e2e:p@ss', paths: ['/main'] });
  gw = await startGateway({ interfaces: ['127.0.0.1'], portRange: { min: 24200, max: 24399 }, peerTimeoutMs: 7_000 });
  whepUrl = `${gw.url}/whep/${token()}/cam-1/main`;
  testPage = await serveTestPage(resolve(import.meta.dirname, '../support/webrtc-test-page.ts'));
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 640, height: 360 } });
  await page.addInitScript('globalThis.__name = (f) => f');
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(testPage.url);
  await page.waitForFunction(() => '__iocWebrtc' in window);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await testPage?.close();
  for (const g of gateways) {
    await g.gateway.close();
    await rm(g.dir, { recursive: true, force: true });
  }
  await cam?.stop();
});

describe('WhepPlayer through the real gateway', () => {
  it('plays the RTSP camera: frames advance at the camera size', async () => {
    const t0 = Date.now();
    await page.evaluate((u) => window.__iocWebrtc.start('main', u), whepUrl);
    await waitState('main', 'playing', 15_000);
    console.log(`[webrtc] cold start to first frame ${Date.now() - t0} ms`);
    const a = (await info('main'))!;
    await sleep(1500);
    const b = (await info('main'))!;
    expect(b.frames - a.frames).toBeGreaterThan(20);
    expect([b.videoWidth, b.videoHeight]).toEqual([640, 360]);
    expect(b.transport).toBe('webrtc');
    expect(gw.gateway.webrtc!.stats()).toMatchObject({ peers: 1, connected: 1 });
    expect(gw.gateway.supervisor.pids()).toHaveLength(1);
  }, 30_000);

  it('plays again within 5 s each time the camera is killed and comes back (3 times)', async () => {
    const recoveries: number[] = [];
    for (let i = 0; i < 3; i++) {
      await cam.kill();
      await waitState('main', 'down', 10_000);
      const down = (await info('main'))!;
      expect(down.reason).toBe('stalled');
      await cam.restart();
      const t0 = Date.now();
      await waitState('main', 'playing', 10_000);
      recoveries.push(Date.now() - t0);
      const a = (await info('main'))!;
      await sleep(500);
      expect((await info('main'))!.frames).toBeGreaterThan(a.frames);
    }
    console.log(`[webrtc] playing again after the camera returned: ${recoveries.join(', ')} ms`);
    for (const ms of recoveries) expect(ms).toBeLessThan(5_000);
  }, 60_000);

  it('leaves no peer, session, ffmpeg or live count after 200 create/destroy cycles', async () => {
    await page.evaluate(() => window.__iocWebrtc.stop('main'));
    const t0 = Date.now();
    const r = await page.evaluate((u) => window.__iocWebrtc.cycle(u, 200), whepUrl);
    console.log(`[webrtc] 200 cycles in ${Date.now() - t0} ms, ${r.firstFrames}/8 played to a first frame`);
    expect(r.maxLive).toBe(1);
    expect(r.firstFrames).toBe(8);
    expect(await page.evaluate(() => window.__iocWebrtc.counts())).toEqual({ players: 0, videos: 0, hlsInstances: 0, cameraViews: 0, streamSubscriptions: 0, peers: 0 });
    // As the loop ends, offers and DELETEs are in flight: a player destroyed while the gateway
    // answered ends that session once the answer is in. The gateway drains within moments.
    const until = Date.now() + 5_000;
    const busy = () => {
      const s = gw.gateway.webrtc!.stats();
      return s.peers + s.settingUp + s.portsInUse > 0;
    };
    while (busy() && Date.now() < until) await sleep(50);
    expect(gw.gateway.webrtc!.stats()).toEqual({ peers: 0, connected: 0, byStream: {}, settingUp: 0, portsInUse: 0 });
    expect(gw.gateway.supervisor.holds('cam-1', 'main')).toBe(0);
    await sleep(IDLE_MS + 1_500);
    expect(gw.gateway.supervisor.pids()).toEqual([]);
    expect((await leftovers(gw.dir)).ffmpeg).toEqual([]);
    expect(pageErrors).toEqual([]);
  }, 60_000);

  it("reports 'down' with reason 'ice-failed' within iceTimeoutMs when nothing answers at the announced address", async () => {
    // A gateway behind a (wrong) 1:1 NAT address: the browser's checks go nowhere.
    const bad = await startGateway({ interfaces: ['127.0.0.1'], host: '203.0.113.7', portRange: { min: 24400, max: 24499 }, peerTimeoutMs: 7_000 });
    const t0 = Date.now();
    await page.evaluate((u) => window.__iocWebrtc.start('ice', u, { iceTimeoutMs: 3_000 }), `${bad.url}/whep/${token()}/cam-1/main`);
    await waitState('ice', 'down', 6_000);
    const elapsed = Date.now() - t0;
    const s = (await info('ice'))!;
    console.log(`[webrtc] ice-failed reported after ${elapsed} ms`);
    expect(s.reason).toBe('ice-failed');
    expect(elapsed).toBeLessThan(3_000 + 1_500);
    await page.evaluate(() => window.__iocWebrtc.stop('ice'));
    // The gateway's side of each attempt times out too.
    const until = Date.now() + 5_000;
    while (bad.gateway.webrtc!.stats().peers > 0 && Date.now() < until) await sleep(100);
    expect(bad.gateway.webrtc!.stats().peers).toBe(0);
  }, 30_000);
});

declare global {
  interface Window {
    __iocWebrtc: WebrtcTestApi;
  }
}
