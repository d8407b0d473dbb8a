import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { _electron, type ElectronApplication } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createController, memoryLogger, withOverrides, type Controller } from '@ioc/controller';

/**
 * The packaged kiosk's main process, for real: a window per display showing the pairing code,
 * a renderer crash recovered from the on-disk cache within 5 s while the controller is down,
 * navigation and popups blocked. Needs an Electron binary and a display; elsewhere every test
 * is reported as skipped with the reason below.
 */
const require = createRequire(import.meta.url);

interface ElectronAvailability {
  executablePath: string | null;
  reason: string | null;
}

/**
 * Finds the Electron binary the `electron` package downloaded. `require('electron')` returns
 * its path, or throws when the download was skipped (ELECTRON_SKIP_BINARY_DOWNLOAD, offline).
 * On Linux a display server is needed too (X11/Wayland, or xvfb-run in CI).
 */
function electronAvailability(env: NodeJS.ProcessEnv = process.env): ElectronAvailability {
  let executablePath: string | null = null;
  try {
    const resolved: unknown = require('electron');
    if (typeof resolved === 'string' && existsSync(resolved)) executablePath = resolved;
  } catch {
    executablePath = null;
  }
  if (executablePath === null) {
    return {
      executablePath: null,
      reason:
        'no Electron binary (ELECTRON_SKIP_BINARY_DOWNLOAD set / offline); run where Electron can download its binary: npm install && npm test',
    };
  }
  if (process.platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) {
    return {
      executablePath,
      reason: 'no display server (DISPLAY/WAYLAND_DISPLAY unset); run under a display, e.g. xvfb-run -a npx vitest run tests/e2e/electron.test.ts',
    };
  }
  return { executablePath, reason: null };
}

const availability = electronAvailability();
if (availability.reason !== null) console.warn(`SKIPPED electron e2e: ${availability.reason}`);

const root = path.resolve(import.meta.dirname, '../..');
const mainCjs = path.join(root, 'wall-client/dist-electron/main.cjs');
const ADMIN_PASSWORD = 'admin-password-for-electron-e2e';

interface WallHookView {
  pairingCode: string | null;
  token: boolean;
  version: number | null;
  tiles: number;
  url: string;
}

