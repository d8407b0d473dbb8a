import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launchChromium } from '../support/chromium';
import { ControllerProcess, freePort } from '../support/controller-process';

/**
 * Escalation to the command wall: from sending `POST /api/escalations` to the last of the 9
 * command screens (Chromium pages running the real renderer) painting the new version with the
 * escalation, on the controller's clock (the pages' clocks are synchronized to it, and the
 * controller runs on this machine, so Date.now() here is the same clock). Then the escalation
 * is closed, and `restore_exact` says whether the wall state after the last close has exactly
 * the tiles it had before the first escalation.
 */
const ADMIN_PASSWORD = 'bench-escalation-admin-01';
const ROUNDS = 50;
const VIEW = { width: 320, height: 180 };

function quantile(values: number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] ?? NaN;
}

/**
 * The 9 command screens share this machine's 2 cores, where a real wall gives each its own PC:
 * 9 renderers redrawing at 60 fps keep about 2 cores busy before any escalation. The headline
 * figures therefore cap each page's idle redraw at 20 fps (`?fps=20`, as the e2e suites do); the
 * swap itself is not throttled (it runs in the first animation frame after `activateAt` and
 * paints at once). The same run then measures the 9 pages uncapped, and the top row alone.
 */
export async function runEscalationBench(): Promise<Record<string, unknown>> {
  const capped = await measure(3, 20);
  const uncapped = await measure(3, 0);
  const topRow = await measure(1, 0);
  const pick = (r: Record<string, unknown>) => ({
    escalate_to_screens_p50_ms: r.escalate_to_screens_p50_ms,
    escalate_to_screens_p99_ms: r.escalate_to_screens_p99_ms,
    activate_to_last_paint_p99_ms: r.activate_to_last_paint_p99_ms,
    screens: r.screens,
  });
  return { ...capped, idle_fps_cap: 20, uncapped_60fps: pick(uncapped), top_row_only_60fps: pick(topRow) };
}

async function measure(rows: number, fps: number): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'ioc-bench-escalation-'));
  const ctl = new ControllerProcess(await freePort(), {
    IOC_DB_PATH: join(dir, 'ioc.sqlite'),
    IOC_ADMIN_PASSWORD: ADMIN_PASSWORD,
    IOC_DEMO: 'true',
    IOC_DEMO_CAMERAS: 'true',
  });
  const browser = await launchChromium();
  try {
    await ctl.start();
    const api = async (method: string, path: string, body?: unknown, token?: string) => {
      const res = await fetch(ctl.url + path, {
        method,
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    const token = String((await api('POST', '/api/auth/login', { username: 'admin', password: ADMIN_PASSWORD })).body.token);
    const pages: Page[] = [];
    for (let row = 0; row < rows; row++) {
      for (let col = 0; col < 3; col++) {
        const page = await browser.newPage({ viewport: VIEW });
        await page.goto(`${ctl.url}/wall/?renderer=canvas&fps=${fps}&wall=command&col=${col}&row=${row}`);
        await page.waitForFunction(() => window.__wall?.getState().connection === 'online' && window.__wall.scene().version !== null, undefined, { timeout: 30_000 });
        pages.push(page);
      }
    }
    const stateTiles = async () => JSON.stringify((await api('GET', '/api/walls/command/state', undefined, token)).body.tiles);
    const presented = (version: number) =>
      Promise.all(
        pages.map(async (p) => {
          await p.waitForFunction((v) => window.__wall!.lastSwap()?.version === v, version, { timeout: 10_000, polling: 'raf' });
          return (await p.evaluate(() => window.__wall!.lastSwap()!.at)) as number;
        }),
      );
    const before = await stateTiles();
    const latencies: number[] = [];
    const late: number[] = [];
    const commit: number[] = [];
    for (let i = 0; i < ROUNDS + 3; i++) {
      const t0 = Date.now();
      const created = await api('POST', '/api/escalations', { cameraId: `demo-cam-${(i % 4) + 1}`, reason: `bench ${i}`, priority: (i % 3) + 1 }, token);
      if (created.status !== 201) throw new Error(`escalate answered ${created.status}: ${JSON.stringify(created.body)}`);
      const state = (await api('GET', '/api/walls/command/state', undefined, token)).body as { version: number; activateAt: number };
      const at = await presented(state.version);
      // The first rounds warm the pages (fonts, text atlases); they are not counted.
      if (i >= 3) {
        latencies.push(Math.max(...at) - t0);
        late.push(Math.max(...at) - state.activateAt);
        commit.push(state.activateAt - t0);
      }
      const closed = await api('POST', `/api/escalations/${String(created.body.id)}/close`, {}, token);
      if (closed.status !== 200) throw new Error(`close answered ${closed.status}`);
      const after = (await api('GET', '/api/walls/command/state', undefined, token)).body as { version: number };
      await presented(after.version);
    }
    const restoreExact = (await stateTiles()) === before;
    return {
      escalate_to_screens_p50_ms: quantile(latencies, 0.5),
      escalate_to_screens_p99_ms: quantile(latencies, 0.99),
      restore_exact: restoreExact,
      // Where the time goes: command to activateAt (the margin included: it follows how early the
      // screens got the last switches), then activateAt to the last screen's paint.
      command_to_activate_p50_ms: quantile(commit, 0.5),
      activate_to_last_paint_p50_ms: quantile(late, 0.5),
      activate_to_last_paint_p99_ms: quantile(late, 0.99),
      rounds: latencies.length,
      screens: pages.length,
    };
  } finally {
    await browser.close();
    await ctl.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
