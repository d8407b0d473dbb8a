import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Tile } from '@ioc/protocol';
import { startConsoleStack, type ConsoleStack } from '../support/console-stack';
import { pixels } from '../support/page-pixels';
import { decodePng } from '../support/png';

/**
 * The technician's journeys in the console, all real: the controller, the media gateway with its
 * GStreamer camera, screen pages of the command wall (3x3) in Chromium and the console. The
 * technician pairs a new screen by the code it shows, puts the calibration pattern up and moves a
 * bezel (the grid moves on the screens), takes a screenshot of a screen, replaces a closed screen
 * by a new device, and adds a camera by RTSP URL that goes live with its snapshot.
 */
const WALL = 'command';
/** 1920x1080 panels drawn at a third: the grid's 120 px pitch is 40 page px. */
const VIEW = { width: 640, height: 360 };
const SCALE = VIEW.width / 1920;
const PITCH = 120 * SCALE;

let stack: ConsoleStack;
let tech: Page;
const pattern: Record<string, Page> = {};

interface StateBody {
  version: number;
  layoutId: string | null;
  tiles: Tile[];
}
const wallState = async (): Promise<StateBody> => (await stack.api('GET', `/api/walls/${WALL}/state`)).body as StateBody;
const drawsVersion = (page: Page, version: number, timeout = 15_000) =>
  page.waitForFunction((v) => window.__wall?.scene().version === v, version, { timeout, polling: 50 });
/** A screen page on the (cheaper) canvas renderer; `query` places it, or nothing for a new device. */
async function screenPage(query = ''): Promise<Page> {
  const page = await stack.browser.newPage({ viewport: VIEW });
  page.on('pageerror', (e) => stack.problems.push(`screen ${query}: ${e.message}`));
  await page.goto(`${stack.url}/wall/?renderer=canvas&fps=20&lang=en${query}`);
  return page;
}
/** A new device: the code as its page draws it (read off the page, as a technician reads it off the screen). */
async function unpairedScreen(): Promise<{ page: Page; code: string }> {
  const page = await screenPage();
  await page.waitForFunction(() => Boolean(window.__wall?.pairingCode()), undefined, { timeout: 20_000, polling: 100 });
  return { page, code: (await page.evaluate(() => window.__wall!.pairingCode()))! };
}
const healthRow = (id: string) => tech.locator(`.tech-health-table tr[data-screen-id="${id}"]`);

/** x of each cyan grid line crossing row `y` of a screen page (centres of runs of cyan pixels). */
async function gridLines(page: Page, y: number): Promise<number[]> {
  const xs = Array.from({ length: VIEW.width }, (_, x) => ({ x, y }));
  const px = await pixels(page, xs);
  const cyan = px.map(([r, g, b]) => r! < 110 && g! > 110 && b! > 110 && Math.abs(g! - b!) < 90);
  const lines: number[] = [];
  for (let x = 0; x < cyan.length; x++) {
    if (!cyan[x]) continue;
    let end = x;
    while (end + 1 < cyan.length && cyan[end + 1]) end++;
    lines.push((x + end) / 2);
    x = end;
  }
  return lines;
}
/** Where the grid sits within its pitch: the median phase of the lines, in page px. */
const phase = (lines: number[]): number => {
  const ph = lines.map((x) => ((x % PITCH) + PITCH) % PITCH).sort((a, b) => a - b);
  return ph[Math.floor(ph.length / 2)] ?? Number.NaN;
};
const phaseDistance = (a: number, b: number): number => {
  const d = Math.abs(a - b) % PITCH;
  return Math.min(d, PITCH - d);
};

beforeAll(async () => {
  stack = await startConsoleStack({ name: 'technician' });
  tech = await stack.signIn('technician', { lang: 'en', hash: '#technician' });
  await tech.locator('[data-workspace="technician"] .tech-mimic').waitFor();
  await tech.locator(`.tech-wall-picker button[data-wall-id="${WALL}"]`).click();
  await tech.locator(`.mimic[data-wall-id="${WALL}"]`).waitFor();
}, 120_000);

afterAll(async () => {
  await stack?.close();
});

