import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cropsForScreen, MONITORING_WALL } from '@ioc/layout-presets';
import type { Tile, WallSpec } from '@ioc/protocol';
import { createMemoryStorage, createScreenClient, createTimerScheduler, type ScreenClient } from '@ioc/wall-client';
import { ControllerProcess, freePort } from '../support/controller-process';
import { launchChromium } from '../support/chromium';
import { pixels } from '../support/page-pixels';

/**
 * The backbone end to end: the real controller (its own process, real SQLite file), 36 screens
 * of both walls (4 real Chromium pages running the bundled renderer, 32 Node clients running the
 * same client core), an operator switching layouts over REST, and the controller killed and
 * restarted under the screens.
 */
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const artifacts = join(root, 'tests', 'artifacts', 'e2e');
const BEZEL = { left: 20, right: 20, top: 20, bottom: 20 };
const WALL: WallSpec = { ...MONITORING_WALL, bezel: BEZEL };
const VIEW = { width: 960, height: 540 };
const SCALE = VIEW.width / 1920;
const ADMIN_PASSWORD = 'e2e-admin-password-0001';
const BROWSER_SCREENS = [
  { wallId: 'monitoring', col: 0, row: 0 },
  { wallId: 'monitoring', col: 1, row: 0 },
  { wallId: 'command', col: 0, row: 0 },
  { wallId: 'command', col: 1, row: 0 },
];
const GRID_PITCH = 120;

/** A calibration grid spanning the first two monitoring columns, so it crosses a bezel. */
const SPANNING: Tile[] = [
  { id: 'grid', rect: { x: 0, y: 0, w: 2, h: 1 }, source: { kind: 'test-pattern', pattern: 'grid' }, z: 0 },
  { id: 'banner', rect: { x: 0, y: 1, w: 9, h: 1 }, source: { kind: 'label', text: 'Trung tâm IOC · Đắk Lắk' }, z: 0 },
  { id: 'clock', rect: { x: 2, y: 0, w: 7, h: 1 }, source: { kind: 'clock', timeZone: 'Asia/Ho_Chi_Minh' }, z: 0 },
];

let dir: string;
let ctl: ControllerProcess;
let browser: Browser;
const pages: Page[] = [];
const nodes: ScreenClient[] = [];
let operator = '';

