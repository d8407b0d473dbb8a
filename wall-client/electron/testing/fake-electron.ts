import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type {
  ChildGoneDetails,
  DisplayLike,
  ImageLike,
  IpcEventLike,
  KioskAppLike,
  KioskIpcMain,
  KioskLog,
  KioskScreen,
  KioskSession,
  KioskWebContents,
  KioskWindow,
  PreventableEvent,
  ProcessMetricLike,
  Rect,
  SafeStorageLike,
  WindowOpenResponse,
  WindowOptions,
} from '../electron-surface';

/**
 * A FakeElectron for unit tests: it implements the slice of Electron the kiosk uses
 * (electron-surface.ts) with plain objects, because no Electron binary runs here. It behaves
 * like Electron where the policies depend on it: destroy() emits `closed`, a forced crash
 * emits `render-process-gone` on the next tick, a reload starts a new renderer process.
 */
type Listener = (...args: never[]) => void;

class FakeEmitter {
  private listeners = new Map<string, Listener[]>();
  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  once(event: string, listener: Listener): this {
    const wrapped = ((...args: never[]) => {
      this.listeners.set(event, (this.listeners.get(event) ?? []).filter((l) => l !== wrapped));
      listener(...args);
    }) as Listener;
    return this.on(event, wrapped);
  }
  emit(event: string, ...args: unknown[]): void {
    for (const listener of [...(this.listeners.get(event) ?? [])]) (listener as (...a: unknown[]) => void)(...args);
  }
  listenerCount(event: string): number {
    return this.listeners.get(event)?.length ?? 0;
  }
}

export class FakeEvent implements PreventableEvent {
  defaultPrevented = false;
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}

class FakeImage implements ImageLike {
  constructor(private readonly width: number, private readonly height: number) {}
  getSize() {
    return { width: this.width, height: this.height };
  }
  resize(options: { width: number }): ImageLike {
    return new FakeImage(options.width, Math.round((this.height * options.width) / this.width));
  }
  toDataURL(): string {
    return `data:image/png;base64,${Buffer.from(`fake-png ${this.width}x${this.height}`).toString('base64')}`;
  }
}

let nextId = 1;
let nextPid = 1000;

export class FakeWebContents extends FakeEmitter implements KioskWebContents {
  readonly id = nextId++;
  pid = nextPid++;
  destroyed = false;
  /** URLs the renderer loaded, one per renderer document (loadURL and reload). */
  readonly loads: string[] = [];
  forcedCrashes = 0;
  insertedCss: string[] = [];
  private openHandler: ((details: { url: string }) => WindowOpenResponse) | undefined;
  private crashed = false;

  constructor(private readonly size: { width: number; height: number }) {
    super();
  }
  setWindowOpenHandler(handler: (details: { url: string }) => WindowOpenResponse): void {
    this.openHandler = handler;
  }
  async loadURL(url: string): Promise<void> {
    this.loads.push(url);
    this.finishLoad();
  }
  reload(): void {
    if (this.crashed) {
      this.crashed = false;
      this.pid = nextPid++;
    }
    this.loads.push(this.loads.at(-1) ?? 'about:blank');
    this.finishLoad();
  }
  forcefullyCrashRenderer(): void {
    this.forcedCrashes++;
    this.crashed = true;
    setTimeout(() => this.emit('render-process-gone', new FakeEvent(), { reason: 'killed', exitCode: 9 }), 0);
  }
  getOSProcessId(): number {
    return this.pid;
  }
  async insertCSS(css: string): Promise<string> {
    this.insertedCss.push(css);
    return `key-${this.insertedCss.length}`;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  async capturePage(): Promise<ImageLike> {
    return new FakeImage(this.size.width, this.size.height);
  }

  // ---- test controls ----
  /** The renderer process dies (as a real crash or OOM would). */
  crash(reason = 'crashed'): void {
    this.crashed = true;
    this.emit('render-process-gone', new FakeEvent(), { reason, exitCode: 139 });
  }
  /** The page tries to navigate; returns true when the navigation was allowed. */
  navigate(url: string, kind: 'will-navigate' | 'will-redirect' = 'will-navigate'): boolean {
    const event = new FakeEvent();
    this.emit(kind, event, url);
    return !event.defaultPrevented;
  }
  windowOpen(url: string): WindowOpenResponse | undefined {
    return this.openHandler?.({ url });
  }
  attachWebview(): boolean {
    const event = new FakeEvent();
    this.emit('will-attach-webview', event);
    return !event.defaultPrevented;
  }
  private finishLoad(): void {
    queueMicrotask(() => this.emit('did-finish-load'));
  }
}

export class FakeWindow extends FakeEmitter implements KioskWindow {
  readonly id = nextId++;
  readonly webContents: FakeWebContents;
  bounds: Rect;
  kiosk = true;
  shown = false;
  destroyed = false;

