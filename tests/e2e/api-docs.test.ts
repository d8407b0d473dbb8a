import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createController, memoryLogger, withOverrides, type Controller } from '@ioc/controller';
import { launchChromium } from '../support/chromium';

/**
 * The API reference page as a reader opens it, in Chromium: Swagger UI from the controller's own
 * files (the browser may reach nothing else, as in a control room without internet), listing
 * every operation and the socket events.
 */
let dir: string;
let ctrl: Controller;
let url: string;
let browser: Browser;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ioc-api-docs-'));
  const config = withOverrides({
    http: { host: '127.0.0.1', port: 0 },
    db: { path: join(dir, 'ioc.sqlite') },
    admin: { username: 'admin', password: 'admin-password-for-tests' },
    wallClient: { distDir: join(dir, 'no-wall-dist') },
    console: { distDir: join(dir, 'no-console-dist') },
  });
  ctrl = createController({ config, log: memoryLogger() });
  url = (await ctrl.start()).url;
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await ctrl?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the API reference page (/api/docs)', () => {
  it('renders every operation and the socket events offline, with no session', { timeout: 150_000 }, async () => {
    const doc = (await (await fetch(`${url}/api/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
    const operations = Object.values(doc.paths).reduce((n, ops) => n + Object.keys(ops).length, 0);
    const page = await browser.newPage();
    const elsewhere: string[] = [];
    await page.route('**/*', (route) => {
      const u = route.request().url();
      if (u.startsWith(url)) return route.continue();
      elsewhere.push(u);
      return route.abort();
    });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${url}/api/docs`, { waitUntil: 'domcontentloaded' });
    // Swagger UI parses 1.7 MB of script, then draws: slow on a loaded machine, so a wide ceiling.
    await expect.poll(() => page.locator('.opblock').count(), { timeout: 90_000 }).toBe(operations);
    expect(await page.locator('.opblock-summary-path', { hasText: '/api/walls/{wallId}/apply' }).count()).toBe(1);
    const info = page.locator('.information-container');
    expect(await info.textContent()).toContain('Socket events');
    expect(await info.textContent()).toContain('applyLayout');
    // Swagger UI's own parser found nothing to complain of (bad $ref, unsupported dialect…).
    expect(await page.locator('.errors-wrapper').count()).toBe(0);
    expect(elsewhere).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });
});