async function api(method: string, path: string, body?: unknown, token = operator) {
  const res = await fetch(ctl.url + path, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function login(username: string, password: string): Promise<string> {
  const r = await api('POST', '/api/auth/login', { username, password }, '');
  expect(r.status).toBe(200);
  return r.body.token as string;
}

const pageVersion = (p: Page) => p.evaluate(() => window.__wall!.scene().version);
const pageConnection = (p: Page) => p.evaluate(() => window.__wall!.getState().connection);

async function until(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

/** Every screen of both walls draws `versions[wall]`, and the controller says each is in sync. */
async function allApplied(versions: Record<string, number>): Promise<void> {
  await until('all 36 screens to apply', async () => {
    for (const n of nodes) {
      const s = n.store.getState();
      if (s.current?.version !== versions[s.identity.wallId ?? '']) return false;
    }
    for (const [i, p] of pages.entries()) {
      if ((await pageVersion(p)) !== versions[BROWSER_SCREENS[i]!.wallId]) return false;
    }
    return true;
  });
  for (const [wallId, version] of Object.entries(versions)) {
    await until(`${wallId} sync to report every screen in sync`, async () => {
      const sync = await api('GET', `/api/walls/${wallId}/sync`);
      const screens = sync.body.screens as { inSync: boolean; ackedVersion: number | null }[];
      return sync.body.version === version && screens.length > 0 && screens.every((s) => s.inSync && s.ackedVersion === version);
    });
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ioc-e2e-'));
  mkdirSync(artifacts, { recursive: true });
  if (!existsSync(join(root, 'wall-client', 'dist', 'wall.js'))) {
    execFileSync(process.execPath, [join(root, 'wall-client', 'scripts', 'build.mjs')], { stdio: 'pipe' });
  }
  const config = join(dir, 'ioc.config.json');
  writeFileSync(config, JSON.stringify({ walls: { bezel: BEZEL } }));
  ctl = new ControllerProcess(await freePort(), {
    IOC_CONFIG: config,
    IOC_DB_PATH: join(dir, 'ioc.sqlite'),
    IOC_ADMIN_PASSWORD: ADMIN_PASSWORD,
    IOC_DEMO: 'true',
  });
  await ctl.start();
  const admin = await login('admin', ADMIN_PASSWORD);
  const created = await api('POST', '/api/users', { username: 'op1', password: 'operator-password-1', roles: ['operator'] }, admin);
  expect(created.status).toBe(201);
  operator = await login('op1', 'operator-password-1');

  browser = await launchChromium();
  for (const s of BROWSER_SCREENS) {
    const page = await browser.newPage({ viewport: VIEW });
    page.on('pageerror', (e) => console.error('[page error]', e.message));
    // fps=20 leaves CPU to the rest of the suite; the switch still lands on the activation frame.
    await page.goto(`${ctl.url}/wall/?renderer=canvas&fps=20&wall=${s.wallId}&col=${s.col}&row=${s.row}`);
    // The page installs its debug hook only after pixi and the fonts are ready, which on a busy
    // machine comes after the load event that goto waits for.
    await page.waitForFunction(() => window.__wall !== undefined, undefined, { timeout: 30_000 });
    pages.push(page);
  }
  for (const wall of [{ id: 'monitoring', cols: 9, rows: 3 }, { id: 'command', cols: 3, rows: 3 }]) {
    for (let row = 0; row < wall.rows; row++) {
      for (let col = 0; col < wall.cols; col++) {
        if (BROWSER_SCREENS.some((s) => s.wallId === wall.id && s.col === col && s.row === row)) continue;
        const client = createScreenClient({
          controllerUrl: ctl.url,
          storage: createMemoryStorage(),
          scheduler: createTimerScheduler(),
          demoPosition: { wallId: wall.id, col, row },
          hostname: `node-${wall.id}-${col}-${row}`,
        });
        nodes.push(client);
        await client.start();
      }
    }
  }
  expect(nodes.length + pages.length).toBe(36);
  await until('all screens online', async () => {
    if (!nodes.every((n) => n.store.getState().connection === 'online')) return false;
    for (const p of pages) if ((await pageConnection(p)) !== 'online') return false;
    return true;
  }, 60_000);
}, 180_000);

afterAll(async () => {
  for (const n of nodes) n.close();
  await browser?.close();
  await ctl?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('backbone: a layout switch on 36 screens', () => {
  it('an operator applies layouts over REST and every screen of both walls acks the new version', async () => {
    const mon = await api('POST', '/api/walls/monitoring/apply', { layoutId: 'mon-clock-labels', reason: 'e2e: morning shift' });
    const cmd = await api('POST', '/api/walls/command/apply', { layoutId: 'cmd-default' });
    expect(mon.status).toBe(200);
    expect(cmd.status).toBe(200);
    await allApplied({ monitoring: mon.body.version as number, command: cmd.body.version as number });

    // The switch happened at activateAt on every screen (corrected by its own clock offset).
    const applied = nodes
      .filter((n) => n.store.getState().identity.wallId === 'monitoring')
      .map((n) => (n.store.getState().lastAppliedAt ?? 0) + n.store.getState().clockOffsetMs);
    expect(applied.length).toBe(25);
    const activateAt = mon.body.activateAt as number;
    expect(Math.min(...applied)).toBeGreaterThanOrEqual(activateAt - 2);
    expect(Math.max(...applied) - Math.min(...applied)).toBeLessThan(250);

    const audit = await api('GET', '/api/walls/monitoring/history?limit=1');
    expect(JSON.stringify(audit.body)).toContain('e2e: morning shift');
  }, 60_000);

  it('keeps a spanning tile continuous across the bezel between two adjacent screens', async () => {
    const r = await api('POST', '/api/walls/monitoring/apply', { tiles: SPANNING, reason: 'e2e: calibration' });
    expect(r.status).toBe(200);
    const [left, right] = pages as [Page, Page];
    for (const p of [left, right]) {
      await p.waitForFunction((v) => window.__wall!.scene().version === v, r.body.version, { timeout: 15_000 });
    }
    await left.screenshot({ path: join(artifacts, 'bezel-monitoring-0-0.png') });
    await right.screenshot({ path: join(artifacts, 'bezel-monitoring-1-0.png') });

    const [cropL] = cropsForScreen(WALL, SPANNING, 0, 0);
    const [cropR] = cropsForScreen(WALL, SPANNING, 1, 0);
    expect(cropR!.src.x - (cropL!.src.x + cropL!.src.w)).toBe(BEZEL.left + BEZEL.right);
    const isCyan = ([r, g, b]: number[]) => (r ?? 255) < 90 && (g ?? 0) > 150 && (b ?? 0) > 170;
    const lineAt = async (page: Page, screenX: number, y = 60) => {
      const px = await pixels(page, [-2, -1, 0, 1, 2].map((d) => ({ x: Math.round(screenX * SCALE) + d, y: Math.round(y * SCALE) })));
      return px.some(isCyan);
    };
    // Tile px 1800 is on the left screen at x 1800; tile px 2400 is on the right screen at x 440:
    // 2400 - 1920 (left panel) - 40 (the two bezels, hidden). Without bezel compensation it would
    // sit at 480.
    expect(await lineAt(left, 1800)).toBe(true);
    expect(await lineAt(right, 2400 - 1920 - 40)).toBe(true);
    expect(await lineAt(right, 2400 - 1920)).toBe(false);
    // The two diagonals cross in the bezel (tile px 1940): on each side of it they are still apart.
    const tileW = 2 * 1920 + 40;
    const diagY = (tileX: number) => (tileX * 1080) / tileW;
    const isYellow = ([r, g, b]: number[]) => (r ?? 0) > 180 && (g ?? 0) > 150 && (b ?? 255) < 90;
    const edgeL = 1900;
    const edgeR = 1980 - 1960;
    const [dl] = await pixels(left, [{ x: Math.round(edgeL * SCALE), y: Math.round(diagY(1900) * SCALE) }]);
    const [dr] = await pixels(right, [{ x: Math.round(edgeR * SCALE), y: Math.round(diagY(1980) * SCALE) }]);
    expect(isYellow(dl!)).toBe(true);
    expect(isYellow(dr!)).toBe(true);
    expect(GRID_PITCH).toBe(120);
  }, 60_000);

  it('keeps every screen drawing its last state while the controller is dead, and resyncs after restart', async () => {
    const before = await Promise.all(pages.map(pageVersion));
    const nodeBefore = nodes.map((n) => n.store.getState().current?.version);
    const [left] = pages as [Page];
    const pxBefore = await pixels(left, [{ x: Math.round(1800 * SCALE), y: 30 }]);

    await ctl.kill();
    await until('screens to notice the controller is gone', async () => {
      for (const p of pages) if ((await pageConnection(p)) === 'online') return false;
      return nodes.every((n) => n.store.getState().connection !== 'online');
    });
    await new Promise((r) => setTimeout(r, 2000));
    // Still drawing the same scene, not a blank or an error page.
    expect(await Promise.all(pages.map(pageVersion))).toEqual(before);
    expect(nodes.map((n) => n.store.getState().current?.version)).toEqual(nodeBefore);
    expect(await pixels(left, [{ x: Math.round(1800 * SCALE), y: 30 }])).toEqual(pxBefore);
    const texts = await pages[2]!.evaluate(() => window.__wall!.texts());
    expect(texts.length).toBeGreaterThan(0);
    await left.screenshot({ path: join(artifacts, 'controller-dead-monitoring-0-0.png') });

    await ctl.start();
    await until('screens to reconnect', async () => {
      for (const p of pages) if ((await pageConnection(p)) !== 'online') return false;
      return nodes.every((n) => n.store.getState().connection === 'online');
    }, 40_000);
    // Resynced by version: the controller sees every screen on the version it kept.
    const mon = (await api('GET', '/api/walls/monitoring/state')).body.version as number;
    const cmd = (await api('GET', '/api/walls/command/state')).body.version as number;
    await allApplied({ monitoring: mon, command: cmd });
    // And the restarted controller drives the wall again.
    const next = await api('POST', '/api/walls/command/apply', { layoutId: 'cmd-quad', ifVersion: cmd });
    expect(next.status).toBe(200);
    await allApplied({ monitoring: mon, command: next.body.version as number });
  }, 150_000);
});
