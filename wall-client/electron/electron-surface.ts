/**
 * The narrow slice of Electron that the kiosk's policies use. Real Electron objects satisfy
 * these shapes (main.ts passes them in unchanged); unit tests pass a FakeElectron instead,
 * since no Electron binary can run in CI sandboxes.
 */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface DisplayLike {
  id: number;
  label: string;
  bounds: Rect;
  scaleFactor: number;
}

export interface PreventableEvent {
  preventDefault(): void;
}

export interface RenderGoneDetails {
  reason: string;
  exitCode: number;
}

export interface ImageLike {
  getSize(): { width: number; height: number };
  resize(options: { width: number }): ImageLike;
  toDataURL(): string;
}

export type WindowOpenResponse = { action: 'deny' };

export interface KioskWebContents {
  readonly id: number;
  on(event: 'render-process-gone', listener: (event: unknown, details: RenderGoneDetails) => void): unknown;
  on(event: 'unresponsive' | 'responsive' | 'did-finish-load', listener: () => void): unknown;
  on(event: 'will-navigate' | 'will-redirect', listener: (event: PreventableEvent, url: string) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: PreventableEvent) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => WindowOpenResponse): void;
  loadURL(url: string): Promise<void>;
  reload(): void;
  forcefullyCrashRenderer(): void;
  getOSProcessId(): number;
  insertCSS(css: string): Promise<string>;
  isDestroyed(): boolean;
  capturePage(): Promise<ImageLike>;
}

export interface WindowOptions {
  x: number;
  y: number;
  width: number;
  height: number;
  frame: false;
  kiosk: true;
  fullscreen: true;
  show: false;
  backgroundColor: string;
  autoHideMenuBar: true;
  title: string;
  webPreferences: object;
}

export interface KioskWindow {
  readonly id: number;
  readonly webContents: KioskWebContents;
  setBounds(bounds: Partial<Rect>): void;
  setKiosk(flag: boolean): void;
  show(): void;
  destroy(): void;
  isDestroyed(): boolean;
  once(event: 'ready-to-show', listener: () => void): unknown;
  on(event: 'closed', listener: () => void): unknown;
}

export interface KioskScreen {
  getAllDisplays(): DisplayLike[];
  on(event: 'display-added' | 'display-removed', listener: (event: unknown, display: DisplayLike) => void): unknown;
  on(
    event: 'display-metrics-changed',
    listener: (event: unknown, display: DisplayLike, changedMetrics: string[]) => void,
  ): unknown;
}

export interface ProcessMetricLike {
  pid: number;
  type: string;
  /** Kilobytes, as Electron reports them. */
  memory: { workingSetSize: number };
}

export interface ChildGoneDetails {
  type: string;
  reason: string;
  exitCode: number;
}

export interface KioskAppLike {
  relaunch(options?: { args?: string[] }): void;
  exit(exitCode?: number): void;
  getAppMetrics(): ProcessMetricLike[];
  getVersion(): string;
  on(event: 'child-process-gone', listener: (event: unknown, details: ChildGoneDetails) => void): unknown;
  on(event: 'web-contents-created', listener: (event: unknown, contents: KioskWebContents) => void): unknown;
}

export interface IpcEventLike {
  readonly sender: { readonly id: number };
  readonly senderFrame: { readonly url: string; readonly parent: unknown } | null;
}

export interface KioskIpcMain {
  handle(channel: string, listener: (event: IpcEventLike, ...args: unknown[]) => unknown): void;
  on(channel: string, listener: (event: IpcEventLike, ...args: unknown[]) => void): unknown;
}

export interface KioskSession {
  setPermissionRequestHandler(
    handler: ((contents: unknown, permission: string, callback: (granted: boolean) => void) => void) | null,
  ): void;
  setPermissionCheckHandler(handler: ((contents: unknown, permission: string) => boolean) | null): void;
  webRequest: {
    onHeadersReceived(
      filter: { urls: string[] },
      listener: (
        details: { url: string; responseHeaders?: Record<string, string[]> },
        callback: (response: { responseHeaders?: Record<string, string[]> }) => void,
      ) => void,
    ): void;
  };
}

export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  getSelectedStorageBackend?(): string;
}

export interface KioskLog {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}
