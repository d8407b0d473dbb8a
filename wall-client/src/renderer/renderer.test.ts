import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMAND_WALL, cropsForScreen } from '@ioc/layout-presets';
import type { Tile, WallSpec } from '@ioc/protocol';
import { launchChromium } from '../../../tests/support/chromium';
import { pixels } from '../../../tests/support/page-pixels';
import { ControllerDouble } from '../core/test-controller-double';
import type { WallDebugHook } from './debug-hook';
import { GRID_PITCH } from './tiles/test-pattern-constants';

const here = dirname(fileURLToPath(import.meta.url));
const clientRoot = join(here, '..', '..');
const dist = join(clientRoot, 'dist');
const artifacts = join(clientRoot, '..', 'tests', 'artifacts', 'wall-client');
const WALL: WallSpec = { ...COMMAND_WALL, bezel: { left: 20, right: 20, top: 20, bottom: 20 } };
const VIEW = { width: 960, height: 540 };
const SCALE = VIEW.width / WALL.screenWidth;
const TYPES: Record<string, string> = {
  '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.woff2': 'font/woff2', '.woff': 'font/woff', '.map': 'application/json',
};

const TILES: Tile[] = [
  { id: 'grid', rect: { x: 0, y: 0, w: 2, h: 0.7 }, source: { kind: 'test-pattern', pattern: 'grid' }, z: 0 },
  { id: 'banner', rect: { x: 0.5, y: 0.7, w: 1, h: 0.3 }, source: { kind: 'label', text: 'Trung tâm IOC · Đắk Lắk', background: '#8b0000' }, z: 0 },
  { id: 'clock', rect: { x: 1.5, y: 0.7, w: 0.5, h: 0.3 }, source: { kind: 'clock', timeZone: 'Asia/Ho_Chi_Minh' }, z: 1 },
  { id: 'clock-left', rect: { x: 0, y: 0.7, w: 0.5, h: 0.3 }, source: { kind: 'clock', showDate: true }, z: 0 },
];

let ctl: ControllerDouble;
let browser: Browser;

function serveDist(req: IncomingMessage, res: ServerResponse): boolean {
  const url = new URL(req.url ?? '/', 'http://x');
  if (!url.pathname.startsWith('/wall/')) return false;
  const rel = normalize(url.pathname.slice('/wall/'.length) || 'index.html');
  const file = join(dist, rel);
  if (!file.startsWith(dist) || !existsSync(file)) {
    res.statusCode = 404;
    res.end();
    return true;
  }
  res.setHeader('content-type', TYPES[extname(file)] ?? 'application/octet-stream');
  res.end(readFileSync(file));
  return true;
}

async function openScreen(query: string): Promise<Page> {
  const page = await browser.newPage({ viewport: VIEW });
  page.on('pageerror', (e) => console.error('[page error]', e.message));
  await page.goto(`${ctl.url}/wall/?renderer=canvas&${query}`);
  await page.waitForFunction(() => window.__wall !== undefined, undefined, { timeout: 20_000 });
  return page;
}

const wallState = (page: Page) => page.evaluate(() => (window.__wall as WallDebugHook).getState());

const isCyan = ([r, g, b]: number[]) => (r ?? 255) < 90 && (g ?? 0) > 150 && (b ?? 0) > 170;
const isDark = ([r, g, b]: number[]) => (r ?? 255) < 40 && (g ?? 255) < 40 && (b ?? 255) < 40;

/** Whether a vertical grid line shows near screen-px x at screen-px y (antialiasing: ±2 px). */
async function lineNear(page: Page, x: number, y: number): Promise<boolean> {
  const sx = Math.round(x * SCALE);
  const sy = Math.round(y * SCALE);
  const px = await pixels(page, [-2, -1, 0, 1, 2].map((d) => ({ x: sx + d, y: sy })));
  return px.some(isCyan);
}

