import type { KioskAppLike, KioskLog, KioskWindow } from './electron-surface';

/**
 * Long 24/7 video playback grows a renderer's memory. Each renderer's working set is checked
 * periodically; one over budget is reloaded at a moment the room will not notice: right after
 * the renderer reports a finished switch (kiosk.idleAfterSwitch()), or after maxDelayMs if it
 * never does.
 */
export interface MemoryBudgetOptions {
  app: KioskAppLike;
  windows(): Iterable<[string, KioskWindow]>;
  budgetBytes: number;
  checkIntervalMs: number;
  maxDelayMs: number;
  reload(displayId: string, reason: string): void;
  log: KioskLog;
}

export interface MemoryBudget {
  start(): void;
  /** Runs one check now (the interval calls this). */
  check(): void;
  idleAfterSwitch(displayId: string): void;
  /** Displays over budget, waiting for their planned reload. */
  pending(): string[];
  forget(displayId: string): void;
  close(): void;
}

export function createMemoryBudget(options: MemoryBudgetOptions): MemoryBudget {
  const pending = new Map<string, ReturnType<typeof setTimeout>>();
  let interval: ReturnType<typeof setInterval> | undefined;

  function plannedReload(displayId: string, reason: string): void {
    const timer = pending.get(displayId);
    if (timer !== undefined) clearTimeout(timer);
    pending.delete(displayId);
    options.reload(displayId, reason);
  }

  function check(): void {
    const metrics = options.app.getAppMetrics();
    for (const [displayId, window] of options.windows()) {
      if (pending.has(displayId) || window.isDestroyed()) continue;
      const pid = window.webContents.getOSProcessId();
      const metric = metrics.find((m) => m.pid === pid);
      if (!metric) continue;
      const bytes = metric.memory.workingSetSize * 1024;
      if (bytes <= options.budgetBytes) continue;
      options.log.warn('renderer over memory budget: reload planned at next idle', {
        displayId,
        workingSetMb: Math.round(bytes / 2 ** 20),
        budgetMb: Math.round(options.budgetBytes / 2 ** 20),
      });
      pending.set(
        displayId,
        setTimeout(() => plannedReload(displayId, 'memory budget: max delay'), options.maxDelayMs),
      );
    }
  }

  return {
    start() {
      interval ??= setInterval(check, options.checkIntervalMs);
    },
    check,
    idleAfterSwitch(displayId) {
      if (pending.has(displayId)) plannedReload(displayId, 'memory budget: idle after switch');
    },
    pending: () => [...pending.keys()],
    forget(displayId) {
      const timer = pending.get(displayId);
      if (timer !== undefined) clearTimeout(timer);
      pending.delete(displayId);
    },
    close() {
      if (interval !== undefined) clearInterval(interval);
      interval = undefined;
      for (const timer of pending.values()) clearTimeout(timer);
      pending.clear();
    },
  };
}
