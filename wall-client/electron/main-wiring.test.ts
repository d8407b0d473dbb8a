import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { APP_SCHEME_PRIVILEGES } from './app-protocol';
import { IPC } from './ipc-channels';
import { FakeElectron, fakeDisplay } from './testing/fake-electron';
import { buildWebPreferences } from './web-preferences';

/**
 * Loads the real bundle (dist-electron/main.cjs, as Electron would) with a FakeElectron standing
 * in for the `electron` module, to check main.ts's wiring: scheme privileges before ready, the
 * single-instance lock, windows per display, the app:// handler serving the renderer with CSP,
 * and a bad configuration stopping start-up with a message naming the key.
 */
const require = createRequire(import.meta.url);
const Module = require('node:module') as { _load: (request: string, ...rest: unknown[]) => unknown };
const here = import.meta.dirname;
const mainCjs = path.resolve(here, '../dist-electron/main.cjs');

beforeAll(() => {
  execFileSync(process.execPath, [path.join(here, 'build.mjs')], { stdio: 'pipe' });
  if (!existsSync(path.resolve(here, '../dist/index.html'))) {
    execFileSync(process.execPath, [path.resolve(here, '../scripts/build.mjs')], { stdio: 'pipe' });
  }
}, 120_000);

interface Boot {
  fake: FakeElectron;
  events: string[];
  schemes: unknown;
  handlers: Map<string, (request: Request) => Promise<Response>>;
  errors: string[];
  ready(): Promise<void>;
}

let home: string;
let restore: (() => void) | undefined;

afterEach(() => {
  restore?.();
  restore = undefined;
  if (home) rmSync(home, { recursive: true, force: true });
});

function boot(env: Record<string, string>): Boot {
  home = mkdtempSync(path.join(tmpdir(), 'kiosk-main-'));
  const fake = new FakeElectron([fakeDisplay(7, 0), fakeDisplay(8, 1920)]);
  const paths = new Map<string, string>([['appData', home]]);
  let markReady!: () => void;
  const readyPromise = new Promise<void>((resolve) => (markReady = resolve));
  const state: Boot = {
    fake,
    events: [],
    schemes: undefined,
    handlers: new Map(),
    errors: [],
    async ready() {
      markReady();
      for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
    },
  };
  const app = Object.assign(fake.app, {
    setPath: (name: string, value: string) => paths.set(name, value),
    getPath: (name: string) => paths.get(name) ?? path.join(home, name),
    setAppLogsPath: (value: string) => paths.set('logs', value),
    commandLine: { appendSwitch: (name: string) => state.events.push(`switch:${name}`) },
    requestSingleInstanceLock: () => (state.events.push('single-instance-lock'), true),
    whenReady: () => readyPromise,
    quit: () => state.events.push('quit'),
    setLoginItemSettings: () => undefined,
  });
  const electron = {
    app,
    BrowserWindow: function BrowserWindow(options: Parameters<FakeElectron['createWindow']>[0]) {
      return fake.createWindow(options);
    },
    screen: fake.screen,
    ipcMain: fake.ipcMain,
    session: { defaultSession: fake.session },
    safeStorage: fake.safeStorage,
    powerSaveBlocker: fake.powerSaveBlocker,
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown) => {
        state.events.push('register-schemes');
        state.schemes = schemes;
      },
      handle: (scheme: string, handler: (request: Request) => Promise<Response>) => state.handlers.set(scheme, handler),
    },
    dialog: { showErrorBox: (_title: string, message: string) => state.errors.push(message) },
  };
  const originalLoad = Module._load;
  const saved = { ...process.env };
  Object.assign(process.env, env);
  Module._load = function load(this: unknown, request: string, ...rest: unknown[]) {
    return request === 'electron' ? electron : originalLoad.call(this, request, ...rest);
  };
  const stderr = process.stderr.write;
  process.stderr.write = () => true; // the kiosk mirrors its log to stderr
  restore = () => {
    process.stderr.write = stderr;
    Module._load = originalLoad;
    for (const key of Object.keys(env)) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
  };
  delete require.cache[mainCjs];
  require(mainCjs);
  return state;
}