beforeAll(async () => {
  execFileSync(process.execPath, [join(clientRoot, 'scripts', 'build.mjs')], { stdio: 'pipe' });
  mkdirSync(artifacts, { recursive: true });
  ctl = new ControllerDouble({ walls: [WALL], autoPair: true, serve: serveDist });
  await ctl.start();
  browser = await launchChromium();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await ctl?.close();
});

describe('wall renderer in Chromium', () => {
  it('shows a large pairing code on an unplaced screen', async () => {
    const page = await openScreen('');
    await page.waitForFunction(() => window.__wall?.pairingCode() != null, undefined, { timeout: 15_000 });
    const code = await page.evaluate(() => window.__wall!.pairingCode());
    const state = await wallState(page);
    expect(code).toBe(state.pairing?.code);
    expect(code).toMatch(/^\d{6}$/);
    const texts = await page.evaluate(() => window.__wall!.texts());
    expect(texts.some((t) => t.replace(/ /g, '') === code)).toBe(true);
    expect(texts.join('\n')).toContain('Waiting for a technician');
    expect(await page.evaluate(() => window.__wall!.renderer())).toBe('canvas');
    await page.screenshot({ path: join(artifacts, 'pairing.png') });
    await page.close();
  });

  it('picks the canvas renderer by itself where WebGL is software (headless, --disable-gpu), and says why', async () => {
    const page = await browser.newPage({ viewport: VIEW });
    await page.goto(`${ctl.url}/wall/`);
    await page.waitForFunction(() => window.__wall !== undefined, undefined, { timeout: 20_000 });
    const chosen = await page.evaluate(() => ({ name: window.__wall!.renderer(), reason: window.__wall!.rendererReason() }));
    console.log(`[renderer] ${chosen.name}: ${chosen.reason}`);
    expect(chosen.name).toBe('canvas');
    expect(chosen.reason).toMatch(/^(software WebGL|no WebGL)/);
    await page.close();
  });

  it('switches two adjacent screens at activateAt and keeps the grid continuous across the bezel', async () => {
    const left = await openScreen('wall=command&col=0&row=0');
    const right = await openScreen('wall=command&col=1&row=0');
    for (const p of [left, right]) {
      await p.waitForFunction(() => window.__wall!.getState().identity.wall !== null && window.__wall!.getState().rttMs !== null, undefined, { timeout: 15_000 });
    }
    const state = ctl.apply('command', TILES, 1500);
    // Received but not yet drawn: the new scene waits for activateAt.
    await left.waitForFunction((v) => window.__wall!.getState().pending?.version === v, state.version, { timeout: 5000 });
    expect((await left.evaluate(() => window.__wall!.scene())).version).toBeNull();
    for (const p of [left, right]) {
      await p.waitForFunction((v) => window.__wall!.scene().version === v, state.version, { timeout: 10_000 });
    }
    const acks = ctl.acks.filter((a) => a.version === state.version);
    expect(acks.map((a) => a.screenId).sort()).toEqual(['command-0-0', 'command-1-0']);
    for (const a of acks) {
      const appliedOnController = a.appliedAt + (a.clockOffsetMs ?? 0);
      expect(appliedOnController).toBeGreaterThanOrEqual(state.activateAt - 5);
      expect(appliedOnController - state.activateAt).toBeLessThan(500);
    }
    const leftTiles = (await left.evaluate(() => window.__wall!.scene())).tiles.map((t) => t.id).sort();
    const rightTiles = (await right.evaluate(() => window.__wall!.scene())).tiles.map((t) => t.id).sort();
    expect(leftTiles).toEqual(['banner', 'clock-left', 'grid']);
    expect(rightTiles).toEqual(['banner', 'clock', 'grid']);
    const texts = await right.evaluate(() => window.__wall!.texts());
    expect(texts).toContain('Trung tâm IOC · Đắk Lắk');
    expect(texts.some((t) => /^\d{2}:\d{2}:\d{2}$/.test(t))).toBe(true);

    // Vertical grid lines sit at multiples of GRID_PITCH in tile px; each screen maps them
    // through its own crop (the right one skips the 40 px hidden behind the bezels).
    const [cropL] = cropsForScreen(WALL, TILES, 0, 0);
    const [cropR] = cropsForScreen(WALL, TILES, 1, 0);
    const toScreen = (c: typeof cropL, tileX: number) => tileX - c!.src.x + c!.dest.x;
    const y = 60; // between the first two horizontal lines, clear of the circle and diagonals
    expect(await lineNear(left, toScreen(cropL, 5 * GRID_PITCH), y)).toBe(true);
    expect(await lineNear(right, toScreen(cropR, 20 * GRID_PITCH), y)).toBe(true);
    expect(toScreen(cropR, 20 * GRID_PITCH)).toBe(2400 - 1960);
    // And nothing between lines: the pattern is a grid, not a wash of colour.
    const [between] = await pixels(right, [{ x: Math.round((toScreen(cropR, 20 * GRID_PITCH) + 60) * SCALE), y: Math.round(y * SCALE) }]);
    expect(isDark(between!)).toBe(true);

    await left.screenshot({ path: join(artifacts, 'scene-command-0-0.png') });
    await right.screenshot({ path: join(artifacts, 'scene-command-1-0.png') });

    // A newer version reuses the unchanged tiles and swaps the rest in one go; a kind with no
    // pipe draws a neutral placeholder naming it instead of breaking the scene.
    const before = await right.evaluate(() => window.__wall!.scene());
    const kinds = await right.evaluate(() => window.__wall!.kinds());
    expect(kinds).toEqual(expect.arrayContaining(['label', 'clock', 'test-pattern']));
    const next = ctl.apply('command', [
      TILES[0]!,
      { ...TILES[1]!, source: { kind: 'label', text: 'Sự cố · Incident' } },
      { id: 'img', rect: { x: 1.5, y: 0.7, w: 0.5, h: 0.3 }, source: { kind: 'image', url: 'http://127.0.0.1:9/none.png' }, z: 2 },
    ], 300);
    await right.waitForFunction((v) => window.__wall!.scene().version === v, next.version, { timeout: 10_000 });
    const after = await right.evaluate(() => window.__wall!.texts());
    expect(after).toContain('Sự cố · Incident');
    expect(after).not.toContain('Trung tâm IOC · Đắk Lắk');
    const scene2 = await right.evaluate(() => window.__wall!.scene());
    const serial = (sc: typeof scene2, id: string) => sc.tiles.find((t) => t.id === id)?.serial;
    expect(serial(scene2, 'grid')).toBe(serial(before, 'grid'));
    expect(serial(scene2, 'banner')).not.toBe(serial(before, 'banner'));
    expect(scene2.tiles.map((t) => t.id).sort()).toEqual(['banner', 'grid', 'img']);
    expect(scene2.tiles.every((t) => t.visible)).toBe(true);
    if (!kinds.includes('image')) expect(after).toContain('image');

    // Identify flashes this screen's position.
    ctl.identify('command', 3000);
    await right.waitForFunction(() => window.__wall!.texts().includes('command\n1,0'), undefined, { timeout: 5000 });
    await right.screenshot({ path: join(artifacts, 'identify-command-1-0.png') });
    await left.close();
    await right.close();
  });

  it('moves the calibration pattern live when the bezels change (a `wall` push), keeping the views; a new widget language rebuilds them', async () => {
    const page = await openScreen('wall=command&col=1&row=1');
    await page.waitForFunction(() => window.__wall!.getState().identity.wall !== null, undefined, { timeout: 15_000 });
    const grid: Tile = { id: 'grid', rect: { x: 0, y: 0, w: 3, h: 2 }, source: { kind: 'test-pattern', pattern: 'grid' }, z: 0 };
    const { version } = ctl.apply('command', [grid], 200);
    await page.waitForFunction((v) => window.__wall!.scene().version === v, version, { timeout: 10_000 });
    const before = await page.evaluate(() => window.__wall!.scene());
    const y = 60;
    const lineX = (wall: WallSpec) => {
      const [crop] = cropsForScreen(wall, [grid], 1, 1);
      // The first grid line right of this screen's left edge, in screen px.
      const k = Math.ceil((crop!.src.x + 10) / GRID_PITCH);
      return k * GRID_PITCH - crop!.src.x + crop!.dest.x;
    };
    const wider: WallSpec = { ...WALL, bezel: { left: 50, right: 50, top: 50, bottom: 50 } };
    expect(lineX(wider)).not.toBe(lineX(WALL));
    expect(await lineNear(page, lineX(WALL), y)).toBe(true);
    const t0 = Date.now();
    ctl.pushRaw('command', 'wall', wider);
    await page.waitForFunction(() => window.__wall!.getState().identity.wall?.bezel.left === 50, undefined, { timeout: 1000 });
    await expect.poll(() => lineNear(page, lineX(wider), y), { timeout: 1000 }).toBe(true);
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(await lineNear(page, lineX(WALL), y)).toBe(false);
    const after = await page.evaluate(() => window.__wall!.scene());
    // Moved, not rebuilt, and no reconnect: the same view, the same version.
    expect(after.tiles.find((t) => t.id === 'grid')?.serial).toBe(before.tiles.find((t) => t.id === 'grid')?.serial);
    expect(after.version).toBe(version);
    await page.screenshot({ path: join(artifacts, 'bezel-live-command-1-1.png') });
    // The wall's widget language is part of what the views draw: they are rebuilt with it.
    ctl.pushRaw('command', 'wall', { ...wider, widgetLanguage: 'en' });
    await page.waitForFunction(() => window.__wall!.getState().identity.wall?.widgetLanguage === 'en', undefined, { timeout: 1000 });
    await expect.poll(async () => (await page.evaluate(() => window.__wall!.scene())).tiles.find((t) => t.id === 'grid')?.serial, { timeout: 1000 })
      .not.toBe(after.tiles.find((t) => t.id === 'grid')?.serial);
    ctl.pushRaw('command', 'wall', WALL);
    await page.close();
  });

  it('keeps drawing its last state with an offline dot while the controller is away, then resyncs', async () => {
    const page = await openScreen('wall=command&col=2&row=0');
    await page.waitForFunction(() => window.__wall!.getState().identity.wall !== null, undefined, { timeout: 15_000 });
    const full: Tile = { id: 'grid', rect: { x: 0, y: 0, w: 3, h: 1 }, source: { kind: 'test-pattern', pattern: 'grid' }, z: 0 };
    const { version } = ctl.apply('command', [full], 200);
    await page.waitForFunction((v) => window.__wall!.scene().version === v, version, { timeout: 10_000 });
    expect(await page.evaluate(() => window.__wall!.offlineIndicator())).toBe(false);
    const { port, placed, states } = ctl;
    await ctl.close();
    await page.waitForFunction(() => window.__wall!.offlineIndicator(), undefined, { timeout: 10_000 });
    const offline = await page.evaluate(() => window.__wall!.scene());
    expect(offline.version).toBe(version);
    expect(offline.tiles.map((t) => t.id)).toContain('grid');
    await page.screenshot({ path: join(artifacts, 'offline-command-2-0.png') });

    ctl = new ControllerDouble({ walls: [WALL], autoPair: true, serve: serveDist, port, pushStateOnWelcome: false });
    for (const [k, v] of placed) ctl.placed.set(k, v);
    const back: Tile = { id: 'back', rect: { x: 2, y: 0, w: 1, h: 1 }, source: { kind: 'label', text: 'Đã kết nối lại · Back' }, z: 0 };
    ctl.states.set('command', { ...states.get('command')!, version: version + 1, tiles: [back] });
    await ctl.start();
    await page.waitForFunction((v) => window.__wall!.scene().version === v, version + 1, { timeout: 20_000 });
    expect(ctl.syncs.some((x) => x.knownVersion === version)).toBe(true);
    expect(await page.evaluate(() => window.__wall!.texts())).toContain('Đã kết nối lại · Back');
    await page.waitForFunction(() => !window.__wall!.offlineIndicator(), undefined, { timeout: 5000 });
    await page.close();
  });
});
