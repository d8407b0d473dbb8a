/**
 * Every IPC channel between the kiosk's main process and its preload, in one place, so that a
 * review of the attack surface reads one file. Main and preload both import this.
 */
export const IPC = {
  getConfig: 'kiosk:get-config',
  loadIdentity: 'kiosk:load-identity',
  saveIdentity: 'kiosk:save-identity',
  loadCachedState: 'kiosk:load-cached-state',
  saveCachedState: 'kiosk:save-cached-state',
  displayInfo: 'kiosk:display-info',
  screenshot: 'kiosk:screenshot',
  version: 'kiosk:version',
  restart: 'kiosk:restart',
  /** One-way (ipcRenderer.send): the renderer finished a switch and may be reloaded now. */
  idleAfterSwitch: 'kiosk:idle-after-switch',
} as const;

export type IpcChannel = (typeof IPC)[keyof typeof IPC];

/** Channels answered with ipcMain.handle; the rest are one-way. */
export const INVOKE_CHANNELS = [
  IPC.getConfig,
  IPC.loadIdentity,
  IPC.saveIdentity,
  IPC.loadCachedState,
  IPC.saveCachedState,
  IPC.displayInfo,
  IPC.screenshot,
  IPC.version,
  IPC.restart,
] as const;

/** The custom scheme the bundled renderer is served from (see app-protocol.ts). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'wall';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;
