import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../tests/support/chromium';
import { RtspCamera } from '../../tests/support/rtsp-camera';
import { StaticCameraCatalog } from './catalog';
import { startHarness, type Harness } from './test-harness';

// The gateway's output as a plain hls.js page sees it, in real Chromium: fMP4, codecs from the
// init segment, live playlist. (The wall's video tile has its own, fuller suite.)
const hlsJs = readFileSync(createRequire(import.meta.url).resolve('hls.js/dist/hls.min.js'), 'utf8');
const PAGE = '<!doctype html><video id="v" muted autoplay playsinline></video><script src="/test/hls.js"></script>';

let cam: RtspCamera;
let h: Harness;
let browser: Browser;

beforeAll(async () => {
  cam = await RtspCamera.start({ width: 640, height: 360 });
  h = await startHarness(new StaticCameraCatalog([{ id: 'cam-1', name: 'Gate', main: cam.url() }]), {}, (app) => {
    // Exercises the mount hook other parts use to add routes to the gateway.
    app.get('/test/page', (_req, res) => void res.type('html').send(PAGE));
    app.get('/test/hls.js', (_req, res) => void res.type('js').send(hlsJs));
  });
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await h?.close();
  await cam?.stop();
});

describe('hls.js in Chromium', () => {
  it('plays the live stream: time advances at the camera size', async () => {
    const page = await browser.newPage();
    await page.goto(`${h.url}/test/page`);
    const src = `${h.url}/hls/${h.token(['cam-1'])}/cam-1/main/index.m3u8`;
    await page.evaluate((url) => {
      const w = window as unknown as { Hls: new (cfg: object) => { loadSource(u: string): void; attachMedia(v: HTMLVideoElement): void } };
      const hls = new w.Hls({ liveSyncDuration: 2 });
      hls.loadSource(url);
      hls.attachMedia(document.getElementById('v') as HTMLVideoElement);
    }, src);
    await page.waitForFunction(() => (document.getElementById('v') as HTMLVideoElement).currentTime > 0.5, null, { timeout: 20_000 });
    const t1 = await page.evaluate(() => (document.getElementById('v') as HTMLVideoElement).currentTime);
    await page.waitForFunction((t) => (document.getElementById('v') as HTMLVideoElement).currentTime > t + 1.5, t1, { timeout: 15_000 });
    const v = await page.evaluate(() => {
      const el = document.getElementById('v') as HTMLVideoElement;
      return { w: el.videoWidth, h: el.videoHeight };
    });
    expect(v.w).toBe(640);
    expect(v.h).toBe(360);
    await page.close();
  }, 60_000);
});
