import type { KioskLog, KioskWindow } from './electron-surface';

/**
 * Keeps a window's renderer alive: a renderer that dies is replaced at once (the new one shows
 * the cached state from disk), and a renderer hung past a grace period is crashed on purpose
 * and reloaded. A renderer that keeps dying gets a whole new window instead of a reload.
 */
export interface RecoveryOptions {
  unresponsiveGraceMs: number;
  log: KioskLog;
  /** Replaces the window entirely; used when reloads alone do not hold. */
  recreate(): void;
  /** Crashes within this window count towards `crashesBeforeRecreate`. */
  crashWindowMs?: number;
  crashesBeforeRecreate?: number;
}

export interface RendererRecovery {
  /** Reloads now, for planned reloads (memory budget); the reload is not counted as a crash. */
  plannedReload(reason: string): void;
  dispose(): void;
}

export function attachRendererRecovery(window: KioskWindow, options: RecoveryOptions): RendererRecovery {
  const contents = window.webContents;
  const crashWindowMs = options.crashWindowMs ?? 60_000;
  const crashesBeforeRecreate = options.crashesBeforeRecreate ?? 3;
  let hangTimer: ReturnType<typeof setTimeout> | undefined;
  let crashes: number[] = [];
  // Set when we crash the renderer ourselves and reload it directly, so the resulting
  // render-process-gone does not trigger a second reload.
  let expectingGone = false;
  let disposed = false;

  const alive = () => !disposed && !window.isDestroyed() && !contents.isDestroyed();

  function reload(reason: string): void {
    if (!alive()) return;
    options.log.info('reloading renderer', { reason });
    try {
      contents.reload();
    } catch (err) {
      options.log.error('reload failed, recreating the window', { error: String(err) });
      options.recreate();
    }
  }

  function clearHang(): void {
    if (hangTimer !== undefined) clearTimeout(hangTimer);
    hangTimer = undefined;
  }

  contents.on('render-process-gone', (_event, details) => {
    clearHang();
    if (expectingGone) {
      expectingGone = false;
      return;
    }
    if (!alive()) return;
    const now = Date.now();
    crashes = [...crashes.filter((t) => now - t < crashWindowMs), now];
    options.log.error('renderer gone', { reason: details.reason, exitCode: details.exitCode, recent: crashes.length });
    if (crashes.length >= crashesBeforeRecreate) {
      crashes = [];
      options.recreate();
      return;
    }
    reload(`render-process-gone:${details.reason}`);
  });

  contents.on('unresponsive', () => {
    if (hangTimer !== undefined) return;
    options.log.warn('renderer unresponsive', { graceMs: options.unresponsiveGraceMs });
    hangTimer = setTimeout(() => {
      hangTimer = undefined;
      if (!alive()) return;
      options.log.error('renderer still unresponsive: crashing and reloading it');
      expectingGone = true;
      contents.forcefullyCrashRenderer();
      reload('unresponsive');
    }, options.unresponsiveGraceMs);
  });

  contents.on('responsive', () => {
    if (hangTimer !== undefined) options.log.info('renderer responsive again');
    clearHang();
  });

  return {
    plannedReload: (reason) => reload(reason),
    dispose() {
      disposed = true;
      clearHang();
    },
  };
}
