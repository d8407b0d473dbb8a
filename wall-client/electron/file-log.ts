import { appendFileSync, mkdirSync, renameSync, statSync } from 'node:fs';
import path from 'node:path';
import type { KioskLog } from './electron-surface';

/**
 * JSON-lines log in the app's logs directory (Linux: ~/.config/ioc-wall-kiosk/logs/kiosk.log),
 * mirrored to stderr for journald. Rotated at 5 MB so months of uptime cannot fill a disk.
 */
const MAX_BYTES = 5 * 2 ** 20;

export function createFileLog(dir: string, echo: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): KioskLog {
  const file = path.join(dir, 'kiosk.log');
  try {
    mkdirSync(dir, { recursive: true });
  } catch {
    // Logging must never stop a screen from showing.
  }
  function write(level: string, message: string, fields?: Record<string, unknown>): void {
    const line = JSON.stringify({ time: new Date().toISOString(), level, message, ...fields });
    echo(line);
    try {
      if ((statSync(file, { throwIfNoEntry: false })?.size ?? 0) > MAX_BYTES) renameSync(file, `${file}.1`);
      appendFileSync(file, `${line}\n`);
    } catch {
      // As above: a full or read-only disk must not take the wall down.
    }
  }
  return {
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
  };
}
