import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/controller-process';
import { launchChromium } from '../support/chromium';

/**
 * What `npm start` gives a newcomer, end to end: the demo script starts the controller and the
 * media gateway (demo cameras, demo IOC feeds); an operator applies the IOC overview; a real
 * browser screen shows live demo video and the field-report dashboard fed by the gateway.
 */
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const artifacts = join(root, 'tests', 'artifacts', 'e2e');
const ADMIN_PASSWORD = 'quick-start-admin-pass-1';

let dir: string;
let demo: ChildProcess;
let output = '';
let url = '';
let browser: Browser;

async function until(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}\n${output.slice(-3000)}`);
}

async function openScreen(col: number, row: number): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 960, height: 540 } });
  page.on('pageerror', (e) => console.error('[page error]', e.message));
  await page.goto(`${url}/wall/?renderer=canvas&fps=20&lang=vi&wall=monitoring&col=${col}&row=${row}`);
  await page.waitForFunction(() => window.__wall?.getState().connection === 'online', undefined, { timeout: 30_000 });
  return page;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ioc-quickstart-'));
  mkdirSync(artifacts, { recursive: true });
  const [httpPort, gatewayPort] = [await freePort(), await freePort()];
  url = `http://127.0.0.1:${httpPort}`;
  demo = spawn(process.execPath, ['--import', 'tsx', join(root, 'scripts', 'start-demo.ts')], {
    cwd: root,
    env: {
      ...process.env,
      IOC_DATA_DIR: dir,
      IOC_HTTP_PORT: String(httpPort),
      IOC_GATEWAY_PORT: String(gatewayPort),
      IOC_HLS_DIR: join(dir, 'hls'),
      IOC_ADMIN_PASSWORD: ADMIN_PASSWORD,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  demo.stdout?.on('data', (b: Buffer) => (output += b.toString()));
  demo.stderr?.on('data', (b: Buffer) => (output += b.toString()));
  // The script announces its URLs once both parts answer.
  await until('the demo to announce itself', async () => output.includes('IOC video wall is running'), 60_000);
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  if (demo && demo.exitCode === null) {
    demo.kill('SIGTERM');
    await once(demo, 'exit');
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('quick start (npm start)', () => {
  it('serves the console and the demo page of both walls', async () => {
    expect((await fetch(`${url}/console/`)).status).toBe(200);
    const page = await fetch(`${url}/wall/demo.html`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('demo.js');
    expect(output).toContain('/wall/demo.html');
    // The media secret stays in the data dir: never printed.
    expect(output).not.toMatch(/IOC_MEDIA_SECRET=\S/);
  });

  it('shows live demo cameras and the IOC dashboards after an operator applies the overview', async () => {
    const login = await fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
    });
    const { token } = (await login.json()) as { token: string };
    const dashboard = await openScreen(0, 1);
    const cameras = await openScreen(6, 0);
    const applied = await fetch(`${url}/api/walls/monitoring/apply`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ layoutId: 'mon-ioc-overview', reason: 'quick-start test' }),
    });
    expect(applied.status).toBe(200);
    const { version } = (await applied.json()) as { version: number };
    for (const p of [dashboard, cameras]) {
      await p.waitForFunction((v) => window.__wall!.scene().version === v, version, { timeout: 20_000 });
    }

    // Field reports from the gateway's demo feed (seeded with the 2021 pilot's 58 reports).
    await until('the field-report dashboard to draw its feed', async () => {
      const texts = await dashboard.evaluate(() => window.__wall!.texts());
      return texts.some((t) => /Buôn Ma Thuột/.test(t));
    }, 30_000).catch(async (err: Error) => {
      throw new Error(`${err.message}\ntexts drawn: ${JSON.stringify(await dashboard.evaluate(() => window.__wall!.texts()))}`);
    });
    await dashboard.screenshot({ path: join(artifacts, 'quick-start-dashboard.png') });

    // The demo cameras play: every camera tile on that screen advances its video time.
    const playing = () =>
      cameras.evaluate(() =>
        (window.__wallVideo?.tiles() ?? []).map((t) => ({ id: t.tileId, time: t.currentTime, w: t.videoWidth, lost: t.overlayVisible })),
      );
    await until('the camera tiles to play', async () => {
      const tiles = await playing();
      return tiles.length === 4 && tiles.every((t) => t.time > 0.5 && t.w > 0 && !t.lost);
    }, 60_000);
    const before = await playing();
    await new Promise((r) => setTimeout(r, 3000));
    const after = await playing();
    for (const t of after) expect(t.time).toBeGreaterThan(before.find((b) => b.id === t.id)!.time);
    await cameras.screenshot({ path: join(artifacts, 'quick-start-cameras.png') });
    await Promise.all([dashboard.close(), cameras.close()]);
  }, 180_000);

  it('the demo page of both walls (36 screens in one browser) shows every camera playing, none "signal lost"', async () => {
    const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
    await page.goto(`${url}/wall/demo.html`);
    const census = async () => {
      const all: { state: string; lost: boolean; transport: string | null; what: string }[] = [];
      for (const f of page.frames().slice(1)) {
        const t = await f
          .evaluate(() =>
            (window.__wallVideo?.tiles() ?? []).map((x) => ({
              state: x.state,
              lost: x.overlayVisible,
              transport: x.transport,
              what: `${x.cameraId}/${x.profile} ${x.transport} ${x.state}${x.overlayVisible ? ' lost' : ''} stream=${x.streamState} spawns=${x.spawns}`,
            })),
          )
          .catch(() => []);
        all.push(...t);
      }
      return all;
    };
    const started = Date.now();
    let tiles = await census();
    const healthy = (ts: typeof tiles) => ts.filter((t) => t.state === 'playing' && !t.lost).length;
    while (Date.now() - started < 90_000 && (tiles.length < 60 || healthy(tiles) < tiles.length)) {
      await new Promise((r) => setTimeout(r, 2000));
      tiles = await census();
    }
    const byTransport = tiles.reduce<Record<string, number>>((m, t) => ({ ...m, [t.transport ?? 'none']: (m[t.transport ?? 'none'] ?? 0) + 1 }), {});
    console.log(`[quick-start] demo page: ${healthy(tiles)}/${tiles.length} camera tiles playing after ${Date.now() - started} ms ${JSON.stringify(byTransport)}`);
    const unhealthy = tiles.filter((t) => t.state !== 'playing' || t.lost).map((t) => t.what);
    if (unhealthy.length > 0) console.log(`[quick-start] not playing:\n  ${unhealthy.join('\n  ')}`);
    await page.screenshot({ path: join(artifacts, 'quick-start-demo-page.png') });
    // The default layouts put 78 camera tiles on the two walls.
    expect(tiles.length).toBeGreaterThanOrEqual(60);
    expect(healthy(tiles)).toBe(tiles.length);
    await page.close();
  }, 150_000);
});
