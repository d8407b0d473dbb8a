import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryLogger, type Controller } from '@ioc/controller';
import type { Gateway } from '@ioc/media-gateway';
import { launchChromium } from '../support/chromium';
import { startE2eController, startE2eGateway } from '../support/controller-and-gateway';
import { freePort } from '../support/controller-process';

/**
 * The API reference pages as a reader opens them, in Chromium: Swagger UI from each service's
 * own files (the browser may reach nothing else, as in a control room without internet), listing
 * every operation and the socket events.
 */
const SECRET = 'api-docs-media-secret-0123456789abcdef';
let dir: string;
let ctrl: Controller;
let gateway: Gateway;
const urls = { controller: '', gateway: '' };
let browser: Browser;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ioc-api-docs-'));
  const gatewayPort = await freePort();
  const c = await startE2eController({ dir, gatewayPort, secret: SECRET, adminPassword: 'admin-password-for-tests', log: memoryLogger() });
  ctrl = c.ctrl;
  urls.controller = c.url;
  const g = await startE2eGateway({ dir, port: gatewayPort, secret: SECRET, controllerUrl: c.url, sink: () => {} });
  gateway = g.gateway;
  urls.gateway = g.url;
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await gateway?.close();
  await ctrl?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the API reference pages (/api/docs)', () => {
  it.each([
    ['controller', '/api/walls/{wallId}/apply', 'applyLayout'],
    ['gateway', '/api/recordings/{id}', 'subscribe'],
  ] as const)('%s: renders every operation and the socket events offline, with no session', { timeout: 150_000 }, async (service, aPath, anEvent) => {
    const url = urls[service];
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
    expect(await page.locator('.opblock-summary-path', { hasText: aPath }).count()).toBeGreaterThanOrEqual(1);
    const info = page.locator('.information-container');
    expect(await info.textContent()).toContain('Socket events');
    expect(await info.textContent()).toContain(anEvent);
    // Swagger UI's own parser found nothing to complain of (bad $ref, unsupported dialect…).
    expect(await page.locator('.errors-wrapper').count()).toBe(0);
    expect(elsewhere).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });
});
