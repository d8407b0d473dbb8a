import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AUTOSTART_FILE, ensureStartAtLogin } from './autostart';

let home: string;
afterEach(() => home && rmSync(home, { recursive: true, force: true }));

describe('start at login', () => {
  it('uses login items on Windows and macOS', async () => {
    const calls: unknown[] = [];
    await ensureStartAtLogin({ platform: 'win32', env: {}, homeDir: '/x', setLoginItemSettings: (s) => calls.push(s) });
    expect(calls).toEqual([{ openAtLogin: true }]);
  });

  it('writes a per-user autostart entry for an AppImage, and respects one the user disabled', async () => {
    home = mkdtempSync(path.join(tmpdir(), 'autostart-'));
    const deps = { platform: 'linux' as const, env: { APPIMAGE: '/opt/apps/IOC Wall Kiosk.AppImage' }, homeDir: home, setLoginItemSettings: () => undefined };
    const file = path.join(home, '.config', 'autostart', AUTOSTART_FILE);
    expect(await ensureStartAtLogin(deps)).toContain('written');
    expect(readFileSync(file, 'utf8')).toContain('Exec="/opt/apps/IOC Wall Kiosk.AppImage"');
    expect(await ensureStartAtLogin(deps)).toContain('up to date');
    writeFileSync(file, '[Desktop Entry]\nHidden=true\n');
    expect(await ensureStartAtLogin(deps)).toContain('disabled by user');
    expect(readFileSync(file, 'utf8')).toContain('Hidden=true');
  });

  it('leaves a deb install to its packaged autostart entry', async () => {
    home = mkdtempSync(path.join(tmpdir(), 'autostart-'));
    mkdirSync(path.join(home, '.config'), { recursive: true });
    expect(await ensureStartAtLogin({ platform: 'linux', env: {}, homeDir: home, setLoginItemSettings: () => undefined })).toMatch(/packaged/);
  });
});
