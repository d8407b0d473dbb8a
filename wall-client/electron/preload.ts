import { contextBridge, ipcRenderer } from 'electron';
import type { KioskApi, KioskConfig, KioskDisplayInfo, KioskIdentity } from '../src/kiosk-api';
import { IPC } from './ipc-channels';

/**
 * The whole bridge between the sandboxed renderer and the main process: a fixed set of typed
 * calls, never ipcRenderer itself (security checklist: do not expose Electron APIs).
 * Bundled to CommonJS because sandboxed preloads cannot load ES modules.
 */
const api: KioskApi = {
  getConfig: () => ipcRenderer.invoke(IPC.getConfig) as Promise<KioskConfig>,
  loadIdentity: () => ipcRenderer.invoke(IPC.loadIdentity) as Promise<KioskIdentity | null>,
  saveIdentity: (identity) => ipcRenderer.invoke(IPC.saveIdentity, identity) as Promise<void>,
  loadCachedState: () => ipcRenderer.invoke(IPC.loadCachedState) as Promise<string | null>,
  saveCachedState: (json) => ipcRenderer.invoke(IPC.saveCachedState, json) as Promise<void>,
  displayInfo: () => ipcRenderer.invoke(IPC.displayInfo) as Promise<KioskDisplayInfo>,
  screenshot: () => ipcRenderer.invoke(IPC.screenshot) as Promise<string>,
  version: () => ipcRenderer.invoke(IPC.version) as Promise<string>,
  restart: () => ipcRenderer.invoke(IPC.restart) as Promise<void>,
  idleAfterSwitch: () => ipcRenderer.send(IPC.idleAfterSwitch),
};

contextBridge.exposeInMainWorld('kiosk', api);
