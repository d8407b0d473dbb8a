/**
 * The preload API the Electron kiosk exposes to the renderer as `window.kiosk`. In browser
 * mode it is absent and the renderer falls back to the page's origin and localStorage.
 * The channels behind it are listed in electron/ipc-channels.ts.
 */
export interface KioskIdentity {
  deviceId: string;
  token?: string;
}

export interface KioskConfig {
  controllerUrl: string;
  /** Electron's display id of the monitor this window covers. */
  displayId: string;
  /** The machine's hostname, shown on the pairing screen (the browser cannot know it). */
  hostname?: string;
}

export interface KioskDisplayInfo {
  id: string;
  label: string;
  bounds: { x: number; y: number; width: number; height: number };
  scaleFactor: number;
}

export interface KioskApi {
  getConfig(): Promise<KioskConfig>;
  loadIdentity(): Promise<KioskIdentity | null>;
  saveIdentity(identity: KioskIdentity): Promise<void>;
  /** Last applied wall state, kept on disk so a restarted screen shows it at once. */
  loadCachedState(): Promise<string | null>;
  saveCachedState(json: string): Promise<void>;
  displayInfo(): Promise<KioskDisplayInfo>;
  /** PNG data URL of this window, for the console's thumbnails. */
  screenshot(): Promise<string>;
  version(): Promise<string>;
  restart(): Promise<void>;
  /** Tells the main process a switch just finished: a planned reload may happen now. */
  idleAfterSwitch(): void;
}

declare global {
  interface Window {
    kiosk?: KioskApi;
  }
}
