import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../tests/support/chromium';
import { createConsoleApiDouble } from './test-support/console-api-double';

const here = dirname(fileURLToPath(import.meta.url));
const artifacts = join(here, '../../tests/artifacts/console');
const badge = (page: Page, cameraId: string, profile: 'main' | 'sub') =>
  page.locator(`.stream-badge[data-camera-id="${cameraId}"][data-profile="${profile}"]`);

describe('cameras panel in Chromium (against an API double)', () => {
  let browser: Browser;
  let double: ReturnType<typeof createConsoleApiDouble>;
  let base: string;
  let dist: string;
  const problems: string[] = [];

  beforeAll(async () => {
    // Its own build: console.test.ts may be rebuilding dist/ at the same time.
    dist = mkdtempSync(join(tmpdir(), 'console-cameras-'));
    execFileSync(process.execPath, [join(here, 'build.mjs'), '--outdir', dist], { stdio: 'pipe' });
    double = createConsoleApiDouble(dist);
    base = await double.listen();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await double?.close();
    if (dist) rmSync(dist, { recursive: true, force: true });
  });

  async function signIn(username: string): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1500, height: 1200 } });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) problems.push(`csp: ${m.text()}`);
    });
    await page.goto(`${base}/console/`);
    await page.getByLabel('User name').fill(username);
    await page.getByLabel('Password').fill(`${username}-password`);
    await page.getByLabel('Password').press('Enter');
    await page.locator('.camera-list table').waitFor();
    return page;
  }

  it('shows each stream as a coloured, worded badge and recolours one live on a streamStatus push', async () => {
    const page = await signIn('op');
    expect(await badge(page, 'cam-le-duan', 'main').textContent()).toBe('live');
    expect(await badge(page, 'cam-thu-thiem', 'main').textContent()).toBe('stalled');
    expect(await badge(page, 'cam-thu-thiem', 'sub').textContent()).toBe('offline');
    expect(await page.locator('.camera-list tr', { hasText: 'Thu Thiem tunnel' }).textContent()).toContain('no new segment for 6 s');
    expect(await badge(page, 'cam-ben-thanh', 'main').textContent()).toBe('unknown');
    expect(await page.locator('.camera-list tr', { hasText: 'Ben Thanh market' }).textContent()).toContain('no sub stream');
    expect(await page.locator('#gateway-status').textContent()).toBe('Media gateway: connected');
    const colour = () => badge(page, 'cam-le-duan', 'main').evaluate((el) => getComputedStyle(el).color);
    const liveColour = await colour();

    await page.waitForFunction(() => document.querySelector('.socket-status')?.textContent === 'Live: online');
    double.cameras.setGatewayConnected(false);
    double.cameras.pushStreamStatus('cam-le-duan', 'main', 'offline', 'media gateway unreachable');
    await badge(page, 'cam-le-duan', 'main').and(page.locator('[data-state="offline"]')).waitFor();
    expect(await badge(page, 'cam-le-duan', 'main').textContent()).toBe('offline');
    expect(await colour()).not.toBe(liveColour);
    expect(await colour()).toBe(await badge(page, 'cam-thu-thiem', 'sub').evaluate((el) => getComputedStyle(el).color));
    // Only that stream changed.
    expect(await badge(page, 'cam-le-duan', 'sub').textContent()).toBe('live');
    // The console then asks whether the controller still reaches the gateway.
    await expect.poll(() => page.locator('#gateway-status').textContent()).toBe('Media gateway: not connected (its streams count as offline)');

    double.cameras.setGatewayConnected(true);
    double.cameras.pushStreamStatus('cam-le-duan', 'main', 'live');
    await badge(page, 'cam-le-duan', 'main').and(page.locator('[data-state="live"]')).waitFor();
    expect(await colour()).toBe(liveColour);
    await page.close();
  });

  it('lets a technician add a camera: the password is sent once, then only "credentials set" is shown', async () => {
    const page = await signIn('tech');
    const password = 'Pa55 w0rd:@/%x';
    await page.getByRole('button', { name: 'Add camera' }).click();
    // Keyboard only: the form opens with the focus in its first field.
    await page.keyboard.type('cam-vo-van-kiet');
    for (const [label, value] of [
      ['Name', 'Vo Van Kiet bridge'],
      ['District', 'District 5'],
      ['Main stream RTSP URL', 'rtsp://10.1.0.20:554/main'],
      ['Sub stream RTSP URL (optional)', 'rtsp://10.1.0.20:554/sub'],
      ['ONVIF address (optional)', '10.1.0.20:8080'],
    ]) {
      await page.keyboard.press('Tab');
      await page.keyboard.type(value!);
      expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).name)).toBe(
        { Name: 'name', District: 'district', 'Main stream RTSP URL': 'mainUrl', 'Sub stream RTSP URL (optional)': 'subUrl', 'ONVIF address (optional)': 'onvifAddress' }[label!],
      );
    }
    await page.locator('#camera-username').fill('operator1');
    expect(await page.locator('#camera-password').getAttribute('type')).toBe('password');
    await page.locator('#camera-password').fill(password);
    await page.locator('#camera-password').press('Enter');

    await expect.poll(() => page.locator('#camera-message .message-text').textContent()).toBe('Camera Vo Van Kiet bridge (cam-vo-van-kiet) added, credentials set.');
    expect(double.cameras.requests.at(-1)).toEqual({
      method: 'POST',
      body: { id: 'cam-vo-van-kiet', name: 'Vo Van Kiet bridge', district: 'District 5', mainUrl: 'rtsp://10.1.0.20:554/main', subUrl: 'rtsp://10.1.0.20:554/sub', onvifAddress: '10.1.0.20:8080', username: 'operator1', password },
    });
    const row = page.locator('.camera-list tr', { hasText: 'Vo Van Kiet bridge' });
    expect(await row.textContent()).toContain('credentials set');
    expect(await badge(page, 'cam-vo-van-kiet', 'main').textContent()).toBe('unknown');
    // The form closed and the focus went back to the button that opened it.
    expect(await page.locator('.camera-form').isHidden()).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('camera-add');

    await row.getByRole('button', { name: 'Edit Vo Van Kiet bridge' }).click();
    expect(await page.locator('#camera-credentials-state').textContent()).toBe('credentials set');
    expect(await page.locator('#camera-password').inputValue()).toBe('');
    expect(await page.locator('#camera-username').inputValue()).toBe('');
    expect(await page.locator('#camera-id').getAttribute('readonly')).toBe('');
    const html = await page.content();
    expect(html).not.toContain(password);
    expect(html).not.toContain(encodeURIComponent(password));
    mkdirSync(artifacts, { recursive: true });
    await page.locator('.camera-panel').screenshot({ path: join(artifacts, 'cameras.png') });

    // An unchanged edit sends nothing it does not need to, and never a blank password.
    await page.getByRole('button', { name: 'Save camera' }).click();
    await expect.poll(() => page.locator('#camera-message .message-text').textContent()).toBe('Camera Vo Van Kiet bridge (cam-vo-van-kiet) updated, credentials set.');
    expect(double.cameras.requests.at(-1)).toEqual({ method: 'PATCH', id: 'cam-vo-van-kiet', body: {} });
    await page.close();
  });

  it('shows a 400 naming mainUrl verbatim with its code, and marks that field', async () => {
    const page = await signIn('tech');
    await page.getByRole('button', { name: 'Add camera' }).click();
    await page.locator('#camera-id').fill('cam-bad');
    await page.locator('#camera-name').fill('Bad URL');
    await page.locator('#camera-mainUrl').fill('http://10.1.0.21/live');
    await page.getByRole('button', { name: 'Save camera' }).click();
    await expect.poll(() => page.locator('#camera-form-message .message-text').textContent()).toBe('invalid camera: mainUrl: must be an rtsp:// or rtsps:// URL with a host');
    expect(await page.locator('#camera-form-message .message-code').textContent()).toBe('VALIDATION_FAILED');
    expect(await page.locator('#camera-form-message').getAttribute('role')).toBe('alert');
    expect(await page.locator('#camera-mainUrl').getAttribute('aria-invalid')).toBe('true');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('camera-mainUrl');
    expect(await page.locator('.camera-list tr', { hasText: 'Bad URL' }).count()).toBe(0);
    await page.keyboard.press('Escape');
    expect(await page.locator('.camera-form').isHidden()).toBe(true);
    await page.close();
  });

  it('clears credentials and deletes a camera only after confirmation', async () => {
    const page = await signIn('tech');
    const row = page.locator('.camera-list tr', { hasText: 'Le Duan x Nam Ky' });
    await row.getByRole('button', { name: 'Edit Le Duan x Nam Ky' }).click();
    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'Clear credentials' }).click();
    await expect.poll(() => page.locator('#camera-credentials-state').textContent()).toBe('no credentials stored');
    expect(double.cameras.requests.at(-1)).toEqual({ method: 'PATCH', id: 'cam-le-duan', body: { username: null, password: null } });
    expect(await row.textContent()).not.toContain('credentials set');
    await page.getByRole('button', { name: 'Cancel' }).click();

    const writes = double.cameras.requests.length;
    page.once('dialog', (d) => void d.dismiss());
    await page.getByRole('button', { name: 'Delete Ben Thanh market' }).click();
    expect(double.cameras.requests.length).toBe(writes);
    expect(await page.locator('.camera-list tr', { hasText: 'Ben Thanh market' }).count()).toBe(1);
    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'Delete Ben Thanh market' }).click();
    await expect.poll(() => page.locator('#camera-message .message-text').textContent()).toBe('Camera Ben Thanh market (cam-ben-thanh) deleted.');
    expect(await page.locator('.camera-list tr', { hasText: 'Ben Thanh market' }).count()).toBe(0);
    await page.close();
  });

  it('shows a viewer the list and its badges read-only, with no edit controls', async () => {
    const page = await signIn('viewer');
    expect(await badge(page, 'cam-thu-thiem', 'main').textContent()).toBe('stalled');
    expect(await page.locator('.camera-panel button', { hasText: /Add camera|Edit|Delete|Save|Clear/ }).count()).toBe(0);
    expect(await page.locator('.camera-panel input, .camera-panel form').count()).toBe(0);
    expect(await page.locator('.camera-list th').allTextContents()).toEqual(['Camera', 'District', 'Main stream', 'Sub stream', 'Credentials']);
    expect(await page.locator('#camera-read-only').textContent()).toBe('Read-only. Needs the admin or technician role to manage cameras.');
    await page.close();
  });

  it('ran without page errors or CSP violations', () => {
    expect(problems).toEqual([]);
  });
});