describe('the technician workspace', () => {
  it('pairs a new screen by the code it shows, at a position chosen on the mimic: the screen draws its slice', async () => {
    // The controller lists what the page shows; the console is told by push.
    const { page: fresh, code: shown } = await unpairedScreen();
    expect(shown).toMatch(/^[A-Z2-9]{6}$/);
    await tech.locator(`.tech-pending li[data-code="${shown}"]`).waitFor();

    await tech.locator('.tech-mimic-cell.empty[data-col="0"][data-row="0"]').click();
    expect(await tech.locator('#tech-pair-wall').inputValue()).toBe(WALL);
    expect(await tech.locator('#tech-pair-col').inputValue()).toBe('0');
    expect(await tech.locator('#tech-pair-row').inputValue()).toBe('0');
    // Typed as a technician would, in lower case; the console normalises it.
    await tech.locator('#tech-pair-code').pressSequentially(shown.toLowerCase());
    expect(await tech.locator('#tech-pair-code').inputValue()).toBe(shown);
    await stack.shot(tech, 'technician-pair-en');
    await tech.locator('#tech-pair-submit').click();
    await tech.locator('#tech-pair-done').waitFor();

    const { version } = await wallState();
    await drawsVersion(fresh, version);
    const identity = await fresh.evaluate(() => window.__wall!.getState().identity);
    expect(identity).toMatchObject({ wallId: WALL, col: 0, row: 0, screenId: `${WALL}-0-0` });
    expect(await fresh.evaluate(() => window.__wall!.pairingCode())).toBeNull();
    // The console: the code is no longer pending, the position is a screen in sync.
    await tech.locator(`.tech-pending li[data-code="${shown}"]`).waitFor({ state: 'detached' });
    await tech.locator(`.mimic[data-wall-id="${WALL}"] .mimic-screen[data-col="0"][data-row="0"][data-status="inSync"]`).waitFor();
    await healthRow(`${WALL}-0-0`).waitFor();

    // Identify: the new screen shows its position.
    await tech.locator('#tech-identify').click();
    await fresh.waitForFunction(() => (window.__wall?.texts() ?? []).some((x) => x.includes(`command\n0,0`)), undefined, { timeout: 10_000, polling: 50 });
    await stack.shot(tech, 'technician-screens-en');
  });

  it('puts the calibration pattern up (after asking), and a bezel change moves the grid on the screens', async () => {
    const before = await wallState();
    for (const col of [1, 2]) pattern[col] = await screenPage(`&wall=${WALL}&col=${col}&row=1`);
    for (const p of Object.values(pattern)) await drawsVersion(p, before.version, 30_000);

    await tech.locator('#tech-pattern').click();
    // Nothing changes before the technician confirms.
    await tech.locator('#tech-pattern-confirm').waitFor();
    expect((await wallState()).version).toBe(before.version);
    await tech.locator('#tech-pattern-confirm button.primary').click();
    await tech.locator('#tech-restore').waitFor();
    const up = await wallState();
    expect(up.version).toBe(before.version + 1);
    expect(up.tiles.every((t) => t.source.kind === 'test-pattern')).toBe(true);
    for (const p of Object.values(pattern)) await drawsVersion(p, up.version);
    expect(await pattern[2]!.evaluate(() => window.__wall!.scene().tiles.map((t) => t.kind))).toEqual(['test-pattern']);

    // Row y = 20 page px: between two horizontal lines (row 1 starts at wall y 1080, a multiple of the pitch).
    const y = 20;
    const lines0 = { 1: await gridLines(pattern[1]!, y), 2: await gridLines(pattern[2]!, y) };
    expect(lines0[2].length).toBeGreaterThan(10);
    expect(phaseDistance(phase(lines0[2]), 0)).toBeLessThan(3);

    // 30 px of right bezel on every panel: screen 2 starts 60 wall px further right, so the grid
    // on it moves 60 px left (of a 120 px pitch); on screen 1, 30 px.
    await tech.locator('#tech-bezel-right').fill('30');
    await pattern[2]!.waitForFunction(() => window.__wall?.getState().identity.wall?.bezel.right === 30, undefined, { timeout: 5_000, polling: 50 });
    let lines1 = lines0;
    const end = Date.now() + 5_000;
    do {
      lines1 = { 1: await gridLines(pattern[1]!, y), 2: await gridLines(pattern[2]!, y) };
    } while (phaseDistance(phase(lines1[2]), phase(lines0[2])) < 3 && Date.now() < end);
    expect(phaseDistance(phase(lines1[2]), phase(lines0[2]) - 60 * SCALE)).toBeLessThan(3);
    expect(phaseDistance(phase(lines1[1]), phase(lines0[1]) - 30 * SCALE)).toBeLessThan(3);
    expect((await stack.api('GET', `/api/walls/${WALL}`)).body.bezel).toMatchObject({ right: 30, left: 0 });
    expect(await tech.locator('.tech-saving').textContent()).toContain('right 30');
    // The widgets' language is a wall setting of the same panel.
    await tech.locator('#tech-widget-language').selectOption('en');
    await pattern[1]!.waitForFunction(() => window.__wall?.getState().identity.wall?.widgetLanguage === 'en', undefined, { timeout: 10_000, polling: 50 });
    expect((await stack.api('GET', `/api/walls/${WALL}`)).body.widgetLanguage).toBe('en');
    await stack.shot(tech, 'technician-calibration-en');
    await stack.shot(pattern[2]!, 'technician-calibration-screen-2-1');
  });

  it('takes a screenshot of a screen and shows the PNG in the console', async () => {
    const id = `${WALL}-2-1`;
    await healthRow(id).locator('.tech-screenshot').click();
    const img = tech.locator(`#tech-screenshot[data-screen-id="${id}"] img`);
    await img.waitFor();
    await tech.waitForFunction(() => {
      const i = document.querySelector<HTMLImageElement>('#tech-screenshot img');
      return Boolean(i?.complete && i.naturalWidth > 0);
    });
    // What the console shows: the picture's own pixels (drawn from the blob: URL it holds).
    const shown = await img.evaluate((el: HTMLImageElement, yFrac: number) => {
      const c = document.createElement('canvas');
      c.width = el.naturalWidth;
      c.height = el.naturalHeight;
      const ctx = c.getContext('2d')!;
      ctx.drawImage(el, 0, 0);
      const row = ctx.getImageData(0, Math.round(c.height * yFrac), c.width, 1).data;
      let cyan = 0;
      for (let i = 0; i < row.length; i += 4) if (row[i]! < 110 && row[i + 1]! > 110 && row[i + 2]! > 110) cyan++;
      return { w: el.naturalWidth, h: el.naturalHeight, src: el.src.slice(0, 5), cyan };
    }, 20 / VIEW.height);
    expect(shown.src).toBe('blob:');
    expect(Math.abs(shown.w / shown.h - 16 / 9)).toBeLessThan(0.05);
    // It is the pattern the screen shows: cyan grid lines cross the row.
    expect(shown.cyan).toBeGreaterThan(5);
    // And it is the PNG the screen sent, as the controller keeps it.
    const login = await stack.api('POST', '/api/auth/login', stack.users.technician);
    const list = (await stack.api('GET', `/api/screens/${id}/screenshots`, undefined, 'technician')).body as { n: number; width: number; height: number }[];
    const last = list.at(-1)!;
    const res = await fetch(`${stack.url}/api/screens/${id}/screenshots/${last.n}`, { headers: { authorization: `Bearer ${login.body.token as string}` } });
    const png = decodePng(Buffer.from(await res.arrayBuffer()));
    expect([png.width, png.height]).toEqual([shown.w, shown.h]);
    expect(await tech.locator('#tech-screenshot').getAttribute('data-width')).toBe(String(png.width));
    await tech.locator('#tech-screenshot').scrollIntoViewIfNeeded();
    await stack.shot(tech, 'technician-screenshot-en');
  });

  it('takes the pattern down again: the layout from before is back', async () => {
    const up = await wallState();
    await tech.locator('#tech-restore').click();
    await tech.locator('#tech-pattern').waitFor();
    const back = await wallState();
    expect(back.version).toBe(up.version + 1);
    expect(back.tiles.some((t) => t.source.kind === 'test-pattern')).toBe(false);
    await drawsVersion(pattern[1]!, back.version);
  });

  it('replaces a broken screen: its position moves to a new device', async () => {
    const id = `${WALL}-2-1`;
    await pattern[2]!.close();
    await healthRow(id).locator('[data-state="offline"]').waitFor({ timeout: 15_000 });
    const { page: fresh, code } = await unpairedScreen();

    await tech.locator('#tech-replace-screen').selectOption(id);
    await tech.locator(`#tech-replace-code option[value="${code}"]`).waitFor({ state: 'attached' });
    await tech.locator('#tech-replace-code').selectOption(code);
    await stack.shot(tech, 'technician-replace-en');
    await tech.locator('#tech-replace-submit').click();
    await tech.locator('#tech-replace-done').waitFor();

    const { version } = await wallState();
    await drawsVersion(fresh, version);
    expect(await fresh.evaluate(() => window.__wall!.getState().identity)).toMatchObject({ wallId: WALL, col: 2, row: 1, screenId: id });
    await healthRow(id).locator('[data-state="inSync"]').waitFor({ timeout: 15_000 });
  });

  it('adds a camera by RTSP URL (password write-only) and sees it live with its snapshot', async () => {
    await tech.locator('#tech-tab-cameras').click();
    await tech.locator('tr[data-camera-id="cam-bridge"]').waitFor();
    await tech.locator('#tech-camera-add').click();
    await tech.locator('#tech-camera-id').fill('cam-river');
    await tech.locator('#tech-camera-name').fill('Cổng sông Hàn');
    await tech.locator('#tech-camera-district').fill('Hải Châu');
    await tech.locator('#tech-camera-mainUrl').fill(stack.camera.url('/cam'));
    await tech.locator('#tech-camera-username').fill('viewer');
    expect(await tech.locator('#tech-camera-password').getAttribute('type')).toBe('password');
    await tech.locator('#tech-camera-password').fill('river-secret-1');
    await tech.locator('#tech-camera-save').click();

    const row = tech.locator('tr[data-camera-id="cam-river"]');
    await row.waitFor();
    // The console starts its stream at once: live (not just registered).
    await tech.locator('tr[data-camera-id="cam-river"][data-state="live"]').waitFor({ timeout: 45_000 });
    await row.locator('.tech-badge.stream-live').first().waitFor();
    await tech.waitForFunction(() => {
      const img = document.querySelector<HTMLImageElement>('img.tech-snapshot[data-camera-id="cam-river"]');
      return Boolean(img?.complete && img.naturalWidth > 0);
    }, undefined, { timeout: 30_000, polling: 200 });
    const cam = (await stack.api('GET', '/api/cameras/cam-river')).body as { hasCredentials: boolean; mainUrl: string };
    expect(cam.hasCredentials).toBe(true);
    expect(cam.mainUrl).not.toContain('river-secret-1');
    // Editing shows no stored password.
    await row.locator('.tech-edit').click();
    expect(await tech.locator('#tech-camera-password').inputValue()).toBe('');
    expect(await tech.locator('#tech-camera-id').getAttribute('readonly')).not.toBeNull();
    expect(await tech.content()).not.toContain('river-secret-1');
    await stack.shot(tech, 'technician-cameras-en');
    await tech.locator('.tech-camera-form button[type="button"]').click();
  });

  it('reads in Vietnamese, and the console met no page error or CSP refusal', async () => {
    await tech.locator('.language-switch button[lang="vi"]').first().click();
    await tech.getByText('Thêm bằng địa chỉ RTSP').waitFor();
    expect(await tech.locator('[data-workspace="technician"]').innerText()).not.toContain('Add by RTSP');
    await stack.shot(tech, 'technician-cameras-vi');
    await tech.locator('#tech-tab-screens').click();
    await tech.locator(`.tech-wall-picker button[data-wall-id="${WALL}"]`).click();
    await tech.locator(`.tech-health-table tr[data-screen-id="${WALL}-0-0"]`).waitFor();
    const text = await tech.locator('[data-workspace="technician"]').innerText();
    for (const english of ['Pair a screen', 'Screen health', 'Replace a broken screen', 'Identify screens', 'Bezels', 'Screenshot', 'In sync']) expect(text).not.toContain(english);
    expect(text).toContain('Ghép nối màn hình');
    expect(text).toContain('Tình trạng màn hình');
    await stack.shot(tech, 'technician-screens-vi');
    expect(stack.problems).toEqual([]);
  });
});
