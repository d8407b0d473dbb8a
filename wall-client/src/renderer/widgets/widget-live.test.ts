import { createServer } from 'node:http';
import type { Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import express from 'express';
import type { Browser, Page } from 'playwright-core';
import { Server } from 'socket.io';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SocAlertsValue } from '@ioc/protocol';
import { signToken } from '@ioc/protocol/signed-token';
import { createFeedHub } from '@ioc/media-gateway/feeds';
import type { FeedHub } from '@ioc/media-gateway/feeds';
import { formatHhMm } from './labels';
import { FIELD_REPORTS, SOC_ALERTS } from './test-page/fixtures';
import { buildWidgetTestPage, launchChromium } from './test-page/test-page-harness';

const here = dirname(fileURLToPath(import.meta.url));
const artifacts = join(here, '..', '..', '..', '..', 'tests', 'artifacts', 'widgets');
const SECRET = 'test-secret-0123456789abcdef';
const PUSH = 'feed-push-token-0123456789';

let bundle: Awaited<ReturnType<typeof buildWidgetTestPage>>;
let hub: FeedHub;
let http: HttpServer;
let io: Server;
let browser: Browser;
let page: Page;
let base = '';

beforeAll(async () => {
  bundle = await buildWidgetTestPage();
  hub = createFeedHub({
    tokenSecret: SECRET,
    log: { info: () => undefined, warn: () => undefined },
    config: {
      feeds: [
        { id: 'soc', kind: 'soc-alerts', adapter: { type: 'webhook', token: PUSH } },
        { id: 'fr', kind: 'field-reports', adapter: { type: 'webhook', token: PUSH } },
      ],
    },
  });
  const app = express();
  app.use((req, res, next) => (bundle.serve(req, res) ? undefined : next()));
  app.use(hub.router);
  http = createServer(app);
  io = new Server(http);
  hub.attachFeedNamespace(io);
  hub.start();
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  page.on('pageerror', (e) => console.error('[page error]', e.message));
  await page.goto(`${base}/widget-page/index.html?renderer=canvas`);
  await page.waitForFunction(() => window.__widgets !== undefined, undefined, { timeout: 30_000 });
}, 90_000);

afterAll(async () => {
  await browser?.close();
  hub?.close();
  await io?.close();
  bundle?.remove();
});

const push = (feedId: string, body: unknown) =>
  fetch(`${base}/feeds/${feedId}/webhook`, { method: 'POST', headers: { authorization: `Bearer ${PUSH}` }, body: JSON.stringify(body) });
const textsOf = (label: string) =>
  page.evaluate((l) => window.__widgets!.nodes(l).filter((n) => n.label === l).map((n) => n.text ?? ''), label);
const waitForTexts = (label: string, expected: string[]) =>
  page.waitForFunction(
    ({ l, e }) => JSON.stringify(window.__widgets!.nodes(l).filter((n) => n.label === l).map((n) => n.text)) === JSON.stringify(e),
    { l: label, e: expected },
    { timeout: 10_000 },
  );

describe('a widget tile fed live by the gateway', () => {
  it('shows pushed values, turns stale on a bad upstream payload, and leaves its feed on a layout switch', async () => {
    expect((await push('soc', SOC_ALERTS)).status).toBe(202);
    const token = signToken(SECRET, { aud: 'feeds', sub: 'screen-1', res: ['soc', 'fr'], exp: Math.floor(Date.now() / 1000) + 600 });
    await page.evaluate(({ url, token }) => window.__widgets!.connectFeeds(url, token), { url: base, token });
    await page.evaluate(() => window.__widgets!.showLive({ source: { kind: 'widget', feedId: 'soc', view: 'counter-board' }, lang: 'vi' }));
    await waitForTexts('counter-value', ['2', '5', '9', '14']);
    expect(hub.subscriberCount('soc')).toBe(1);

    const next: SocAlertsValue = { ...SOC_ALERTS, bySeverity: { ...SOC_ALERTS.bySeverity, critical: 3 }, byStatus: { ...SOC_ALERTS.byStatus, new: 4 } };
    expect((await push('soc', next)).status).toBe(202);
    await waitForTexts('counter-value', ['3', '5', '9', '14']);
    expect(await textsOf('stale-text')).toEqual([]);

    expect((await push('soc', { ...next, bySeverity: { critical: 'many' } })).status).toBe(400);
    const asOf = hub.envelope('soc')!.asOf;
    await waitForTexts('stale-text', [`dữ liệu lúc ${formatHhMm(asOf)}`]);
    expect(await textsOf('counter-value')).toEqual(['3', '5', '9', '14']); // the last good picture stays
    await page.screenshot({ path: join(artifacts, 'live-stale-counter-board.png') });

    // Layout switch: the next layout shows field reports only.
    expect((await push('fr', FIELD_REPORTS)).status).toBe(202);
    await page.evaluate(() => window.__widgets!.showLive({ source: { kind: 'widget', feedId: 'fr', view: 'bar-chart' }, lang: 'en' }));
    await page.waitForFunction(() => window.__widgets!.nodes('bar:').length === 8, undefined, { timeout: 10_000 });
    expect(await page.evaluate(() => window.__widgets!.activeFeeds())).toEqual(['fr']);
    await expect.poll(() => hub.subscriberCount('soc'), { timeout: 5000 }).toBe(0);
    expect(hub.subscriberCount('fr')).toBe(1);
  });
});
