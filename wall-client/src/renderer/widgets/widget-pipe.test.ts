import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Tile } from '@ioc/protocol';
import { FIELD_REPORTS, FIXTURES, PUBLIC_SERVICES, SOC_ALERTS, SOCIO_ECONOMIC } from './test-page/fixtures';
import { buildWidgetTestPage, launchChromium } from './test-page/test-page-harness';
import type { DrawnNode, WidgetTestApi } from './test-page/widget-test-page';
import { formatHhMm } from './labels';

const here = dirname(fileURLToPath(import.meta.url));
const artifacts = join(here, '..', '..', '..', '..', 'tests', 'artifacts', 'widgets');

let bundle: Awaited<ReturnType<typeof buildWidgetTestPage>>;
let server: Server;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  bundle = await buildWidgetTestPage();
  server = createServer((req, res) => {
    if (!bundle.serve(req, res)) {
      res.statusCode = 404;
      res.end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  page.on('pageerror', (e) => console.error('[page error]', e.message));
  await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/widget-page/index.html?renderer=canvas`);
  await page.waitForFunction(() => window.__widgets !== undefined, undefined, { timeout: 30_000 });
  mkdirSync(artifacts, { recursive: true });
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((r) => server?.close(r));
  bundle?.remove();
});

type ShowArgs = Parameters<WidgetTestApi['show']>[0];
const show = (args: ShowArgs) => page.evaluate((a) => window.__widgets!.show(a), args);
const nodes = (prefix: string) => page.evaluate((p) => window.__widgets!.nodes(p), prefix);
const texts = () => page.evaluate(() => window.__widgets!.texts());
const widget = (feedId: string, view: string, options?: Record<string, unknown>): Tile['source'] => ({ kind: 'widget', feedId, view, ...(options ? { options } : {}) });
const snap = (name: string) => page.screenshot({ path: join(artifacts, `${name}.png`) });

describe('widget views in Chromium', () => {
  it('uses the canvas renderer in this headless run', async () => {
    expect(await page.evaluate(() => window.__widgets!.renderer())).toBe('canvas');
  });

  it('bar-chart: one bar per category, heights in the order of the values', async () => {
    await show({ source: widget('field-reports', 'bar-chart'), value: FIELD_REPORTS, lang: 'vi' });
    await snap('bar-chart');
    const bars = await nodes('bar:');
    expect(bars).toHaveLength(8);
    const byKey = new Map(bars.map((b) => [b.label.slice(4), b]));
    const sortedByValue = Object.entries(FIELD_REPORTS.byCategory).sort((a, b) => b[1] - a[1]).map(([k]) => k);
    const heights = sortedByValue.map((k) => byKey.get(k)!.height);
    for (let i = 1; i < heights.length; i++) expect(heights[i - 1]!).toBeGreaterThan(heights[i]!);
    // Proportional: 17 vs 2 reports.
    expect(heights[0]! / heights[heights.length - 1]!).toBeCloseTo(17 / 2, 0);
    const all = await texts();
    expect(all).toContain('Phản ánh hiện trường');
    expect(all).toContain('Lấn chiếm vỉa hè');
    expect(all).toContain('17');
  });

  it('kpi-cards: value, target and a trend arrow per indicator', async () => {
    await show({ source: widget('socio-economic', 'kpi-cards'), value: SOCIO_ECONOMIC, lang: 'vi' });
    await snap('kpi-cards');
    const cards = await nodes('kpi:');
    expect(cards.map((c) => c.label)).toEqual(['kpi:grdp-growth', 'kpi:cpi', 'kpi:budget-revenue']);
    const all = await texts();
    expect(all).toContain('Tăng trưởng GRDP');
    expect(all).toContain('7,3%'); // Vietnamese decimal comma
    expect(all).toContain('Mục tiêu: 7');
    expect(all).toContain('3.900 tỷ đồng');
    // GRDP 7.3 >= 7 and CPI 2.7 <= 4 meet their targets; revenue 3,900 by July keeps pace with 6,500 a year.
    expect((await nodes('kpi-status:')).map((n) => n.label)).toEqual(['kpi-status:good', 'kpi-status:good', 'kpi-status:good']);
    expect((await nodes('trend:')).map((n) => n.label)).toEqual(['trend:up', 'trend:down', 'trend:down']);
    for (const c of cards) expect(c.height).toBeGreaterThan(200); // big enough to read across the room
  });

  it('line-chart: the chosen series with its target line', async () => {
    await show({ source: widget('socio-economic', 'line-chart', { indicator: 'grdp-growth' }), value: SOCIO_ECONOMIC, lang: 'en' });
    await snap('line-chart');
    const all = await texts();
    expect(all).toContain('GRDP growth (%)');
    expect(all).toContain('Target 7');
    expect(all).toEqual(expect.arrayContaining(['05', '06', '07']));
    const [line] = await nodes('line');
    const [target] = await nodes('target-line');
    expect(line!.width).toBeGreaterThan(1000);
    // 7.3 is above the target 7: the line's top reaches above the target line.
    expect(line!.y).toBeLessThan(target!.y);
    expect((await nodes('point-value')).map((n) => n.text)).toEqual(['5.9', '6.4', '7.3']);
  });

  it('ranked-list: agencies sorted by on-time rate', async () => {
    await show({ source: widget('public-services', 'ranked-list'), value: PUBLIC_SERVICES, lang: 'vi' });
    await snap('ranked-list');
    const names = (await nodes('rank-name')).map((n) => n.text);
    expect(names).toEqual(['Sở Tư pháp', 'UBND TP Buôn Ma Thuột', 'Sở Kế hoạch và Đầu tư']);
    const bars = await nodes('rank-bar');
    expect(bars[0]!.width).toBeGreaterThanOrEqual(bars[1]!.width);
    expect(bars[1]!.width).toBeGreaterThanOrEqual(bars[2]!.width);
    expect((await nodes('rank-value')).map((n) => n.text)).toEqual(['98,6%', '96,2%', '94,1%']);
  });

  it('alert-ticker: newest alerts listed, and all of them scrolling along the bottom', async () => {
    const now = Date.now();
    await show({ source: widget('soc-alerts', 'alert-ticker'), value: SOC_ALERTS, lang: 'vi', now });
    await snap('alert-ticker');
    const ticker = (await nodes('ticker')).find((n) => n.label === 'ticker');
    expect(ticker!.text).toContain('[Nghiêm trọng] Tấn công từ chối dịch vụ (DDoS) · Cổng dịch vụ công tỉnh · WAF · Mới');
    expect(ticker!.text).toContain('Dò quét cổng từ địa chỉ IP lạ');
    expect((await nodes('alert-time')).map((n) => n.text)).toEqual(SOC_ALERTS.latest.map((a) => formatHhMm(a.at)));
    // The scroll follows the wall clock: two seconds later the strip has moved left.
    await show({ source: widget('soc-alerts', 'alert-ticker'), value: SOC_ALERTS, lang: 'vi', now: now + 2000 });
    const later = (await nodes('ticker')).find((n) => n.label === 'ticker');
    expect(later!.x).not.toBe(ticker!.x);
  });

  it('counter-board: severity counters, in English when the wall is', async () => {
    await show({ source: widget('soc-alerts', 'counter-board'), value: SOC_ALERTS, lang: 'en' });
    await snap('counter-board');
    expect((await nodes('counter:')).map((n) => n.label)).toEqual(['counter:critical', 'counter:high', 'counter:medium', 'counter:low']);
    expect((await nodes('counter-value')).map((n) => n.text)).toEqual(['2', '5', '9', '14']);
    expect((await nodes('counter-label')).map((n) => n.text)).toEqual(['Critical', 'High', 'Medium', 'Low']);
    expect(await texts()).toContain('Cybersecurity alerts (SOC)');
  });

  it('a stale feed says how old its data is, in the wall language', async () => {
    const asOf = Date.UTC(2021, 6, 19, 7, 42);
    await show({ source: widget('public-services', 'counter-board'), value: PUBLIC_SERVICES, stale: true, asOf, lang: 'vi' });
    await snap('stale-counter-board');
    expect((await nodes('stale-text')).map((n) => n.text)).toEqual([`dữ liệu lúc ${formatHhMm(asOf)}`]);
    await show({ source: widget('public-services', 'counter-board'), value: PUBLIC_SERVICES, stale: true, asOf, lang: 'en' });
    expect((await nodes('stale-text')).map((n) => n.text)).toEqual([`data as of ${formatHhMm(asOf)}`]);
    await show({ source: widget('public-services', 'counter-board'), value: PUBLIC_SERVICES, stale: false, asOf, lang: 'en' });
    expect(await nodes('stale-text')).toEqual([]);
  });

  it('every view draws every feed kind it can, and says so when it cannot', async () => {
    const views = ['kpi-cards', 'bar-chart', 'line-chart', 'ranked-list', 'alert-ticker', 'counter-board'];
    let drawn = 0;
    for (const [kind, value] of Object.entries(FIXTURES)) {
      for (const view of views) {
        await show({ source: widget(kind, view), value, lang: 'vi' });
        const body = (await nodes(`view:${view}`)) as DrawnNode[];
        const msg = (await nodes('widget-message')).map((n) => n.text);
        if (msg.length === 0) {
          drawn += 1;
          expect(body[0]!.height).toBeGreaterThan(300);
        } else expect(msg[0]).toContain(view);
      }
    }
    expect(drawn).toBeGreaterThanOrEqual(18);
    await show({ source: widget('soc-alerts', 'no-such-view'), value: SOC_ALERTS, lang: 'en' });
    expect((await nodes('widget-message')).map((n) => n.text)).toEqual(['View “no-such-view” is not available for this feed']);
  });
});

describe('Vietnamese text with the bundled font', () => {
  it('loads Be Vietnam Pro with its Vietnamese subset from the bundle', async () => {
    const r = await page.evaluate(async () => {
      await document.fonts.load('700 32px "Be Vietnam Pro"', 'Buôn Ma Thuột');
      const faces = [...document.fonts].filter((f) => f.family.replace(/"/g, '') === 'Be Vietnam Pro');
      return {
        check: document.fonts.check('32px "Be Vietnam Pro"', 'Buôn Ma Thuột'),
        vietnameseLoaded: faces.some((f) => f.status === 'loaded' && f.unicodeRange.includes('U+1EA0-1EF9')),
      };
    });
    expect(r.check).toBe(true);
    expect(r.vietnameseLoaded).toBe(true);
  });

  it('draws the diacritics: "Buôn Ma Thuột" differs from the same text stripped, and from a system fallback face', async () => {
    const region = { x: 0, y: 0, width: 1000, height: 160 };
    const shot = async (text: string, family?: string) => {
      await page.evaluate((a) => window.__widgets!.showText([{ text: a.text, x: 20, y: 20, ...(a.family ? { family: a.family } : {}) }]), { text, family });
      return page.screenshot({ clip: region });
    };
    const withMarks = await shot('Buôn Ma Thuột');
    const stripped = await shot('Buon Ma Thuot');
    const fallback = await shot('Buôn Ma Thuột', 'DejaVu Sans');
    writeFileSync(join(artifacts, 'diacritics.png'), withMarks);
    const diff = (a: Buffer, b: Buffer) =>
      page.evaluate(
        async ({ a, b }) => {
          const load = async (src: string) => {
            const img = new Image();
            img.src = `data:image/png;base64,${src}`;
            await img.decode();
            const c = document.createElement('canvas');
            c.width = img.width;
            c.height = img.height;
            const ctx = c.getContext('2d')!;
            ctx.drawImage(img, 0, 0);
            return ctx.getImageData(0, 0, c.width, c.height).data;
          };
          const [pa, pb] = await Promise.all([load(a), load(b)]);
          let n = 0;
          for (let i = 0; i < pa.length; i += 4) if (Math.abs(pa[i]! - pb[i]!) > 64) n += 1;
          return n;
        },
        { a: a.toString('base64'), b: b.toString('base64') },
      );
    // The marks (ô, ộ) add ink where the plain letters have none.
    expect(await diff(withMarks, stripped)).toBeGreaterThan(200);
    expect(await diff(withMarks, fallback)).toBeGreaterThan(200);
  });
});
