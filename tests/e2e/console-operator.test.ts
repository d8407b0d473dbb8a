import type { Page, WebSocketRoute } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cropsForScreen } from '@ioc/layout-presets';
import type { Tile, WallSpec } from '@ioc/protocol';
import { startConsoleStack, type ConsoleStack } from '../support/console-stack';

/**
 * The operator's journeys in the console, all real: the controller, the media gateway with its
 * GStreamer camera (cam-bridge), three screen pages of the monitoring wall (corners and middle)
 * and the console in Chromium. The operator switches the wall by a preset click and by a number
 * key, undoes, drags a camera onto a tile (that screen plays it) and swaps two tiles; a second
 * operator whose console missed a push gets the conflict message instead of overwriting.
 */
const VIEW = { width: 320, height: 180 };
const SCREENS = [
  { col: 0, row: 0 },
  { col: 4, row: 1 },
  { col: 8, row: 2 },
];

let stack: ConsoleStack;
let op: Page;
let wall: WallSpec;
const screens: Page[] = [];

interface StateBody {
  version: number;
  layoutId: string | null;
  tiles: Tile[];
}
const wallState = async (): Promise<StateBody> => (await stack.api('GET', '/api/walls/monitoring/state')).body as StateBody;
const layoutTiles = async (id: string): Promise<Tile[]> =>
  ((await stack.api('GET', '/api/layouts?wallId=monitoring')).body as { id: string; tiles: Tile[] }[]).find((l) => l.id === id)!.tiles;

/** Every screen page draws `version`, and exactly the tiles of `tiles` that fall on it. */
async function screensDraw(version: number, tiles: readonly Tile[]): Promise<void> {
  await Promise.all(screens.map((p) => p.waitForFunction((v) => window.__wall?.scene().version === v, version, { timeout: 20_000, polling: 100 })));
  for (const [i, p] of screens.entries()) {
    const { col, row } = SCREENS[i]!;
    const drawn = await p.evaluate(() => window.__wall!.scene().tiles.map((t) => t.id).sort());
    expect(drawn, `screen ${col},${row}`).toEqual(cropsForScreen(wall, tiles, col, row).map((c) => c.tileId).sort());
  }
}

const mimic = (page: Page) => page.locator('.mimic[data-wall-id="monitoring"]');
const mimicVersion = async (page: Page) => Number(await mimic(page).getAttribute('data-version'));
const presetIds = (page: Page) => page.locator('.preset-card').evaluateAll((els) => els.map((e) => e.getAttribute('data-layout-id')!));

/**
 * A pointer drag with real movement in steps (dnd-kit starts a drag after a few px);
 * `midway` runs while the pointer is held halfway.
 */
async function drag(page: Page, from: string, to: string, midway?: () => Promise<void>): Promise<void> {
  const a = (await page.locator(from).boundingBox())!;
  const b = (await page.locator(to).boundingBox())!;
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(a.x + a.width / 2 + 8, a.y + a.height / 2 + 8, { steps: 4 });
  if (midway) {
    await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 8 });
    await midway();
  }
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 15 });
  await page.mouse.move(b.x + b.width / 2 + 1, b.y + b.height / 2 + 1, { steps: 2 });
  await page.mouse.up();
}

beforeAll(async () => {
  stack = await startConsoleStack({ name: 'operator' });
  expect((await stack.api('PATCH', '/api/cameras/cam-bridge', { district: 'Hải Châu' })).status).toBe(200);
  wall = ((await stack.api('GET', '/api/walls/monitoring')).body as WallSpec);
  expect((await stack.api('POST', '/api/walls/monitoring/apply', { layoutId: 'mon-overview' }, 'operator')).status).toBe(200);
  screens.push(
    ...(await Promise.all(
      SCREENS.map(async ({ col, row }) => {
        const page = await stack.browser.newPage({ viewport: VIEW });
        page.on('pageerror', (e) => stack.problems.push(`screen ${col},${row}: ${e.message}`));
        await page.goto(`${stack.url}/wall/?renderer=canvas&fps=20&lang=en&wall=monitoring&col=${col}&row=${row}`);
        return page;
      }),
    )),
  );
  const s = await wallState();
  await screensDraw(s.version, s.tiles);
  op = await stack.signIn('operator', { lang: 'en', hash: '#operator' });
  await op.locator('[data-workspace="operator"]').waitFor();
}, 180_000);