describe('main.cjs wiring (with a FakeElectron as the electron module)', () => {
  it('registers app:// before ready, takes the lock, then opens a window per display serving the bundle', async () => {
    const b = boot({ IOC_CONTROLLER_URL: 'http://10.9.8.7:8080' });
    expect(b.events.slice(0, 2)).toEqual(['register-schemes', 'switch:autoplay-policy']);
    expect(b.events).toContain('single-instance-lock');
    expect(b.schemes).toEqual([{ scheme: 'app', privileges: APP_SCHEME_PRIVILEGES }]);
    expect(b.fake.windows).toHaveLength(0);

    await b.ready();
    expect(b.fake.liveWindows().map((w) => w.bounds.x)).toEqual([0, 1920]);
    for (const w of b.fake.liveWindows()) {
      expect(w.webContents.loads).toEqual(['app://wall/index.html']);
      expect(w.options.webPreferences).toEqual(buildWebPreferences(path.resolve(here, '../dist-electron/preload.cjs')));
    }
    const handler = b.handlers.get('app');
    expect(handler).toBeDefined();
    const index = await handler!(new Request('app://wall/index.html'));
    expect(index.status).toBe(200);
    expect(await index.text()).toContain('wall.js');
    expect(index.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect((await handler!(new Request('app://wall/../package.json'))).status).not.toBe(200);
    const config = await b.fake.ipcMain.invoke(b.fake.liveWindows()[1]!.webContents, 'app://wall/index.html', 'kiosk:get-config');
    expect(config).toEqual({ controllerUrl: 'http://10.9.8.7:8080', displayId: '8', hostname: hostname() });
    expect(b.fake.powerSaveBlocks).toEqual(['prevent-display-sleep']);
    expect(b.fake.app.exits).toEqual([]);
  });

  it('stops with a dialog naming the key when the controller URL is bad', async () => {
    const b = boot({ IOC_CONTROLLER_URL: 'ioc-controller:8080' });
    await b.ready();
    expect(b.errors).toHaveLength(1);
    expect(b.errors[0]).toMatch(/Invalid kiosk configuration in environment: IOC_CONTROLLER_URL/);
    expect(b.fake.app.exits).toEqual([1]);
    expect(b.fake.windows).toHaveLength(0);
  });
});

describe('preload.cjs (sandboxed: it may require nothing but electron)', () => {
  it('exposes exactly the KioskApi as window.kiosk, each call on its listed channel', async () => {
    const source = readFileSync(path.resolve(here, '../dist-electron/preload.cjs'), 'utf8');
    expect([...source.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1])).toEqual(['electron']);

    const exposed = new Map<string, Record<string, (...args: unknown[]) => unknown>>();
    const calls: Array<[string, string, unknown[]]> = [];
    const electron = {
      contextBridge: { exposeInMainWorld: (key: string, api: Record<string, (...args: unknown[]) => unknown>) => exposed.set(key, api) },
      ipcRenderer: {
        invoke: async (channel: string, ...args: unknown[]) => (calls.push(['invoke', channel, args]), `answer:${channel}`),
        send: (channel: string, ...args: unknown[]) => void calls.push(['send', channel, args]),
      },
    };
    // Run it the way Electron's sandbox does: a function with its own require, no Node globals.
    new Function('require', 'module', 'exports', source)(
      (id: string) => (id === 'electron' ? electron : undefined),
      { exports: {} },
      {},
    );
    expect([...exposed.keys()]).toEqual(['kiosk']);
    const kiosk = exposed.get('kiosk')!;
    expect(Object.keys(kiosk).sort()).toEqual(
      ['displayInfo', 'getConfig', 'idleAfterSwitch', 'loadCachedState', 'loadIdentity', 'restart', 'saveCachedState', 'saveIdentity', 'screenshot', 'version'],
    );
    expect(await kiosk.getConfig!()).toBe(`answer:${IPC.getConfig}`);
    await kiosk.saveIdentity!({ deviceId: 'd', token: 't' });
    await kiosk.saveCachedState!('{"v":1}');
    kiosk.idleAfterSwitch!();
    expect(calls).toEqual([
      ['invoke', IPC.getConfig, []],
      ['invoke', IPC.saveIdentity, [{ deviceId: 'd', token: 't' }]],
      ['invoke', IPC.saveCachedState, ['{"v":1}']],
      ['send', IPC.idleAfterSwitch, []],
    ]);
  });
});
