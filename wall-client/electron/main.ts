import path from 'node:path';
import os from 'node:os';
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  powerSaveBlocker,
  protocol,
  safeStorage,
  screen,
  session,
} from 'electron';
import { createAppProtocolHandler, APP_SCHEME_PRIVILEGES } from './app-protocol';
import { ensureStartAtLogin } from './autostart';
import { configFiles, KioskConfigError, resolveKioskConfig } from './config';
import { createControllerDiscovery } from './discovery';
import { createFileLog } from './file-log';
import { APP_SCHEME } from './ipc-channels';
import { createKioskApp, readBundleFile, readTextIfPresent } from './kiosk-app';

/**
 * Electron entry of the wall kiosk. It only wires real Electron into kiosk-app.ts, where the
 * policies live (and are unit-tested against a FakeElectron).
 */

// Must happen before `ready`: a privileged standard scheme gets an origin, fetch and CORS.
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { ...APP_SCHEME_PRIVILEGES } }]);

const userDataFlag = process.argv.find((a) => a.startsWith('--user-data-dir='));
app.setPath(
  'userData',
  userDataFlag ? path.resolve(userDataFlag.slice('--user-data-dir='.length)) : path.join(app.getPath('appData'), 'ioc-wall-kiosk'),
);
app.setAppLogsPath(path.join(app.getPath('userData'), 'logs'));
// Wall video is muted and starts without anyone touching the screen.
app.commandLine.appendSwitch('autoplay-policy', 'no-user-gesture-required');

const log = createFileLog(app.getPath('logs'));

function fail(err: unknown): void {
  const message = err instanceof Error ? err.message : String(err);
  log.error('kiosk start-up failed', { error: message });
  void app.whenReady().then(() => {
    dialog.showErrorBox('IOC wall kiosk cannot start', message);
    app.exit(1);
  });
}

function main(): void {
  if (!app.requestSingleInstanceLock()) {
    log.warn('another kiosk instance is running; exiting');
    app.quit();
    return;
  }
  app.on('second-instance', () => log.info('second instance started and refused'));
  // Unplugging every monitor must not quit: the windows come back with the displays.
  app.on('window-all-closed', () => undefined);

  let config;
  try {
    config = resolveKioskConfig({
      argv: process.argv,
      env: process.env,
      files: configFiles(app.getPath('userData')),
      readFile: readTextIfPresent,
    });
  } catch (err) {
    if (err instanceof KioskConfigError) return fail(err);
    throw err;
  }
  log.info('kiosk starting', {
    version: app.getVersion(),
    controllerUrl: config.controllerUrl ?? null,
    controllerSource: config.controllerSource,
    configFile: config.file ?? null,
  });

  void app.whenReady().then(async () => {
    const rendererRoot = path.join(__dirname, '..', 'dist');
    const kiosk = createKioskApp({
      app,
      screen,
      ipcMain,
      session: session.defaultSession,
      safeStorage,
      powerSaveBlocker,
      createWindow: (options) => new BrowserWindow(options),
      config,
      preloadPath: path.join(__dirname, 'preload.cjs'),
      userDataDir: app.getPath('userData'),
      hostname: os.hostname(),
      relaunchArgs: process.argv.slice(1),
      log,
      discovery: config.discovery && config.controllerUrl === undefined ? createControllerDiscovery() : undefined,
    });
    protocol.handle(
      APP_SCHEME,
      createAppProtocolHandler({ rootDir: rendererRoot, readFile: readBundleFile, contentSecurityPolicy: kiosk.contentSecurityPolicy }),
    );
    kiosk.start();
    app.on('before-quit', () => kiosk.close());
    try {
      log.info('start at login', {
        result: await ensureStartAtLogin({
          platform: process.platform,
          env: process.env,
          homeDir: os.homedir(),
          setLoginItemSettings: (s) => app.setLoginItemSettings(s),
        }),
      });
    } catch (err) {
      log.warn('could not set up start at login', { error: String(err) });
    }
  }, fail);
}

main();
