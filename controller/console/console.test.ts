import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import type { Alert } from '@ioc/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../tests/support/chromium';
import { createConsoleApiDouble } from './test-support/console-api-double';

const here = dirname(fileURLToPath(import.meta.url));
const artifacts = join(here, '../../tests/artifacts/console');

describe('operator console in Chromium (against an API double)', () => {
  let browser: Browser;
  let double: ReturnType<typeof createConsoleApiDouble>;
  let base: string;
  const problems: string[] = [];

  beforeAll(async () => {
    execFileSync(process.execPath, [join(here, 'build.mjs')], { stdio: 'pipe' });
    double = createConsoleApiDouble(join(here, 'dist'));
    base = await double.listen();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await double?.close();
  });

  async function signIn(username: string, password: string): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1500, height: 1000 } });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) problems.push(`csp: ${m.text()}`);
    });
    await page.goto(`${base}/console/`);
    await page.getByLabel('User name').fill(username);
    await page.getByLabel('Password').fill(password);
    await page.getByLabel('Password').press('Enter');
    return page;
  }

  it('refuses a wrong password with the controller message, then signs in and shows user and roles', async () => {
    const page = await signIn('op', 'nope');
    await expect.poll(() => page.locator('#login-message').textContent()).toContain('wrong user name or password');
    await page.getByLabel('Password').fill('op-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('#user-name').waitFor();
    expect(await page.locator('#user-name').textContent()).toBe('op');
    expect(await page.locator('#user-roles').textContent()).toBe('operator');
    // The mini-map draws 27 cells and colours them by sync status.
    await page.locator('#live-map .cell[data-status]').nth(26).waitFor();
    expect(await page.locator('#live-map .cell').count()).toBe(27);
    expect(await page.locator('#live-map .cell[data-col="0"][data-row="0"]').getAttribute('data-status')).toBe('offline');
    expect(await page.locator('#live-map .cell[data-col="1"][data-row="0"]').getAttribute('data-status')).toBe('behind');
    expect(await page.locator('#live-map .cell[data-col="8"][data-row="2"]').getAttribute('data-status')).toBe('empty');
    expect(await page.locator('#live-map .cell[data-col="2"][data-row="0"] .badge').textContent()).toBe('v4 in sync');
    expect(await page.locator('#live-map .tile[data-tile-id="cam-1"]').textContent()).toBe('Cam 1 Le Duan');
    // Live: a sync push over the socket recolours the map without a reload.
    await page.waitForFunction(() => document.querySelector('.socket-status')?.textContent === 'Live: online');
    double.pushSync('monitoring', true);
    await page.waitForFunction(() => document.querySelector('#live-map .cell[data-col="0"][data-row="0"]')?.getAttribute('data-status') === 'in-sync');
    await page.close();
  });

  it('applies with {layoutId, ifVersion}, explains a VERSION_CONFLICT, and applies again after review', async () => {
    const page = await signIn('op', 'op-password');
    await page.locator('[data-layout-id="mon-span"]').click();
    await page.locator('#preview-map .tile[data-tile-id="big"]').waitFor();
    double.bumpVersionSilently('monitoring', 'another-operator');
    double.setApplyResponder((_wall, body) =>
      body.ifVersion === 4 ? { status: 409, body: { code: 'VERSION_CONFLICT', message: 'wall monitoring is at v5, not v4', details: { currentVersion: 5 } } } : null,
    );
    await page.getByLabel('Reason (optional)').fill('flooding on Nguyen Tat Thanh');
    await page.getByRole('button', { name: 'Apply to wall' }).click();
    await expect
      .poll(() => page.locator('#apply-message .message-text').textContent())
      .toBe('The wall changed meanwhile (now v5), review and apply again.');
    expect(double.applyBodies.at(-1)).toEqual({ layoutId: 'mon-span', ifVersion: 4, reason: 'flooding on Nguyen Tat Thanh' });
    expect(await page.locator('#seen-version').textContent()).toContain('v5');
    expect(await page.locator('.history-list tbody tr').first().textContent()).toContain('another-operator');

    await page.getByRole('button', { name: 'Apply to wall' }).click();
    await expect.poll(() => page.locator('#apply-message .message-text').textContent()).toMatch(/^Applied “Spanning map” as v6/);
    expect(double.applyBodies.at(-1)).toEqual({ layoutId: 'mon-span', ifVersion: 5, reason: 'flooding on Nguyen Tat Thanh' });
    await page.locator('#live-map .tile[data-tile-id="big"]').waitFor();
    mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: join(artifacts, 'operator-applied.png'), fullPage: true });
    await page.close();
  });

  it('shows a LAYOUT_INVALID message verbatim, with the listed issues', async () => {
    const message = 'tiles[0].rect.x: tile "big" ends at x=10, beyond the wall width 9';
    double.setApplyResponder(() => ({
      status: 400,
      body: { code: 'LAYOUT_INVALID', message, details: { issues: [{ tileId: 'big', field: 'rect.x', message: 'ends at x=10' }, { tileId: 'big', field: 'rect.w', message: 'too wide' }] } },
    }));
    const page = await signIn('op', 'op-password');
    await page.locator('[data-layout-id="mon-quad"]').click();
    await page.getByRole('button', { name: 'Apply to wall' }).click();
    await expect.poll(() => page.locator('#apply-message .message-text').textContent()).toBe(message);
    expect(await page.locator('#apply-message .message-code').textContent()).toBe('LAYOUT_INVALID');
    expect(await page.locator('#apply-message li').allTextContents()).toEqual(['tile big rect.x: ends at x=10', 'tile big rect.w: too wide']);
    expect(await page.locator('#apply-message').getAttribute('role')).toBe('alert');
    await page.screenshot({ path: join(artifacts, 'layout-invalid.png'), fullPage: true });
    double.setApplyResponder(() => null);
    await page.close();
  });

  it('gives a viewer a disabled Apply button that says which role it needs', async () => {
    const page = await signIn('viewer', 'viewer-password');
    await page.locator('#user-name').waitFor();
    await page.locator('[data-layout-id="mon-quad"]').click();
    const apply = page.getByRole('button', { name: 'Apply to wall' });
    expect(await apply.isDisabled()).toBe(true);
    expect(await apply.getAttribute('title')).toBe('Needs the admin or operator role');
    expect(await page.locator('#identify').isDisabled()).toBe(true);
    expect(await page.locator('.role-note').isVisible()).toBe(true);
    // A reload keeps the tab's session rather than asking for the password again.
    await page.reload();
    await page.locator('#user-name').waitFor();
    expect(await page.locator('#user-roles').textContent()).toBe('viewer');
    await page.close();
  });

  it('lets a technician place a pending screen by keyboard', async () => {
    const page = await signIn('tech', 'tech-password');
    await page.locator('.pending-list .pairing-code').waitFor();
    expect(await page.locator('.pending-list tbody tr').textContent()).toBe('K7Q2XZwall-pc-2810.20.0.28');
    await page.getByLabel('Column (from 0)').fill('8');
    await page.getByLabel('Row (from 0)').fill('2');
    await page.getByLabel('Row (from 0)').press('Enter');
    await expect.poll(() => page.locator('#tech-message .message-text').textContent()).toBe('Screen K7Q2XZ paired at monitoring column 8, row 2.');
    expect(double.pairBodies.at(-1)).toEqual({ code: 'K7Q2XZ', wallId: 'monitoring', col: 8, row: 2 });
    expect(await page.getByRole('button', { name: 'Apply to wall' }).isDisabled()).toBe(true);
    await page.screenshot({ path: join(artifacts, 'technician.png'), fullPage: true });
    await page.close();
  });

  it('shows every role the active alerts under the header, live: raised ones appear, cleared ones go', async () => {
    const t = Date.now() - 90_000;
    const camera: Alert = { id: 'a-cam', kind: 'camera-offline', subject: 'cam-le-duan', wallId: null, message: 'camera cam-le-duan offline for more than 60 s', since: t, raisedAt: t + 60_000, clearedAt: null };
    double.setAlerts([camera]);
    const page = await signIn('viewer', 'viewer-password');
    await page.locator('#alerts li[data-alert-id="a-cam"]').waitFor();
    expect(await page.locator('#alerts .alerts-count').textContent()).toBe('1 active alert');
    expect(await page.locator('#alerts li').textContent()).toContain('Camera offline camera cam-le-duan offline for more than 60 s');
    await page.waitForFunction(() => document.querySelector('.socket-status')?.textContent === 'Live: online');
    const screen: Alert = { ...camera, id: 'a-scr', kind: 'screen-offline', subject: 'command-2-1', wallId: 'command', message: 'screen command-2-1 (wall command, col 2 row 1) offline for more than 30 s' };
    double.pushAlert(screen);
    await page.locator('#alerts li[data-alert-id="a-scr"]').waitFor();
    expect(await page.locator('#alerts .alerts-count').textContent()).toBe('2 active alerts');
    double.pushAlert({ ...camera, clearedAt: Date.now() });
    await page.locator('#alerts li[data-alert-id="a-cam"]').waitFor({ state: 'detached' });
    expect(await page.locator('#alerts li').count()).toBe(1);
    double.pushAlert({ ...screen, clearedAt: Date.now() });
    await page.locator('#alerts').waitFor({ state: 'hidden' });
    double.setAlerts([]);
    await page.close();
  });

  it('ran without page errors or CSP violations', () => {
    expect(problems).toEqual([]);
  });
});