describe.skipIf(availability.reason !== null)(`electron kiosk e2e${availability.reason ? ` (skipped: ${availability.reason})` : ''}`, () => {
  let dir: string;
  let controller: Controller;
  let controllerUrl: string;
  let app: ElectronApplication;

  /** What each kiosk window shows, read from the main process so it survives crashes. */
  async function views(): Promise<WallHookView[]> {
    return app.evaluate(async ({ BrowserWindow }) => {
      const script = `(() => {
        const w = window.__wall;
        if (!w) return { pairingCode: null, token: false, version: null, tiles: 0, url: location.href };
        const s = w.getState();
        return { pairingCode: w.pairingCode(), token: s.identity.token !== null, version: w.scene().version,
                 tiles: w.scene().tiles.filter((t) => t.visible).length, url: location.href };
      })()`;
      return Promise.all(
        BrowserWindow.getAllWindows().map((win) =>
          win.webContents.isCrashed()
            ? { pairingCode: null, token: false, version: null, tiles: 0, url: 'crashed' }
            : win.webContents.executeJavaScript(script).catch(() => ({ pairingCode: null, token: false, version: null, tiles: 0, url: 'error' })),
        ),
      );
    });
  }

  async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs: number): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await probe();
      if (value) return value;
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async function api(method: string, route: string, body?: unknown, token?: string): Promise<{ status: number; body: unknown }> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    const res = await fetch(controllerUrl + route, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: res.status, body: await res.json().catch(() => null) };
  }

  beforeAll(async () => {
    execFileSync(process.execPath, [path.join(root, 'wall-client/electron/build.mjs')], { stdio: 'inherit' });
    if (!existsSync(path.join(root, 'wall-client/dist/index.html'))) {
      execFileSync(process.execPath, [path.join(root, 'wall-client/scripts/build.mjs')], { stdio: 'inherit' });
    }
    dir = mkdtempSync(path.join(tmpdir(), 'kiosk-e2e-'));
    controller = createController({
      config: withOverrides({
        http: { host: '127.0.0.1', port: 0 },
        db: { path: path.join(dir, 'ioc.sqlite') },
        admin: { username: 'admin', password: ADMIN_PASSWORD },
        wallClient: { distDir: path.join(dir, 'no-wall-dist') },
        console: { distDir: path.join(dir, 'no-console-dist') },
      }),
      log: memoryLogger(),
    });
    controllerUrl = (await controller.start()).url;
    app = await _electron.launch({
      executablePath: availability.executablePath as string,
      args: [
        mainCjs,
        `--controller=${controllerUrl}`,
        `--user-data-dir=${path.join(dir, 'user-data')}`,
        // Chromium refuses to run as root with its sandbox (CI containers).
        ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
      ],
      env: { ...process.env, IOC_CONTROLLER_URL: '' },
      timeout: 60_000,
    });
  }, 120_000);

  afterAll(async () => {
    await app?.close().catch(() => undefined);
    await controller?.close().catch(() => undefined);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('opens a fullscreen window on every display, each showing its own pairing code', async () => {
    const layout = await waitFor('a visible window per display', async () => {
      const l = await app.evaluate(({ screen, BrowserWindow }) => ({
        displays: screen.getAllDisplays().map((d) => d.bounds),
        windows: BrowserWindow.getAllWindows().map((w) => ({ bounds: w.getBounds(), kiosk: w.isKiosk(), visible: w.isVisible() })),
      }));
      return l.windows.length === l.displays.length && l.windows.every((w) => w.visible) ? l : null;
    }, 20_000);
    expect(layout.windows).toHaveLength(layout.displays.length);
    for (const display of layout.displays) {
      expect(layout.windows.some((w) => w.bounds.x === display.x && w.bounds.y === display.y && w.kiosk && w.visible)).toBe(true);
    }
    const shown = await waitFor('pairing codes on every window', async () => {
      const v = await views();
      return v.length === layout.displays.length && v.every((x) => x.pairingCode) ? v : null;
    }, 30_000);
    expect(new Set(shown.map((v) => v.pairingCode)).size).toBe(shown.length);
    for (const v of shown) expect(v.url).toBe('app://wall/index.html');
    const pending = await api('GET', '/api/screens/pending', undefined, await login());
    expect(JSON.stringify(pending.body)).toContain(shown[0]!.pairingCode as string);
  });

  async function login(): Promise<string> {
    const r = await api('POST', '/api/auth/login', { username: 'admin', password: ADMIN_PASSWORD });
    return (r.body as { token: string }).token;
  }

  it('blocks navigation away from the app, every window.open, and eval', async () => {
    const page = app.windows()[0]!;
    const opened = await page.evaluate(() => window.open('https://example.invalid/popup') === null);
    expect(opened).toBe(true);
    await page.evaluate(() => {
      location.href = 'https://example.invalid/phish';
    });
    await new Promise((r) => setTimeout(r, 1000));
    const urls = await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().map((w) => w.webContents.getURL()));
    expect(urls.every((u) => u === 'app://wall/index.html')).toBe(true);
    const windowCount = await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length);
    expect(windowCount).toBe(urls.length);
    // The CSP holds: no eval in the page.
    expect(await page.evaluate(() => {
      try {
        return String((0, eval)('1 + 1'));
      } catch {
        return 'blocked';
      }
    })).toBe('blocked');
    // The renderer has no Node: the preload's API is all it sees.
    expect(await page.evaluate(() => [typeof (globalThis as { require?: unknown }).require, typeof window.kiosk?.version])).toEqual([
      'undefined',
      'function',
    ]);
  });

  it('recovers a crashed renderer within 5 s, showing the cached state while the controller is down', async () => {
    const token = await login();
    const before = await views();
    const code = before[0]!.pairingCode as string;
    const paired = await api('POST', '/api/screens/pair', { code, wallId: 'command', col: 0, row: 0 }, token);
    expect(paired.status).toBe(201);
    const live = await waitFor('the paired screen to show its wall state', async () => {
      const v = (await views())[0];
      return v && v.token && v.version !== null && v.tiles > 0 ? v : null;
    }, 30_000);

    await controller.close();
    const started = Date.now();
    await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]!.webContents.forcefullyCrashRenderer());
    const recovered = await waitFor('the same state back on screen', async () => {
      const v = (await views())[0];
      return v && v.version === live.version && v.tiles === live.tiles && v.url === 'app://wall/index.html' ? v : null;
    }, 10_000);
    const elapsed = Date.now() - started;
    expect(recovered.token).toBe(true);
    expect(elapsed).toBeLessThan(5_000);
  });
});
