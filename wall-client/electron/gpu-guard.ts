import { readFileSync, writeFileSync } from 'node:fs';
import type { KioskAppLike, KioskLog } from './electron-surface';

/**
 * A dead GPU process leaves every window black, so the whole app is relaunched. Relaunch
 * times are kept on disk (a relaunch is a new process), and a crash loop falls back to
 * software rendering instead of relaunching forever.
 */
export interface RelaunchLog {
  read(): number[];
  write(timestamps: number[]): void;
}

/** The relaunch history as a JSON file in userData; a damaged or missing file is an empty history. */
export function fileRelaunchLog(file: string, log: KioskLog): RelaunchLog {
  return {
    read() {
      try {
        const value: unknown = JSON.parse(readFileSync(file, 'utf8'));
        return Array.isArray(value) ? value.filter((v): v is number => typeof v === 'number') : [];
      } catch {
        return [];
      }
    },
    write(timestamps) {
      try {
        writeFileSync(file, JSON.stringify(timestamps));
      } catch (err) {
        // Without the history the guard still relaunches; it only loses its memory.
        log.warn('could not record GPU relaunch', { error: String(err) });
      }
    },
  };
}

export interface GpuGuardOptions {
  app: KioskAppLike;
  history: RelaunchLog;
  log: KioskLog;
  /** Arguments of the current process (without the executable), passed on to the relaunch. */
  argv: readonly string[];
  maxRelaunches?: number;
  windowMs?: number;
}

export const SOFTWARE_RENDERING_FLAG = '--disable-gpu';

export function attachGpuGuard(options: GpuGuardOptions): void {
  const maxRelaunches = options.maxRelaunches ?? 3;
  const windowMs = options.windowMs ?? 10 * 60_000;
  options.app.on('child-process-gone', (_event, details) => {
    if (details.type !== 'GPU') return;
    const now = Date.now();
    const recent = options.history.read().filter((t) => now - t < windowMs);
    const args = options.argv.filter((a) => a !== SOFTWARE_RENDERING_FLAG);
    if (recent.length >= maxRelaunches) {
      if (options.argv.includes(SOFTWARE_RENDERING_FLAG)) {
        // Already in software mode and still crashing: relaunching again would only loop.
        options.log.error('GPU process keeps dying even without GPU; not relaunching', { recent: recent.length });
        return;
      }
      options.log.error('GPU crash loop: relaunching with software rendering', { recent: recent.length });
      options.history.write([...recent, now]);
      options.app.relaunch({ args: [...args, SOFTWARE_RENDERING_FLAG] });
      options.app.exit(0);
      return;
    }
    options.log.error('GPU process gone: relaunching', { reason: details.reason, exitCode: details.exitCode });
    options.history.write([...recent, now]);
    options.app.relaunch({ args: [...options.argv] });
    options.app.exit(0);
  });
}