afterAll(async () => {
  await stack?.close();
});

describe('operator workspace', () => {
  it('switches the monitoring wall by a preset click, then by a number key; undo brings the previous layout back', async () => {
    await op.locator('.wall-tabs [data-wall-id="monitoring"]').click();
    const v0 = (await wallState()).version;
    await expect.poll(() => mimicVersion(op)).toBe(v0);
    // Every screen position is paired or not: the summary counts the three screen pages.
    await expect.poll(() => op.locator('.sync-summary').getAttribute('data-in-sync')).toBe('3');
    expect(await op.locator('.sync-summary').getAttribute('data-offline')).toBe('0');
    await stack.shot(op, 'operator-en');

    // One click on a preset.
    await op.locator('.preset-card[data-layout-id="mon-cameras-4"]').click();
    await expect.poll(async () => (await wallState()).version).toBe(v0 + 1);
    expect((await wallState()).layoutId).toBe('mon-cameras-4');
    await screensDraw(v0 + 1, await layoutTiles('mon-cameras-4'));
    await expect.poll(() => mimicVersion(op)).toBe(v0 + 1);
    await op.locator('.preset-card[data-layout-id="mon-cameras-4"][aria-current="true"]').waitFor();

    // A number key: the n-th preset of the wall (not while typing in the search field).
    const ids = await presetIds(op);
    const n = ids.indexOf('mon-calibration') + 1;
    expect(n).toBeGreaterThan(0);
    expect(n).toBeLessThanOrEqual(9);
    await op.locator('#op-source-search').fill('x');
    await op.locator('#op-source-search').press(String(n));
    await op.waitForTimeout(500);
    expect((await wallState()).version, 'a digit typed in the search field switches nothing').toBe(v0 + 1);
    await op.locator('#op-source-search').fill('');
    await op.locator('.preset-panel h2').click();
    await op.keyboard.press(String(n));
    await expect.poll(async () => (await wallState()).version).toBe(v0 + 2);
    expect((await wallState()).layoutId).toBe('mon-calibration');
    await screensDraw(v0 + 2, await layoutTiles('mon-calibration'));

    // Undo: the preset before comes back on the screens, as a new version.
    await op.locator('#op-undo').click();
    await expect.poll(async () => (await wallState()).version).toBe(v0 + 3);
    const undone = await wallState();
    expect(undone.layoutId).toBe('mon-cameras-4');
    await screensDraw(v0 + 3, await layoutTiles('mon-cameras-4'));
    await expect.poll(() => mimicVersion(op)).toBe(v0 + 3);
  }, 60_000);

  it('drags cam-bridge (found by district) onto a tile: that screen plays it; then swaps two tiles by dragging', async () => {
    await op.locator('#op-source-search').fill('hai chau');
    await expect.poll(() => op.locator('.source-item.kind-camera').evaluateAll((els) => els.map((e) => e.getAttribute('data-camera-id')))).toEqual(['cam-bridge']);
    const start = await wallState();
    // A tile of screen (0,0): the top-left one of mon-cameras-4.
    const target = start.tiles.find((t) => t.rect.x === 0 && t.rect.y === 0)!;
    // Pushes arrive while the drag is under way: the same tiles applied again (a new version:
    // its wallState push, then the screens' acks as wallSync pushes) and a command-wall switch.
    let before = start;
    await drag(op, '.source-item[data-camera-id="cam-bridge"]', `.mimic-tile[data-tile-id="${target.id}"]`, async () => {
      expect(await op.locator('.drag-chip').textContent()).toBe('Saigon bridge');
      expect((await stack.api('POST', '/api/walls/monitoring/apply', { tiles: start.tiles, ifVersion: start.version }, 'operator')).status).toBe(200);
      expect((await stack.api('POST', '/api/walls/command/apply', { layoutId: 'cmd-quad' }, 'operator')).status).toBe(200);
      before = await wallState();
      await screensDraw(before.version, before.tiles);
      await expect.poll(() => mimicVersion(op)).toBe(before.version);
      await op.waitForTimeout(300);
      expect(await op.locator('.drag-chip').count(), 'the drag is still under way').toBe(1);
    });
    // The drop applied over the version the console showed when it landed.
    await expect.poll(async () => (await wallState()).version).toBe(before.version + 1);
    const after = await wallState();
    expect(after.tiles.find((t) => t.id === target.id)!.source).toEqual({ kind: 'camera', cameraId: 'cam-bridge' });
    expect(after.tiles.filter((t) => t.id !== target.id)).toEqual(before.tiles.filter((t) => t.id !== target.id));
    await screensDraw(after.version, after.tiles);
    await op.locator(`.mimic-tile[data-tile-id="${target.id}"][data-camera-id="cam-bridge"]`).waitFor();

    // Screen (0,0) plays the camera: its video advances, at the camera's size.
    const screen = screens[0]!;
    const playing = (id: string) => {
      const t = window.__wallVideo?.tiles().find((x) => x.cameraId === id);
      return t?.state === 'playing' && !t.overlayVisible && t.currentTime > 0;
    };
    await screen.waitForFunction(playing, 'cam-bridge', { timeout: 40_000, polling: 200 });
    const tileOf = () => screen.evaluate(() => window.__wallVideo!.tiles().find((x) => x.cameraId === 'cam-bridge')!);
    const a = await tileOf();
    await op.waitForTimeout(1500);
    const b = await tileOf();
    expect(b.tileId).toBe(target.id);
    expect(b.currentTime).toBeGreaterThan(a.currentTime + 0.5);
    expect([b.videoWidth, b.videoHeight]).toEqual([640, 360]);
    await screen.screenshot({ path: 'tests/artifacts/console/operator-screen-0-0-cam-bridge.png' });

    // The console's thumbnail of that tile shows the camera's snapshot.
    await op.locator(`.mimic-tile[data-tile-id="${target.id}"] .thumb-camera[data-thumb-state="picture"] img`).waitFor({ timeout: 20_000 });
    await stack.shot(op, 'operator-en-camera-dropped');

    // Swap: drag that tile onto its right-hand neighbour; sources trade places, places stay.
    const right = after.tiles.find((t) => t.rect.x === target.rect.w && t.rect.y === 0)!;
    await op.locator('#op-source-search').fill('');
    await drag(op, `.mimic-tile[data-tile-id="${target.id}"]`, `.mimic-tile[data-tile-id="${right.id}"]`);
    await expect.poll(async () => (await wallState()).version).toBe(after.version + 1);
    const swapped = await wallState();
    expect(swapped.tiles.find((t) => t.id === right.id)!.source).toEqual({ kind: 'camera', cameraId: 'cam-bridge' });
    expect(swapped.tiles.find((t) => t.id === target.id)!.source).toEqual(right.source);
    expect(swapped.tiles.map((t) => t.rect)).toEqual(after.tiles.map((t) => t.rect));
    await screensDraw(swapped.version, swapped.tiles);
  }, 90_000);

  it('places a widget with the keyboard only: select a source, then a tile, Enter', async () => {
    const before = await wallState();
    const target = before.tiles.find((t) => t.rect.x === 4 && t.rect.y === 1)!;
    await op.locator('#op-source-search').fill('line');
    const widget = op.locator('.source-item.kind-widget').first();
    await widget.focus();
    await op.keyboard.press('Enter');
    expect(await widget.getAttribute('aria-pressed')).toBe('true');
    await op.locator(`.mimic-tile[data-tile-id="${target.id}"]`).focus();
    await op.keyboard.press('Enter');
    await expect.poll(async () => (await wallState()).version).toBe(before.version + 1);
    const after = await wallState();
    expect(after.tiles.find((t) => t.id === target.id)!.source).toMatchObject({ kind: 'widget', view: 'line-chart' });
    await screensDraw(after.version, after.tiles);
    await op.locator('#op-source-search').fill('');
  }, 40_000);

  it('saves the current wall as a new preset', async () => {
    await op.locator('#op-save-open').click();
    await op.locator('#op-save-name').fill('Cầu và biểu đồ');
    await op.locator('#op-save-name').press('Enter');
    const card = op.locator('.preset-card', { hasText: 'Cầu và biểu đồ' });
    await card.waitFor();
    const id = await card.getAttribute('data-layout-id');
    const saved = (await stack.api('GET', '/api/layouts?wallId=monitoring')).body as { id: string; tiles: Tile[] }[];
    expect(saved.find((l) => l.id === id)!.tiles).toEqual((await wallState()).tiles);
  });

  it('a second operator whose console missed the push gets VERSION_CONFLICT in place, and nothing is overwritten', async () => {
    // A second console (same operator account, another desk), its live link routed through here
    // from the start so that the controller's socket.io events (not its pings) can be held back.
    const second = await stack.browser.newPage({ viewport: { width: 1600, height: 1000 } });
    second.on('pageerror', (e) => stack.problems.push(`second console: ${e.message}`));
    let hold = false;
    let upgraded = false;
    await second.routeWebSocket(/\/socket\.io\//, (ws: WebSocketRoute) => {
      const server = ws.connectToServer();
      server.onMessage((m) => {
        if (hold && typeof m === 'string' && m.startsWith('4')) return;
        ws.send(m);
      });
      ws.onMessage((m) => {
        // Engine.io's "5": the client moved its live link from long-polling onto this WebSocket.
        if (m === '5') upgraded = true;
        server.send(m);
      });
    });
    await second.goto(`${stack.url}/console/#operator`);
    await second.locator('.language-switch button[lang="en"]').first().click();
    await second.locator('#login-username').fill(stack.users.operator.username);
    await second.locator('#login-password').fill(stack.users.operator.password);
    await second.locator('#login-password').press('Enter');
    await second.locator('[data-workspace="operator"]').waitFor();
    await second.locator('.wall-tabs [data-wall-id="monitoring"]').click();
    const seen = (await wallState()).version;
    await expect.poll(() => mimicVersion(second)).toBe(seen);
    await expect.poll(() => upgraded, { timeout: 10_000 }).toBe(true);
    await second.waitForTimeout(300);
    hold = true;

    // The first operator switches meanwhile (over the API, with the version both saw).
    const first = await stack.api('POST', '/api/walls/monitoring/apply', { layoutId: 'mon-cameras-9', ifVersion: seen }, 'operator');
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    await screensDraw(seen + 1, await layoutTiles('mon-cameras-9'));
    expect(await mimicVersion(second), 'the second console has not heard of it').toBe(seen);

    // The second one clicks a preset with the version it sees: refused, said in place.
    await second.locator('.preset-card[data-layout-id="mon-cameras-16"]').click();
    const note = second.locator('.preset-panel .error-note[data-code="VERSION_CONFLICT"]');
    await note.waitFor();
    expect(await note.textContent()).toContain('Someone else changed this wall first');
    // Its mimic then shows the newer version; the wall keeps the first operator's layout.
    await expect.poll(() => mimicVersion(second)).toBe(seen + 1);
    const s = await wallState();
    expect([s.version, s.layoutId]).toEqual([seen + 1, 'mon-cameras-9']);
    await stack.shot(second, 'operator-en-conflict');
    hold = false;
    await second.close();
  }, 90_000);

  it('is in Vietnamese for a Vietnamese operator (screenshot), and no page had an error', async () => {
    const vi = await stack.signIn('operator', { lang: 'vi', hash: '#operator' });
    await vi.locator('[data-workspace="operator"] .preset-card').first().waitFor();
    await vi.locator('.wall-tabs [data-wall-id="monitoring"]').click();
    const text = await vi.locator('[data-workspace="operator"]').innerText();
    expect(text).toContain('Bố cục mẫu');
    expect(text).toContain('Hoàn tác lần chuyển cuối');
    for (const english of ['Presets', 'Sources', 'Undo', 'Save as', 'screens show', 'Search by']) expect(text).not.toContain(english);
    await stack.shot(vi, 'operator-vi');
    await vi.locator('.wall-tabs [data-wall-id="command"]').click();
    await vi.locator('.mimic[data-wall-id="command"]').waitFor();
    await stack.shot(vi, 'operator-vi-command');
    await vi.close();
    expect(stack.problems).toEqual([]);
  }, 60_000);
});
