import { readFileSync } from 'node:fs';
import type { Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pixels } from '../support/page-pixels';
import { startConsoleStack, type ConsoleStack } from '../support/console-stack';

/**
 * The duty officer's journey in the console, all real: the controller, the media gateway with
 * its GStreamer camera (cam-bridge) and the fake ONVIF PTZ dome (cam-dome), the 9 command-room
 * screen pages, and the console in Chromium. The officer escalates a camera picked on the wall
 * mimic, the command screens frame it in red, acknowledges and closes it, the earlier command
 * wall comes back, and the clip downloads; then steers the PTZ dome with its live preview.
 */
const VIEW = { width: 320, height: 180 };
const SCREENS = [0, 1, 2].flatMap((row) => [0, 1, 2].map((col) => ({ col, row })));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let stack: ConsoleStack;
let duty: Page;
const screens: Page[] = [];
const downloads: Download[] = [];

const wallVersion = async (): Promise<number> => ((await stack.api('GET', '/api/walls/command/state')).body as { version: number }).version;

/** Every command screen draws the wall's current version. */
async function settled(): Promise<number> {
  const v = await wallVersion();
  await Promise.all(screens.map((p) => p.waitForFunction((want) => window.__wall?.scene().version === want, v, { timeout: 20_000, polling: 100 })));
  return v;
}

/** What each command screen draws: its tiles by id and kind (the scene, not pixels). */
const sceneTiles = () =>
  Promise.all(screens.map((p) => p.evaluate(() => window.__wall!.scene().tiles.map((t) => `${t.id}:${t.kind}`).sort())));

/** Is the pixel a clear red (the escalation frame), not the grid's grey or white? */
const isRed = (p: number[]) => p[0]! > 150 && p[0]! - p[1]! > 90 && p[0]! - p[2]! > 90;

/** The frame's left and top edges on screen (0,0), a few times (it pulses while unacknowledged). */
async function frameSamples(n: number): Promise<number[][][]> {
  const out: number[][][] = [];
  for (let i = 0; i < n; i++) {
    out.push(await pixels(screens[0]!, [{ x: 1, y: 120 }, { x: 200, y: 1 }]));
    await sleep(250);
  }
  return out;
}

beforeAll(async () => {
  stack = await startConsoleStack({ name: 'duty', onvif: true });
  // A district to choose by, and both cameras on the monitoring wall (tiles to pick from the mimic).
  expect((await stack.api('PATCH', '/api/cameras/cam-bridge', { district: 'Hải Châu' })).status).toBe(200);
  const cam = (id: string, x: number, cameraId: string) => ({ id, rect: { x, y: 0, w: 1, h: 1 }, source: { kind: 'camera', cameraId }, z: 0 });
  const mon = await stack.api('POST', '/api/walls/monitoring/apply', { tiles: [cam('mon-bridge', 0, 'cam-bridge'), cam('mon-dome', 1, 'cam-dome')] });
  expect(mon.status, JSON.stringify(mon.body)).toBe(200);
  // Static tiles beneath the escalation on the command wall.
  expect((await stack.api('POST', '/api/walls/command/apply', { layoutId: 'cmd-calibration' })).status).toBe(200);
  screens.push(
    ...(await Promise.all(
      SCREENS.map(async ({ col, row }) => {
        const page = await stack.browser.newPage({ viewport: VIEW });
        page.on('pageerror', (e) => stack.problems.push(`screen ${col},${row}: ${e.message}`));
        await page.goto(`${stack.url}/wall/?renderer=canvas&fps=20&lang=en&wall=command&col=${col}&row=${row}`, { timeout: 120_000 });
        return page;
      }),
    )),
  );
  await settled();
  duty = await stack.signIn('duty-officer', { lang: 'en', hash: '#duty' });
  duty.on('download', (d) => downloads.push(d));
  await duty.locator('[data-workspace="duty"]').waitFor();
}, 240_000);

afterAll(async () => {
  await stack?.close();
});

