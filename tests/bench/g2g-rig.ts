/**
 * The glass-to-glass rig, shared by the media bench and tests/e2e/g2g-barcode-camera.test.ts:
 * barcode RTSP camera (GStreamer, tests/support/rtsp-server.py --barcode) -> real gateway
 * (ffmpeg remux `-c copy` to 1 s fMP4 HLS) -> the wall's HlsPlayer in headless Chromium
 * (tests/bench/g2g-page.ts). Every camera id the rig knows maps to the one barcode camera, so
 * each id is its own gateway stream (its own ffmpeg and RTSP session).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { signToken } from '@ioc/protocol/signed-token';
import { createGateway, loadGatewayConfig, StaticCameraCatalog, type Gateway } from '@ioc/media-gateway';
import { launchChromium } from '../support/chromium';
import { RtspCamera } from '../support/rtsp-camera';
import { serveTestPage } from '../support/test-page';
import type { ClockReading, FirstFrame, G2gPageApi, Transport } from './g2g-page';

const SECRET = 'g2g-rig-secret-0123456789-abcdefghijkl';
const silent = { debug() {}, info() {}, warn() {}, error() {} };

export interface G2gRigOptions {
  width: number;
  height: number;
  fps: number;
  bitrateKbps?: number;
  /** Camera ids served (all from the one barcode camera). */
  cameraIds: string[];
  /** One camera encoder for every RTSP session, as a real camera always encoding. */
  shared?: boolean;
}

export interface G2gRig {
  gateway: Gateway;
  camera: RtspCamera;
  page: Page;
  streamUrl(cameraId: string): string;
  /** The camera's WHEP endpoint at the gateway. */
  whepUrl(cameraId: string): string;
  /** Creates a player for the camera (see g2g-page `firstFrame`); HLS unless told otherwise. */
  firstFrame(cameraId: string, timeoutMs: number, keepAs?: string, transport?: Transport): Promise<FirstFrame>;
  g2g(keptAs: string, ms: number): Promise<ClockReading>;
  release(keptAs?: string): Promise<void>;
  /** Stops the gateway's stream for the camera, so that the next viewer starts it cold. */
  stopStream(cameraId: string): Promise<void>;
  /** The gateway has the camera's stream live (a segment written). */
  isStreaming(cameraId: string): boolean;
  pageErrors: string[];
  close(): Promise<void>;
}

export async function startG2gRig(o: G2gRigOptions): Promise<G2gRig> {
  const cleanups: (() => Promise<void> | void)[] = [];
  const close = async () => {
    for (const c of cleanups.splice(0).reverse()) await Promise.resolve(c()).catch(() => undefined);
  };
  try {
    const testPage = await serveTestPage(resolve(import.meta.dirname, 'g2g-page.ts'));
    cleanups.push(() => testPage.close());

    const camera = await RtspCamera.start({
      width: o.width, height: o.height, fps: o.fps, bitrateKbps: o.bitrateKbps ?? 1500, barcode: true, shared: o.shared ?? false,
    });
    cleanups.push(() => camera.stop());

    const hlsDir = await mkdtemp(join(tmpdir(), 'ioc-g2g-hls-'));
    cleanups.push(() => rm(hlsDir, { recursive: true, force: true }));
    const config = loadGatewayConfig(
      {
        http: { host: '127.0.0.1', port: 0 },
        media: { secret: SECRET },
        hls: { dir: hlsDir, startWaitMs: 20_000 },
        demo: { cameras: false },
        // Browser and gateway share the host: loopback candidates, ports apart from the test suites'.
        webrtc: { interfaces: ['127.0.0.1'], portRange: { min: 42500, max: 42999 } },
      },
      {},
    );
    const cameras = new StaticCameraCatalog(o.cameraIds.map((id) => ({ id, name: id, main: camera.url() })));
    const gateway = createGateway({ config, cameras, log: silent });
    const { url } = await gateway.start();
    // gateway.close() stops every ffmpeg it started.
    cleanups.push(() => gateway.close());
    const token = signToken(SECRET, { aud: 'media', sub: 'g2g-rig', res: ['*'], exp: Math.floor(Date.now() / 1000) + 3600 });
    const streamUrl = (id: string) => `${url}/hls/${token}/${id}/main/index.m3u8`;
    const whepUrl = (id: string) => `${url}/whep/${token}/${id}/main`;

    const browser: Browser = await launchChromium();
    cleanups.push(() => browser.close());
    const pageErrors: string[] = [];
    const pageUrl = testPage.url;
    const page = await browser.newPage({ viewport: { width: 640, height: 360 } });
    // Serialized callbacks from esbuild-transpiled code may call __name.
    await page.addInitScript('globalThis.__name = (f) => f');
    page.on('pageerror', (e) => pageErrors.push(e.message));
    // The gateway marks segments cacheable: without this, a player started next to the g2g
    // viewer would get its segments from the HTTP cache, not as a viewer on another screen.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await page.goto(pageUrl);
    await page.waitForFunction(() => '__g2g' in globalThis);

    return {
      gateway,
      camera,
      page,
      streamUrl,
      whepUrl,
      pageErrors,
      firstFrame: (id, timeoutMs, keepAs, transport = 'hls') =>
        page.evaluate(({ u, t, k, tr }) => window.__g2g.firstFrame(u, t, k, tr), { u: transport === 'webrtc' ? whepUrl(id) : streamUrl(id), t: timeoutMs, k: keepAs, tr: transport }),
      g2g: (keptAs, ms) => page.evaluate(({ k, m }) => window.__g2g.g2g(k, m), { k: keptAs, m: ms }),
      release: (keptAs) => page.evaluate((k) => window.__g2g.release(k ?? undefined), keptAs ?? null),
      stopStream: (id) => gateway.supervisor.stop(`${id}/main`),
      isStreaming: (id) => gateway.supervisor.get(id, 'main')?.status.state === 'live',
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}

declare global {
  interface Window {
    __g2g: G2gPageApi;
  }
}

export function percentile(xs: number[], p: number): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * p))]!;
}