  constructor(readonly options: WindowOptions) {
    super();
    this.bounds = { x: options.x, y: options.y, width: options.width, height: options.height };
    this.webContents = new FakeWebContents({ width: options.width, height: options.height });
    queueMicrotask(() => this.emit('ready-to-show'));
  }
  setBounds(bounds: Partial<Rect>): void {
    this.bounds = { ...this.bounds, ...bounds };
  }
  setKiosk(flag: boolean): void {
    this.kiosk = flag;
  }
  show(): void {
    this.shown = true;
  }
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.webContents.destroyed = true;
    this.emit('closed');
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
}

export class FakeScreen extends FakeEmitter implements KioskScreen {
  constructor(public displays: DisplayLike[]) {
    super();
  }
  getAllDisplays(): DisplayLike[] {
    return [...this.displays];
  }
  plug(display: DisplayLike): void {
    this.displays.push(display);
    this.emit('display-added', new FakeEvent(), display);
  }
  unplug(id: number): void {
    const display = this.displays.find((d) => d.id === id);
    if (!display) throw new Error(`no display ${id}`);
    this.displays = this.displays.filter((d) => d !== display);
    this.emit('display-removed', new FakeEvent(), display);
  }
  move(id: number, bounds: Rect): void {
    const display = this.displays.find((d) => d.id === id);
    if (!display) throw new Error(`no display ${id}`);
    display.bounds = bounds;
    this.emit('display-metrics-changed', new FakeEvent(), display, ['bounds']);
  }
}

export class FakeApp extends FakeEmitter implements KioskAppLike {
  relaunches: Array<{ args?: string[] } | undefined> = [];
  exits: number[] = [];
  /** pid -> working set in KB, as app.getAppMetrics() reports it. */
  workingSetKb = new Map<number, number>();
  relaunch(options?: { args?: string[] }): void {
    this.relaunches.push(options);
  }
  exit(exitCode = 0): void {
    this.exits.push(exitCode);
  }
  getAppMetrics(): ProcessMetricLike[] {
    return [...this.workingSetKb].map(([pid, kb]) => ({ pid, type: 'Tab', memory: { workingSetSize: kb } }));
  }
  getVersion(): string {
    return '0.1.0-fake';
  }
  gpuGone(reason = 'crashed'): void {
    const details: ChildGoneDetails = { type: 'GPU', reason, exitCode: 1 };
    this.emit('child-process-gone', new FakeEvent(), details);
  }
}

type Handler = (event: IpcEventLike, ...args: unknown[]) => unknown;

export class FakeIpcMain implements KioskIpcMain {
  readonly handlers = new Map<string, Handler>();
  readonly listeners = new Map<string, Handler>();
  handle(channel: string, listener: Handler): void {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    this.handlers.set(channel, listener);
  }
  on(channel: string, listener: Handler): this {
    this.listeners.set(channel, listener);
    return this;
  }
  /** Like ipcRenderer.invoke from a frame at `frameUrl` in `sender`. */
  async invoke(sender: { id: number }, frameUrl: string, channel: string, ...args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`no handler for ${channel}`);
    return handler({ sender, senderFrame: { url: frameUrl, parent: null } }, ...args);
  }
  send(sender: { id: number }, frameUrl: string, channel: string, ...args: unknown[]): void {
    this.listeners.get(channel)?.({ sender, senderFrame: { url: frameUrl, parent: null } }, ...args);
  }
}