describe('duty officer workspace', () => {
  let escalationId = '';
  let before: string[][] = [];

  it('chooses a camera by district and by search', async () => {
    await duty.locator('#duty-district').selectOption('Hải Châu');
    await expect.poll(() => duty.locator('.duty-camera').evaluateAll((els) => els.map((e) => e.getAttribute('data-camera-id')))).toEqual(['cam-bridge']);
    await duty.locator('#duty-district').selectOption('');
    await duty.locator('#duty-camera-search').fill('dome');
    await expect.poll(() => duty.locator('.duty-camera').evaluateAll((els) => els.map((e) => e.getAttribute('data-camera-id')))).toEqual(['cam-dome']);
    await duty.locator('#duty-camera-search').fill('');
  });

  it('escalates cam-bridge picked on the monitoring wall mimic; the command screens frame it in red', async () => {
    before = await sceneTiles();
    const v0 = await wallVersion();
    await duty.locator('.mimic[data-wall-id="monitoring"] .mimic-tile[data-camera-id="cam-bridge"]').click();
    await duty.locator('.duty-selected[data-camera-id="cam-bridge"]').waitFor();
    // Nothing filled in: each field says what is wrong, in place.
    await duty.locator('#duty-escalate').click();
    await expect.poll(() => duty.locator('.field-error[data-field="reason"]').textContent()).toContain('Reason');
    expect(await duty.locator('.field-error[data-field="priority"]').textContent()).toContain('Priority');
    expect(await duty.locator('.duty-queue .duty-escalation').count()).toBe(0);

    await duty.locator('#duty-reason').fill('Traffic accident on the bridge, 2 cars');
    await duty.locator('label:has(#duty-priority-2)').click();
    await duty.locator('#duty-escalate').click();
    const item = duty.locator('.duty-queue .duty-escalation[data-camera-id="cam-bridge"]');
    await item.waitFor();
    escalationId = (await item.getAttribute('data-escalation-id'))!;
    expect(await item.getAttribute('data-state')).toBe('open');
    expect(await item.textContent()).toContain('Traffic accident on the bridge, 2 cars');
    expect(await item.textContent()).toContain('e2e-duty-officer');

    // The command wall: a new version, the incident over the top-left 2x2 screens, framed in red.
    const v = await settled();
    expect(v).toBe(v0 + 1);
    for (const [i, p] of screens.entries()) {
      const { col, row } = SCREENS[i]!;
      const kinds = await p.evaluate(() => window.__wall!.scene().tiles.map((t) => t.kind));
      expect(kinds.includes('incident'), `screen ${col},${row}`).toBe(col < 2 && row < 2);
    }
    const pulsing = await frameSamples(6);
    expect(pulsing.some((s) => s.every(isRed)), JSON.stringify(pulsing)).toBe(true);
    // The console's own mimic of the command wall shows it too, and the age ticks.
    await duty.locator('.mimic[data-wall-id="command"] .mimic-incident[data-escalation-id="' + escalationId + '"]').waitFor();
    const age1 = await item.locator('.duty-age').textContent();
    await expect.poll(() => item.locator('.duty-age').textContent(), { timeout: 5_000 }).not.toBe(age1);
    await duty.evaluate(() => window.scrollTo(0, 0));
    await stack.shot(duty, 'duty-escalation-open-en');
  });

  it('shows the same open escalation in Vietnamese', async () => {
    const vi = await stack.signIn('duty-officer', { lang: 'vi', hash: '#duty' });
    const viItem = vi.locator(`.duty-queue .duty-escalation[data-escalation-id="${escalationId}"]`);
    await viItem.waitFor();
    expect(await vi.locator('#duty-queue-title').textContent()).toContain('Sự cố đang mở');
    expect(await viItem.locator('.duty-state').textContent()).toBe('Đang mở');
    await vi.locator('.duty-camera[data-camera-id="cam-bridge"]').click();
    await vi.locator('.duty-preview[data-state="playing"]').waitFor({ timeout: 20_000 });
    await vi.evaluate(() => window.scrollTo(0, 0));
    await stack.shot(vi, 'duty-escalation-open-vi');
    await vi.close();
  });

  it('acknowledges (the frame stops pulsing) and closes with a note: the earlier command wall is back', async () => {
    const item = duty.locator(`.duty-queue .duty-escalation[data-escalation-id="${escalationId}"]`);
    await item.locator('.duty-ack').click();
    await expect.poll(() => item.getAttribute('data-state')).toBe('acknowledged');
    await settled();
    const state = (await stack.api('GET', '/api/walls/command/state')).body as { incident: { escalations: { id: string; acknowledged: boolean }[] } | null };
    expect(state.incident?.escalations).toEqual([expect.objectContaining({ id: escalationId, acknowledged: true })]);
    const steady = await frameSamples(3);
    for (const s of steady) expect(s.every(isRed), JSON.stringify(steady)).toBe(true);

    await item.locator('.duty-close-open').click();
    await item.locator('.duty-close-note').fill('Tow truck cleared the lane');
    await item.locator('.duty-close-confirm').click();
    await duty.locator(`.duty-recent .duty-escalation[data-escalation-id="${escalationId}"]`).waitFor();
    expect(await duty.locator('.duty-queue .duty-escalation').count()).toBe(0);
    expect(await duty.locator(`.duty-recent [data-escalation-id="${escalationId}"]`).textContent()).toContain('Tow truck cleared the lane');

    await settled();
    expect(await sceneTiles()).toEqual(before);
    expect(((await stack.api('GET', '/api/walls/command/state')).body as { incident: unknown }).incident).toBeNull();
    await duty.locator('.mimic[data-wall-id="command"] .mimic-incident').waitFor({ state: 'detached' });
  });

  it('downloads the clip (retrying while the gateway still finishes it): an MP4', async () => {
    const item = duty.locator(`.duty-recent .duty-escalation[data-escalation-id="${escalationId}"]`);
    const button = item.locator('button.duty-clip');
    const end = Date.now() + 40_000;
    const seen: string[] = [];
    while (downloads.length === 0) {
      expect(Date.now() < end, `no clip after 40 s; the console showed ${seen.join(', ')}`).toBe(true);
      await button.click();
      // The button is busy while the clip is fetched, then offers a retry or says it is saved.
      await item.locator('button.duty-clip:not([aria-busy="true"])').waitFor({ timeout: 30_000 });
      const code = await item.locator('.error-note').getAttribute('data-code', { timeout: 200 }).catch(() => null);
      if (code) {
        seen.push(code);
        expect(code).toBe('CLIP_NOT_READY');
        expect(await button.textContent()).toBe('Retry download');
        await sleep(1_000);
        continue;
      }
      await expect.poll(() => downloads.length, { timeout: 10_000 }).toBeGreaterThan(0);
    }
    const d = downloads[0]!;
    expect(d.suggestedFilename()).toBe(`escalation-${escalationId}.mp4`);
    const file = readFileSync((await d.path())!);
    expect(file.length).toBeGreaterThan(10_000);
    expect(file.subarray(4, 8).toString('latin1')).toBe('ftyp');
    await item.locator('.duty-saved').waitFor();
  }, 60_000);

  it('steers the PTZ dome: press-and-hold moves it, release stops it, arrow keys too, and presets; the live preview plays', async () => {
    const onvif = stack.onvif!;
    await duty.locator('.mimic[data-wall-id="monitoring"] .mimic-tile[data-camera-id="cam-dome"]').click();
    const selected = duty.locator('.duty-selected[data-camera-id="cam-dome"]');
    await selected.waitFor();
    const preview = selected.locator('.duty-preview[data-camera-id="cam-dome"]');
    await preview.locator('xpath=self::*[@data-state="playing"]').waitFor({ timeout: 20_000 });
    const t0 = await preview.locator('video').evaluate((v: HTMLVideoElement) => ({ w: v.videoWidth, t: v.currentTime }));
    expect(t0.w).toBeGreaterThan(0);
    await expect.poll(() => preview.locator('video').evaluate((v: HTMLVideoElement) => v.currentTime), { timeout: 10_000 }).toBeGreaterThan(t0.t);

    // Press and hold "pan right", then release.
    onvif.ptzCalls.length = 0;
    const right = selected.locator('button[data-ptz="right"]');
    await right.hover();
    await duty.mouse.down();
    await expect.poll(() => onvif.ptzCalls.find((c) => c.op === 'ContinuousMove'), { timeout: 15_000 }).toMatchObject({ op: 'ContinuousMove', y: 0, zoom: 0 });
    const move = onvif.ptzCalls.find((c) => c.op === 'ContinuousMove') as { x: number };
    expect(move.x).toBeGreaterThan(0);
    expect(await right.getAttribute('aria-pressed')).toBe('true');
    await duty.mouse.up();
    await expect.poll(() => onvif.ptzCalls.at(-1)?.op, { timeout: 15_000 }).toBe('Stop');
    expect(await right.getAttribute('aria-pressed')).toBe('false');

    // The keyboard: an arrow key held on the pad tilts, released stops.
    onvif.ptzCalls.length = 0;
    await selected.locator('button[data-ptz="up"]').focus();
    await duty.keyboard.down('ArrowUp');
    await expect.poll(() => onvif.ptzCalls.find((c) => c.op === 'ContinuousMove'), { timeout: 15_000 }).toMatchObject({ x: 0, zoom: 0 });
    expect((onvif.ptzCalls.find((c) => c.op === 'ContinuousMove') as { y: number }).y).toBeGreaterThan(0);
    await duty.keyboard.up('ArrowUp');
    await expect.poll(() => onvif.ptzCalls.at(-1)?.op, { timeout: 15_000 }).toBe('Stop');

    // Presets from the device, "go to" one.
    onvif.ptzCalls.length = 0;
    const preset = selected.locator('.duty-presets li[data-preset-token="2"]');
    await preset.waitFor();
    expect(await preset.textContent()).toContain('Cong chinh');
    await preset.locator('button').click();
    await expect.poll(() => onvif.ptzCalls, { timeout: 15_000 }).toEqual([expect.objectContaining({ op: 'GotoPreset', presetToken: '2' })]);
    await duty.evaluate(() => window.scrollTo(0, 0));
    await stack.shot(duty, 'duty-ptz-en');

    // A fixed camera has no PTZ controls at all; its own preview replaces the dome's.
    await duty.locator('.duty-camera[data-camera-id="cam-bridge"]').click();
    await duty.locator('.duty-selected[data-camera-id="cam-bridge"]').waitFor();
    expect(await duty.locator('.duty-ptz').count()).toBe(0);
    expect(await duty.locator('.duty-preview').count()).toBe(1);
    expect(stack.problems).toEqual([]);
  });
});
