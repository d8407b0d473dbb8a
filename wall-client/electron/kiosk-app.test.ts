import { mkdtempSync, readFileSync, rmSync, statSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { KioskFileSchema, type ResolvedKioskConfig } from './config';
import { APP_ENTRY_URL, IPC } from './ipc-channels';
import type { ControllerDiscovery } from './discovery';
import { createKioskApp, type KioskApp } from './kiosk-app';
import { FakeElectron, fakeDisplay } from './testing/fake-electron';
import { buildWebPreferences, HIDE_CURSOR_CSS } from './web-preferences';

const CONTROLLER = 'http://10.0.0.5:8080';
const APP_URL = 'app://wall/index.html';

let userData: string;
let fake: FakeElectron;
let kiosk: KioskApp | undefined;

function config(overrides: Partial<ResolvedKioskConfig> = {}): ResolvedKioskConfig {
  return {
    ...KioskFileSchema.parse({}),
    controllerUrl: CONTROLLER,
    controllerSource: 'flag',
    file: undefined,
    ...overrides,
  };
}

function start(overrides: Partial<ResolvedKioskConfig> = {}, discovery?: ControllerDiscovery): KioskApp {
  kiosk = createKioskApp({
    discovery,
    app: fake.app,
    screen: fake.screen,
    ipcMain: fake.ipcMain,
    session: fake.session,
    safeStorage: fake.safeStorage,
    powerSaveBlocker: fake.powerSaveBlocker,
    createWindow: fake.createWindow,
    config: config(overrides),
    preloadPath: '/opt/kiosk/preload.cjs',
    userDataDir: userData,
    hostname: 'screen-pc-07',
    relaunchArgs: ['main.cjs', `--controller=${CONTROLLER}`],
    log: fake.log,
  });
  kiosk.start();
  return kiosk;
}

const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

beforeEach(() => {
  userData = mkdtempSync(path.join(tmpdir(), 'kiosk-app-'));
  fake = new FakeElectron([fakeDisplay(1, 0), fakeDisplay(2, 1920)]);
});

afterEach(() => {
  kiosk?.close();
  kiosk = undefined;
  vi.useRealTimers();
  rmSync(userData, { recursive: true, force: true });
});

describe('windows per display', () => {
  it('opens one frameless fullscreen kiosk window per display, on that display, with the app page', async () => {
    start();
    await flush();
    const windows = fake.liveWindows();
    expect(windows).toHaveLength(2);
    expect(windows.map((w) => w.bounds)).toEqual([
      { x: 0, y: 0, width: 1920, height: 1080 },
      { x: 1920, y: 0, width: 1920, height: 1080 },
    ]);
    for (const w of windows) {
      expect(w.options).toMatchObject({ frame: false, kiosk: true, fullscreen: true, show: false });
      expect(w.options.webPreferences).toEqual(buildWebPreferences('/opt/kiosk/preload.cjs'));
      expect(w.shown).toBe(true);
      expect(w.webContents.loads).toEqual([APP_ENTRY_URL]);
      expect(w.webContents.insertedCss).toEqual([HIDE_CURSOR_CSS]);
    }
    expect(fake.powerSaveBlocks).toEqual(['prevent-display-sleep']);
  });

  it('follows hot-plug: a new display gets a window, an unplugged one loses it, a moved one moves it', async () => {
    const app = start();
    fake.screen.plug(fakeDisplay(3, 3840, 3840, 2160));
    expect([...app.windows().keys()]).toEqual(['1', '2', '3']);
    expect(fake.liveWindows().at(-1)?.bounds).toEqual({ x: 3840, y: 0, width: 3840, height: 2160 });

    fake.screen.unplug(2);
    expect([...app.windows().keys()]).toEqual(['1', '3']);
    expect(fake.liveWindows()).toHaveLength(2);

    fake.screen.move(3, { x: 1920, y: 0, width: 3840, height: 2160 });
    expect(app.windows().get('3')?.isDestroyed()).toBe(false);
    expect((app.windows().get('3') as unknown as { bounds: unknown }).bounds).toEqual({ x: 1920, y: 0, width: 3840, height: 2160 });
    await flush();
  });

  it('reopens a window that was closed while its display is still there', () => {
    const app = start();
    const first = app.windows().get('1');
    (first as unknown as { destroy(): void }).destroy();
    const second = app.windows().get('1');
    expect(second).toBeDefined();
    expect(second).not.toBe(first);
    expect(fake.liveWindows()).toHaveLength(2);
  });
});

describe('recovery', () => {
  it('loads a new renderer when the renderer process is gone', () => {
    const app = start();
    const contents = fake.liveWindows()[0]!.webContents;
    const pidBefore = contents.pid;
    contents.crash('oom');
    expect(contents.loads).toEqual([APP_ENTRY_URL, APP_ENTRY_URL]);
    expect(contents.pid).not.toBe(pidBefore);
    expect(app.windows().get('1')?.webContents).toBe(contents);
  });

  it('replaces the whole window when the renderer keeps dying', () => {
    const app = start();
    const first = app.windows().get('1')!;
    for (let i = 0; i < 3; i++) (first.webContents as unknown as { crash(): void }).crash();
    expect(first.isDestroyed()).toBe(true);
    const replacement = app.windows().get('1')!;
    expect(replacement).not.toBe(first);
    expect((replacement.webContents as unknown as { loads: string[] }).loads).toEqual([APP_ENTRY_URL]);
  });

  it('crashes and reloads a renderer still unresponsive after the grace period, once', () => {
    vi.useFakeTimers();
    start({ unresponsiveGraceMs: 10_000 });
    const contents = fake.liveWindows()[0]!.webContents;
    contents.emit('unresponsive');
    vi.advanceTimersByTime(9_999);
    expect(contents.forcedCrashes).toBe(0);
    vi.advanceTimersByTime(1);
    expect(contents.forcedCrashes).toBe(1);
    vi.advanceTimersByTime(10); // the crash's render-process-gone arrives
    expect(contents.loads).toEqual([APP_ENTRY_URL, APP_ENTRY_URL]);
  });

  it('leaves a renderer alone that becomes responsive within the grace period', () => {
    vi.useFakeTimers();
    start({ unresponsiveGraceMs: 10_000 });
    const contents = fake.liveWindows()[0]!.webContents;
    contents.emit('unresponsive');
    vi.advanceTimersByTime(5_000);
    contents.emit('responsive');
    vi.advanceTimersByTime(60_000);
    expect(contents.forcedCrashes).toBe(0);
    expect(contents.loads).toEqual([APP_ENTRY_URL]);
  });

  it('relaunches the app when the GPU process dies, and falls back to software rendering in a crash loop', () => {
    start();
    fake.app.gpuGone();
    expect(fake.app.relaunches).toEqual([{ args: ['main.cjs', `--controller=${CONTROLLER}`] }]);
    expect(fake.app.exits).toEqual([0]);
    fake.app.gpuGone();
    fake.app.gpuGone();
    fake.app.gpuGone();
    expect(fake.app.relaunches.at(-1)).toEqual({ args: ['main.cjs', `--controller=${CONTROLLER}`, '--disable-gpu'] });
    // The history survives the relaunch (a new process) because it is on disk.
    expect(JSON.parse(readFileSync(path.join(userData, 'gpu-relaunches.json'), 'utf8'))).toHaveLength(4);
    // Other child processes dying is not a reason to relaunch.
    fake.app.emit('child-process-gone', {}, { type: 'Utility', reason: 'crashed', exitCode: 1 });
    expect(fake.app.relaunches).toHaveLength(4);
  });

  it('does not relaunch forever when software rendering also crashes', () => {
    kiosk = createKioskApp({
      app: fake.app, screen: fake.screen, ipcMain: fake.ipcMain, session: fake.session, safeStorage: fake.safeStorage,
      powerSaveBlocker: fake.powerSaveBlocker, createWindow: fake.createWindow, config: config(),
      preloadPath: '/p.cjs', userDataDir: userData, hostname: 'pc', relaunchArgs: ['main.cjs', '--disable-gpu'], log: fake.log,
    });
    kiosk.start();
    for (let i = 0; i < 5; i++) fake.app.gpuGone();
    expect(fake.app.relaunches).toHaveLength(3);
    expect(fake.log.has('not relaunching')).toBe(true);
  });
});

describe('memory budget', () => {
  it('plans a reload over budget and does it only when the renderer says it is idle after a switch', async () => {
    vi.useFakeTimers();
    start({ memoryBudgetMb: 512, memoryCheckIntervalMs: 60_000, maxPlannedReloadDelayMs: 30 * 60_000 });
    const [one, two] = fake.liveWindows();
    fake.app.workingSetKb.set(one!.webContents.pid, 900 * 1024);
    fake.app.workingSetKb.set(two!.webContents.pid, 300 * 1024);
    vi.advanceTimersByTime(60_000);
    expect(one!.webContents.loads).toHaveLength(1); // over budget, but mid-show: no reload yet

    fake.ipcMain.send(two!.webContents, APP_URL, IPC.idleAfterSwitch);
    expect(two!.webContents.loads).toHaveLength(1); // under budget: idle means nothing

    fake.ipcMain.send(one!.webContents, APP_URL, IPC.idleAfterSwitch);
    expect(one!.webContents.loads).toHaveLength(2);
    fake.ipcMain.send(one!.webContents, APP_URL, IPC.idleAfterSwitch);
    expect(one!.webContents.loads).toHaveLength(2); // one reload per budget breach
  });

  it('reloads after the max delay when the renderer never reports idle', () => {
    vi.useFakeTimers();
    start({ memoryBudgetMb: 512, memoryCheckIntervalMs: 60_000, maxPlannedReloadDelayMs: 600_000 });
    const one = fake.liveWindows()[0]!;
    fake.app.workingSetKb.set(one.webContents.pid, 2048 * 1024);
    vi.advanceTimersByTime(60_000 + 599_999);
    expect(one.webContents.loads).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(one.webContents.loads).toHaveLength(2);
  });
});

describe('IPC', () => {
  it('answers our windows with their own display, config and version', async () => {
    start();
    const [one, two] = fake.liveWindows();
    expect(await fake.ipcMain.invoke(one!.webContents, APP_URL, IPC.getConfig)).toEqual({ controllerUrl: CONTROLLER, displayId: '1', hostname: 'screen-pc-07' });
    expect(await fake.ipcMain.invoke(two!.webContents, APP_URL, IPC.displayInfo)).toEqual({
      id: '2', label: 'Fake monitor 2', bounds: { x: 1920, y: 0, width: 1920, height: 1080 }, scaleFactor: 1,
    });
    expect(await fake.ipcMain.invoke(one!.webContents, APP_URL, IPC.version)).toBe('0.1.0-fake');
    const shot = (await fake.ipcMain.invoke(one!.webContents, APP_URL, IPC.screenshot)) as string;
    expect(shot.startsWith('data:image/png;base64,')).toBe(true);
    expect(Buffer.from(shot.split(',')[1]!, 'base64').toString()).toBe('fake-png 960x540');
  });

  it('rejects a foreign origin, an unknown sender and an iframe', async () => {
    start();
    const one = fake.liveWindows()[0]!;
    await expect(fake.ipcMain.invoke(one.webContents, 'https://evil.example/x', IPC.loadIdentity)).rejects.toThrow(/untrusted sender/);
    await expect(fake.ipcMain.invoke(one.webContents, `${CONTROLLER}/wall`, IPC.getConfig)).rejects.toThrow(/untrusted sender/);
    await expect(fake.ipcMain.invoke({ id: 99_999 }, APP_URL, IPC.getConfig)).rejects.toThrow(/untrusted sender/);
    const handler = fake.ipcMain.handlers.get(IPC.getConfig)!;
    expect(() => handler({ sender: one.webContents, senderFrame: { url: APP_URL, parent: {} } })).toThrow(/untrusted sender/);
    // a one-way message from a foreign origin is dropped, not acted on
    fake.ipcMain.send(one.webContents, 'https://evil.example/', IPC.idleAfterSwitch);
    expect(fake.log.lines.filter((l) => l.message === 'rejected IPC')).toHaveLength(5);
  });

  it('keeps identity and cached state per display on disk; the token is encrypted', async () => {
    start();
    const [one, two] = fake.liveWindows();
    expect(await fake.ipcMain.invoke(one!.webContents, APP_URL, IPC.loadIdentity)).toBeNull();
    await fake.ipcMain.invoke(one!.webContents, APP_URL, IPC.saveIdentity, { deviceId: 'dev-1', token: 'secret-token-1' });
    await fake.ipcMain.invoke(one!.webContents, APP_URL, IPC.saveCachedState, '{"version":7}');
    expect(await fake.ipcMain.invoke(one!.webContents, APP_URL, IPC.loadIdentity)).toEqual({ deviceId: 'dev-1', token: 'secret-token-1' });
    expect(await fake.ipcMain.invoke(one!.webContents, APP_URL, IPC.loadCachedState)).toBe('{"version":7}');
    expect(await fake.ipcMain.invoke(two!.webContents, APP_URL, IPC.loadIdentity)).toBeNull();
    expect(await fake.ipcMain.invoke(two!.webContents, APP_URL, IPC.loadCachedState)).toBeNull();
    const dir = path.join(userData, 'screens');
    expect(readdirSync(dir).sort()).toEqual(['1.identity', '1.state.json']);
    expect(readFileSync(path.join(dir, '1.identity')).includes('secret-token-1')).toBe(false);
    await expect(fake.ipcMain.invoke(one!.webContents, APP_URL, IPC.saveIdentity, { deviceId: '' })).rejects.toThrow();
    await expect(fake.ipcMain.invoke(one!.webContents, APP_URL, IPC.saveCachedState, 'not json')).rejects.toThrow();
    await fake.ipcMain.invoke(one!.webContents, APP_URL, IPC.saveCachedState, '');
    expect(await fake.ipcMain.invoke(one!.webContents, APP_URL, IPC.loadCachedState)).toBeNull();
  });

  it('stores the token plain with mode 0600 and a warning when safeStorage is unavailable', async () => {
    fake.safeStorage.available = false;
    start();
    const one = fake.liveWindows()[0]!;
    await fake.ipcMain.invoke(one.webContents, APP_URL, IPC.saveIdentity, { deviceId: 'dev-1', token: 't' });
    const file = path.join(userData, 'screens', '1.identity');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(fake.log.has('stored unencrypted')).toBe(true);
    expect(await fake.ipcMain.invoke(one.webContents, APP_URL, IPC.loadIdentity)).toEqual({ deviceId: 'dev-1', token: 't' });
  });

  it('restart relaunches the app', async () => {
    start();
    await fake.ipcMain.invoke(fake.liveWindows()[0]!.webContents, APP_URL, IPC.restart);
    expect(fake.app.relaunches).toHaveLength(1);
    expect(fake.app.exits).toEqual([0]);
  });
});

describe('controller discovery', () => {
  it('with no URL configured, uses the controller found on the LAN and reloads the screens with it', async () => {
    let answer!: (url: string | undefined) => void;
    const searches: number[] = [];
    const discovery: ControllerDiscovery = {
      find: (timeoutMs) => (searches.push(timeoutMs), new Promise((resolve) => (answer = resolve))),
      close: () => undefined,
    };
    const app = start({ controllerUrl: undefined, controllerSource: 'default' }, discovery);
    const one = fake.liveWindows()[0]!;
    expect(await fake.ipcMain.invoke(one.webContents, APP_URL, IPC.getConfig)).toMatchObject({ controllerUrl: '' });
    expect(app.contentSecurityPolicy()).not.toContain('10.0.0.9');
    answer('http://10.0.0.9:8080');
    await flush();
    expect(searches).toHaveLength(1);
    expect(await fake.ipcMain.invoke(one.webContents, APP_URL, IPC.getConfig)).toMatchObject({ controllerUrl: 'http://10.0.0.9:8080' });
    expect(one.webContents.loads).toEqual([APP_ENTRY_URL, APP_ENTRY_URL]);
    expect(fake.log.has('controller discovered')).toBe(true);
    // Navigation to the discovered controller is now allowed, and only to it.
    expect(one.webContents.navigate('http://10.0.0.9:8080/wall')).toBe(true);
    expect(one.webContents.navigate('http://10.0.0.10:8080/wall')).toBe(false);
  });

  it('keeps searching while nobody answers', async () => {
    vi.useFakeTimers();
    const searches: number[] = [];
    const discovery: ControllerDiscovery = { find: async (t) => (searches.push(t), undefined), close: () => undefined };
    start({ controllerUrl: undefined, controllerSource: 'default' }, discovery);
    await vi.advanceTimersByTimeAsync(45_000);
    expect(searches.length).toBe(3);
  });
});