export class FakeSession implements KioskSession {
  private requestHandler: ((c: unknown, p: string, cb: (granted: boolean) => void) => void) | null = null;
  private checkHandler: ((c: unknown, p: string) => boolean) | null = null;
  private headersListener:
    | ((d: { url: string; responseHeaders?: Record<string, string[]> }, cb: (r: { responseHeaders?: Record<string, string[]> }) => void) => void)
    | undefined;
  headerFilter: string[] = [];
  setPermissionRequestHandler(handler: typeof this.requestHandler): void {
    this.requestHandler = handler;
  }
  setPermissionCheckHandler(handler: typeof this.checkHandler): void {
    this.checkHandler = handler;
  }
  readonly webRequest = {
    onHeadersReceived: (filter: { urls: string[] }, listener: NonNullable<typeof this.headersListener>) => {
      this.headerFilter = filter.urls;
      this.headersListener = listener;
    },
  };
  /** Electron grants everything when no handler is set; so does this fake. */
  requestPermission(permission: string): Promise<boolean> {
    return new Promise((resolve) => (this.requestHandler ? this.requestHandler({}, permission, resolve) : resolve(true)));
  }
  checkPermission(permission: string): boolean {
    return this.checkHandler ? this.checkHandler({}, permission) : true;
  }
  responseHeaders(url: string, headers: Record<string, string[]>): Record<string, string[]> | undefined {
    let result: Record<string, string[]> | undefined = headers;
    this.headersListener?.({ url, responseHeaders: headers }, (r) => (result = r.responseHeaders));
    return result;
  }
}

/** Stands in for the OS keyring: real AES with a key that lives only in this process. */
export class FakeSafeStorage implements SafeStorageLike {
  private readonly key = randomBytes(32);
  constructor(public available = true, public backend = 'gnome_libsecret') {}
  isEncryptionAvailable(): boolean {
    return this.available;
  }
  getSelectedStorageBackend(): string {
    return this.backend;
  }
  encryptString(plainText: string): Buffer {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plainText, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]);
  }
  decryptString(encrypted: Buffer): string {
    const decipher = createDecipheriv('aes-256-gcm', this.key, encrypted.subarray(0, 12));
    decipher.setAuthTag(encrypted.subarray(12, 28));
    return Buffer.concat([decipher.update(encrypted.subarray(28)), decipher.final()]).toString('utf8');
  }
}

export class MemoryLog implements KioskLog {
  readonly lines: Array<{ level: string; message: string; fields?: Record<string, unknown> }> = [];
  info(message: string, fields?: Record<string, unknown>): void {
    this.lines.push({ level: 'info', message, fields });
  }
  warn(message: string, fields?: Record<string, unknown>): void {
    this.lines.push({ level: 'warn', message, fields });
  }
  error(message: string, fields?: Record<string, unknown>): void {
    this.lines.push({ level: 'error', message, fields });
  }
  has(text: string): boolean {
    return this.lines.some((l) => l.message.includes(text));
  }
}

export function fakeDisplay(id: number, x: number, width = 1920, height = 1080): DisplayLike {
  return { id, label: `Fake monitor ${id}`, bounds: { x, y: 0, width, height }, scaleFactor: 1 };
}

/** The whole fake: one of each Electron module the kiosk touches. */
export class FakeElectron {
  readonly app = new FakeApp();
  readonly screen: FakeScreen;
  readonly ipcMain = new FakeIpcMain();
  readonly session = new FakeSession();
  readonly safeStorage = new FakeSafeStorage();
  readonly log = new MemoryLog();
  readonly windows: FakeWindow[] = [];
  readonly powerSaveBlocks: string[] = [];
  readonly powerSaveBlocker = {
    start: (type: 'prevent-display-sleep') => this.powerSaveBlocks.push(type),
  };

  constructor(displays: DisplayLike[] = [fakeDisplay(1, 0), fakeDisplay(2, 1920)]) {
    this.screen = new FakeScreen(displays);
  }
  createWindow = (options: WindowOptions): FakeWindow => {
    const window = new FakeWindow(options);
    this.windows.push(window);
    return window;
  };
  liveWindows(): FakeWindow[] {
    return this.windows.filter((w) => !w.destroyed);
  }
}
