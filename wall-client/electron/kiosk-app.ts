import path from 'node:path';
import { promises as fs, readFileSync } from 'node:fs';
import type { KioskConfig, KioskDisplayInfo } from '../src/kiosk-api';
import type { ResolvedKioskConfig } from './config';
import type { ControllerDiscovery } from './discovery';
import type {
  KioskAppLike,
  KioskIpcMain,
  KioskLog,
  KioskScreen,
  KioskSession,
  KioskWindow,
  SafeStorageLike,
  WindowOptions,
} from './electron-surface';
import { attachGpuGuard, fileRelaunchLog } from './gpu-guard';
import { APP_ENTRY_URL, IPC } from './ipc-channels';
import { registerGuardedIpc } from './ipc-guard';
import { createKioskStore } from './kiosk-store';
import { createMemoryBudget } from './memory-budget';
import { attachRendererRecovery, type RendererRecovery } from './renderer-recovery';
import { contentSecurityPolicy, controllerOriginOf, guardWebContents, guardWebviews, hardenSession } from './security';
import { buildWebPreferences } from './web-preferences';
import { createWindowManager } from './window-manager';

/**
 * The kiosk's main process, built from an Electron-shaped surface so that every policy runs in
 * unit tests against a FakeElectron. main.ts passes the real modules.
 */
export interface KioskAppDeps {
  app: KioskAppLike;
  screen: KioskScreen;
  ipcMain: KioskIpcMain;
  session: KioskSession;
  safeStorage: SafeStorageLike;
  powerSaveBlocker: { start(type: 'prevent-display-sleep'): number };
  createWindow(options: WindowOptions): KioskWindow;
  config: ResolvedKioskConfig;
  preloadPath: string;
  userDataDir: string;
  /** The PC's host name, for the pairing screen (under app:// the page only sees "wall"). */
  hostname: string;
  /** process.argv without the executable, handed to app.relaunch. */
  relaunchArgs: string[];
  log: KioskLog;
  discovery?: ControllerDiscovery;
}

export interface KioskApp {
  start(): void;
  close(): void;
  controllerUrl(): string | undefined;
  contentSecurityPolicy(): string;
  windows(): ReadonlyMap<string, KioskWindow>;
}

/** Screenshots feed console thumbnails; a 4K PNG would be megabytes per poll. */
export const SCREENSHOT_MAX_WIDTH = 960;

