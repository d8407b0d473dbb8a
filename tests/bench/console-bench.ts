import { loadavg } from 'node:os';
import type { Page } from 'playwright-core';
import { startConsoleStack, type ConsoleStack } from '../support/console-stack';

/**
 * The operator console, measured in Chromium against the real stack (controller, media gateway,
 * RTSP camera) with the 9 command-wall screen pages running the real renderer:
 * - `click_to_screens`: from the preset click in the console (a real mouse click, stamped by a
 *   capturing click listener) to the LAST of the 9 screen pages painting the new version;
 * - `console_load_ms`: from navigation to a usable signed-in console (session resumed, both
 *   walls loaded, the operator's mimic drawn with its presets), median of LOAD_ROUNDS loads;
 * - `mimic_update_ms`: from the wallState push reaching the console's WebSocket to the mimic
 *   showing the new version (the next animation frame after React committed it).
 * Every timestamp is a page's Date.now(): all pages run on this machine, one clock. A screen's
 * paint time is its `lastSwap().at` (controller-corrected) taken back to the page's own clock.
 * The screen pages cap their idle redraw at 20 fps as the e2e suites do (9 renderers share 2
 * cores here, where a real wall gives each its own PC); the swap itself is not throttled.
 */
const ROUNDS = 30;
const LOAD_ROUNDS = 7;
const VIEW = { width: 320, height: 180 };
const PRESETS = ['cmd-default', 'cmd-calibration', 'cmd-quad', 'cmd-incident'];

function quantile(values: number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] ?? NaN;
}
const median = (v: number[]) => quantile(v, 0.5);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Installed before the console's own code: stamps clicks, wallState pushes and mimic versions. */
const PROBE = `(() => {
  const probe = { clickAt: 0, pushes: {}, shown: {} };
  window.__probe = probe;
  document.addEventListener('click', () => { probe.clickAt = Date.now(); }, true);
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (e) => {
        if (typeof e.data !== 'string' || !e.data.startsWith('42') || !e.data.includes('["wallState"')) return;
        const m = /"wallId":"([^"]+)","version":(\\d+)/.exec(e.data);
        if (m) probe.pushes[m[1] + '/' + m[2]] ??= Date.now();
      });
    }
  };
  new MutationObserver((list) => {
    for (const r of list) {
      const el = r.target;
      if (!(el instanceof Element) || !el.classList.contains('mimic')) continue;
      const key = el.getAttribute('data-wall-id') + '/' + el.getAttribute('data-version');
      if (probe.shown[key]) continue;
      probe.shown[key] = -1;
      requestAnimationFrame(() => { probe.shown[key] = Date.now(); });
    }
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-version'] });
})();`;

interface Probe {
  clickAt: number;
  pushes: Record<string, number>;
  shown: Record<string, number>;
}
declare global {
  interface Window {
    __probe?: Probe;
  }
}

export async function runConsoleBench(): Promise<Record<string, unknown>> {
  const stack = await startConsoleStack({ name: 'bench' });
  try {
    return await measure(stack);
  } finally {
    await stack.close();
  }
}

async function measure(stack: ConsoleStack): Promise<Record<string, unknown>> {
  const wallVersion = async () => ((await stack.api('GET', '/api/walls/command/state')).body as { version: number }).version;
  if ((await stack.api('POST', '/api/walls/command/apply', { layoutId: 'cmd-default' }, 'operator')).status !== 200) throw new Error('cannot apply cmd-default');

  const screens: Page[] = [];
  for (let row = 0; row < 3; row++) {
    for (let col = 0; col < 3; col++) {
      const page = await stack.browser.newPage({ viewport: VIEW });
      await page.goto(`${stack.url}/wall/?renderer=canvas&fps=20&lang=en&wall=command&col=${col}&row=${row}`, { timeout: 120_000 });
      screens.push(page);
    }
  }
  const v0 = await wallVersion();
  await Promise.all(screens.map((p) => p.waitForFunction((v) => window.__wall?.scene().version === v, v0, { timeout: 30_000, polling: 100 })));

  // Sign in once (the session is kept in the tab), then every navigation resumes it.
  const op = await stack.signIn('operator', { lang: 'en', hash: '#operator' });
  await op.addInitScript(PROBE);
  await op.evaluate(() => localStorage.setItem('ioc.console.operator.wall', 'command'));

  const usable = () =>
    op.waitForFunction(
      () => {
        const m = document.querySelector('.mimic[data-wall-id="command"]');
        return m && m.getAttribute('data-version') && document.querySelector('.preset-card') && document.querySelector('.mimic-tile') ? performance.now() : null;
      },
      undefined,
      { timeout: 20_000, polling: 'raf' },
    );
  const loads: number[] = [];
  for (let i = 0; i < LOAD_ROUNDS; i++) {
    await op.reload({ waitUntil: 'commit' });
    loads.push(Number(await (await usable()).jsonValue()));
    await sleep(300);
  }

  const loadAvgBefore = loadavg()[0] ?? NaN;
  const clicks: number[] = [];
  const mimicUpdates: number[] = [];
  const requestToScreens: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const before = await wallVersion();
    await op.waitForFunction((v) => document.querySelector('.mimic[data-wall-id="command"]')?.getAttribute('data-version') === String(v), before, { timeout: 10_000 });
    const preset = PRESETS[(i + 1) % PRESETS.length]!;
    await op.locator(`.preset-card[data-layout-id="${preset}"]`).click();
    const v = before + 1;
    const painted = await Promise.all(
      screens.map(async (p) => {
        await p.waitForFunction((want) => window.__wall!.lastSwap()?.version === want, v, { timeout: 10_000, polling: 'raf' });
        // The paint time on the controller's clock, taken back to this page's own Date.now().
        return p.evaluate(() => window.__wall!.lastSwap()!.at - (window.__wall!.controllerNow() - Date.now()));
      }),
    );
    await op.waitForFunction((key) => (window.__probe!.shown[key] ?? 0) > 0, `command/${v}`, { timeout: 10_000 });
    const probe = (await op.evaluate(() => window.__probe!)) as Probe;
    const last = Math.max(...painted);
    clicks.push(last - probe.clickAt);
    const pushAt = probe.pushes[`command/${v}`];
    if (pushAt) {
      mimicUpdates.push(probe.shown[`command/${v}`]! - pushAt);
      requestToScreens.push(last - pushAt);
    }
    await sleep(250);
  }

  const r1 = (n: number) => Math.round(n * 10) / 10;
  return {
    screens: screens.length,
    rounds: ROUNDS,
    click_to_screens_p50_ms: r1(median(clicks)),
    click_to_screens_p99_ms: r1(quantile(clicks, 0.99)),
    click_to_screens_max_ms: r1(Math.max(...clicks)),
    console_load_ms: r1(median(loads)),
    console_load_max_ms: r1(Math.max(...loads)),
    mimic_update_ms: r1(median(mimicUpdates)),
    mimic_update_p99_ms: r1(quantile(mimicUpdates, 0.99)),
    push_to_last_screen_p50_ms: r1(median(requestToScreens)),
    // The margins the controller had come to by the end (they follow how early the screens got the states).
    switch_margin_ms: { monitoring: stack.ctrl.core.margins.forWall('monitoring'), command: stack.ctrl.core.margins.forWall('command') },
    idle_fps_cap: 20,
    // The machine's load while measuring (other work on the same 2 cores moves every figure).
    load_avg_1m_before: r1(loadAvgBefore),
    load_avg_1m_after: r1(loadavg()[0] ?? NaN),
  };
}
