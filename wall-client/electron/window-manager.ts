import type { DisplayLike, KioskLog, KioskScreen, KioskWindow, WindowOptions } from './electron-surface';
import { HIDE_CURSOR_CSS } from './web-preferences';

/**
 * One frameless kiosk window per physical display, following hot-plug: a display added gets a
 * window, a display removed loses its window, a display moved or resized moves its window.
 */
export interface WindowManagerDeps {
  screen: KioskScreen;
  createWindow(options: WindowOptions): KioskWindow;
  webPreferences: object;
  entryUrl: string;
  log: KioskLog;
  /** Called once per new window, before it loads: security guards, recovery, etc. */
  onWindowCreated(window: KioskWindow, displayId: string): void;
  onWindowClosed(window: KioskWindow, displayId: string): void;
}

export interface WindowManager {
  start(): void;
  /** Display id -> window, for every live kiosk window. */
  windows(): ReadonlyMap<string, KioskWindow>;
  displayIdOf(webContentsId: number): string | undefined;
  display(displayId: string): DisplayLike | undefined;
  /** Replaces a display's window with a fresh one (used when a reload cannot recover it). */
  recreate(displayId: string): void;
  close(): void;
}

export function createWindowManager(deps: WindowManagerDeps): WindowManager {
  const byDisplay = new Map<string, KioskWindow>();
  const displays = new Map<string, DisplayLike>();
  let closing = false;

  function load(window: KioskWindow): void {
    window.webContents.loadURL(deps.entryUrl).catch((err: unknown) => {
      deps.log.error('renderer failed to load', { error: String(err) });
    });
  }

  function open(display: DisplayLike): void {
    const displayId = String(display.id);
    if (byDisplay.has(displayId)) return;
    displays.set(displayId, display);
    const { x, y, width, height } = display.bounds;
    const window = deps.createWindow({
      x,
      y,
      width,
      height,
      frame: false,
      kiosk: true,
      fullscreen: true,
      show: false,
      backgroundColor: '#000000',
      autoHideMenuBar: true,
      title: `IOC wall ${displayId}`,
      webPreferences: deps.webPreferences,
    });
    byDisplay.set(displayId, window);
    window.once('ready-to-show', () => {
      if (!window.isDestroyed()) window.show();
    });
    // insertCSS lasts for one document only, so it is re-applied after every (re)load.
    window.webContents.on('did-finish-load', () => {
      window.webContents.insertCSS(HIDE_CURSOR_CSS).catch(() => undefined);
    });
    window.on('closed', () => {
      if (byDisplay.get(displayId) === window) byDisplay.delete(displayId);
      deps.onWindowClosed(window, displayId);
      // A kiosk window closed by anything but an unplug (Alt+F4, a crash of the window) comes back.
      if (!closing && displays.has(displayId)) open(displays.get(displayId) as DisplayLike);
    });
    deps.onWindowCreated(window, displayId);
    load(window);
    deps.log.info('kiosk window opened', { displayId, bounds: display.bounds });
  }

  function remove(display: DisplayLike): void {
    const displayId = String(display.id);
    displays.delete(displayId);
    const window = byDisplay.get(displayId);
    byDisplay.delete(displayId);
    if (window && !window.isDestroyed()) window.destroy();
    deps.log.info('kiosk window closed: display removed', { displayId });
  }

  function moved(display: DisplayLike): void {
    const displayId = String(display.id);
    displays.set(displayId, display);
    const window = byDisplay.get(displayId);
    if (!window || window.isDestroyed()) return open(display);
    // Leaving kiosk mode first lets the window manager move a fullscreen window.
    window.setKiosk(false);
    window.setBounds(display.bounds);
    window.setKiosk(true);
  }

  return {
    start() {
      for (const display of deps.screen.getAllDisplays()) open(display);
      deps.screen.on('display-added', (_e, display) => open(display));
      deps.screen.on('display-removed', (_e, display) => remove(display));
      deps.screen.on('display-metrics-changed', (_e, display) => moved(display));
    },
    windows: () => byDisplay,
    displayIdOf(webContentsId) {
      for (const [displayId, window] of byDisplay) {
        if (!window.isDestroyed() && window.webContents.id === webContentsId) return displayId;
      }
      return undefined;
    },
    display: (displayId) => displays.get(displayId),
    recreate(displayId) {
      const window = byDisplay.get(displayId);
      const display = displays.get(displayId);
      if (!display) return;
      byDisplay.delete(displayId);
      if (window && !window.isDestroyed()) window.destroy();
      if (!byDisplay.has(displayId)) open(display);
    },
    close() {
      closing = true;
      for (const window of byDisplay.values()) if (!window.isDestroyed()) window.destroy();
      byDisplay.clear();
    },
  };
}