export function createKioskApp(deps: KioskAppDeps): KioskApp {
  const { config, log } = deps;
  let controllerUrl = config.controllerUrl;
  const controllerOrigin = () => controllerOriginOf(controllerUrl);
  const csp = () => contentSecurityPolicy({
      controllerOrigin: controllerOrigin(),
      allowedOrigins: config.allowedOrigins,
      restrictRemoteOrigins: config.restrictRemoteOrigins,
    });
  const store = createKioskStore(deps.userDataDir, deps.safeStorage, log);
  const recoveries = new Map<string, RendererRecovery>();
  let discoveryTimer: ReturnType<typeof setTimeout> | undefined;
  let closed = false;

  const windows = createWindowManager({
    screen: deps.screen,
    createWindow: deps.createWindow,
    webPreferences: buildWebPreferences(deps.preloadPath),
    entryUrl: APP_ENTRY_URL,
    log,
    onWindowCreated(window, displayId) {
      guardWebContents(window.webContents, controllerOrigin, log);
      recoveries.set(
        displayId,
        attachRendererRecovery(window, {
          unresponsiveGraceMs: config.unresponsiveGraceMs,
          log,
          recreate: () => windows.recreate(displayId),
        }),
      );
    },
    onWindowClosed(_window, displayId) {
      recoveries.get(displayId)?.dispose();
      recoveries.delete(displayId);
      memory.forget(displayId);
    },
  });

  const memory = createMemoryBudget({
    app: deps.app,
    windows: () => windows.windows().entries(),
    budgetBytes: config.memoryBudgetMb * 2 ** 20,
    checkIntervalMs: config.memoryCheckIntervalMs,
    maxDelayMs: config.maxPlannedReloadDelayMs,
    reload: (displayId, reason) => recoveries.get(displayId)?.plannedReload(reason),
    log,
  });

  function displayOf(senderId: number): string {
    const displayId = windows.displayIdOf(senderId);
    if (displayId === undefined) throw new Error('sender is not a kiosk window');
    return displayId;
  }

  function registerIpc(): void {
    const isOurs = (id: number) => windows.displayIdOf(id) !== undefined;
    registerGuardedIpc(
      deps.ipcMain,
      isOurs,
      {
        [IPC.getConfig]: (id): KioskConfig => ({
          controllerUrl: controllerUrl ?? '',
          displayId: displayOf(id),
          hostname: deps.hostname,
        }),
        [IPC.loadIdentity]: (id) => store.loadIdentity(displayOf(id)),
        [IPC.saveIdentity]: (id, identity) => store.saveIdentity(displayOf(id), identity),
        [IPC.loadCachedState]: (id) => store.loadCachedState(displayOf(id)),
        [IPC.saveCachedState]: (id, json) => store.saveCachedState(displayOf(id), json),
        [IPC.displayInfo]: (id): KioskDisplayInfo => {
          const displayId = displayOf(id);
          const display = windows.display(displayId);
          if (!display) throw new Error(`display ${displayId} is gone`);
          return { id: displayId, label: display.label, bounds: { ...display.bounds }, scaleFactor: display.scaleFactor };
        },
        [IPC.screenshot]: async (id) => {
          const window = windows.windows().get(displayOf(id));
          if (!window) throw new Error('window is gone');
          const image = await window.webContents.capturePage();
          const scaled = image.getSize().width > SCREENSHOT_MAX_WIDTH ? image.resize({ width: SCREENSHOT_MAX_WIDTH }) : image;
          return scaled.toDataURL();
        },
        [IPC.version]: () => deps.app.getVersion(),
        [IPC.restart]: (id) => {
          log.warn('restart requested by renderer', { displayId: displayOf(id) });
          deps.app.relaunch({ args: deps.relaunchArgs });
          deps.app.exit(0);
        },
      },
      { [IPC.idleAfterSwitch]: (id) => memory.idleAfterSwitch(displayOf(id)) },
      log,
    );
  }

  function discover(): void {
    const discovery = deps.discovery;
    if (!discovery || closed || controllerUrl !== undefined) return;
    discovery
      .find(10_000)
      .then((url) => {
        if (closed || controllerUrl !== undefined) return;
        if (url === undefined) {
          discoveryTimer = setTimeout(discover, 20_000);
          return;
        }
        controllerUrl = url;
        log.info('controller discovered over mDNS', { controllerUrl: url });
        for (const recovery of recoveries.values()) recovery.plannedReload('controller discovered');
      })
      .catch((err: unknown) => log.error('mDNS discovery failed', { error: String(err) }));
  }

  const gpuHistory = path.join(deps.userDataDir, 'gpu-relaunches.json');

  return {
    start() {
      hardenSession(deps.session, csp, log);
      guardWebviews(deps.app, log);
      attachGpuGuard({
        app: deps.app,
        argv: deps.relaunchArgs,
        log,
        history: fileRelaunchLog(gpuHistory, log),
      });
      registerIpc();
      deps.powerSaveBlocker.start('prevent-display-sleep');
      windows.start();
      memory.start();
      if (controllerUrl === undefined) {
        if (config.discovery && deps.discovery) discover();
        else log.warn('no controller URL configured and discovery is off: screens show their cached state only');
      }
    },
    close() {
      closed = true;
      if (discoveryTimer !== undefined) clearTimeout(discoveryTimer);
      deps.discovery?.close();
      memory.close();
      windows.close();
    },
    controllerUrl: () => controllerUrl,
    contentSecurityPolicy: csp,
    windows: () => windows.windows(),
  };
}

/** Reads a file if present; config.ts takes this shape. */
export function readTextIfPresent(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

export const readBundleFile = (file: string): Promise<Uint8Array> => fs.readFile(file);
