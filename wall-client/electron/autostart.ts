import { promises as fs } from 'node:fs';
import path from 'node:path';

/**
 * Start at login. Windows and macOS use Electron's login items. On Linux the deb installs a
 * system-wide XDG autostart entry (and an optional systemd user unit); an AppImage has no
 * installer, so the running AppImage writes its own per-user autostart entry.
 */
export const AUTOSTART_FILE = 'ioc-wall-kiosk.desktop';

export interface AutostartDeps {
  platform: NodeJS.Platform;
  env: Readonly<Record<string, string | undefined>>;
  homeDir: string;
  setLoginItemSettings(settings: { openAtLogin: boolean }): void;
}

export function autostartDesktopEntry(exec: string): string {
  const quoted = `"${exec.replace(/(["`$\\])/g, '\\$1')}"`;
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=IOC Wall Kiosk',
    'Comment=Video-wall screen for the IOC',
    `Exec=${quoted}`,
    'X-GNOME-Autostart-enabled=true',
    'NoDisplay=true',
    '',
  ].join('\n');
}

/** Returns what it did, for the log. */
export async function ensureStartAtLogin(deps: AutostartDeps): Promise<string> {
  if (deps.platform === 'win32' || deps.platform === 'darwin') {
    deps.setLoginItemSettings({ openAtLogin: true });
    return 'login item set';
  }
  if (deps.platform !== 'linux') return 'unsupported platform';
  const appImage = deps.env.APPIMAGE;
  if (appImage === undefined || appImage === '') return 'packaged autostart entry (deb) or systemd user unit';
  const configHome = deps.env.XDG_CONFIG_HOME || path.join(deps.homeDir, '.config');
  const file = path.join(configHome, 'autostart', AUTOSTART_FILE);
  const wanted = autostartDesktopEntry(appImage);
  const current = await fs.readFile(file, 'utf8').catch(() => undefined);
  if (current === wanted) return `autostart entry up to date: ${file}`;
  // A technician who disabled autostart (Hidden=true) keeps it disabled.
  if (current !== undefined && /^Hidden=true$/m.test(current)) return `autostart disabled by user: ${file}`;
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, wanted, { mode: 0o644 });
  return `autostart entry written: ${file}`;
}
