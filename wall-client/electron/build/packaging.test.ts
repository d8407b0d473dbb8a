import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Ajv } from 'ajv';
import { FuseV1Options, FuseVersion, getCurrentFuseWire } from '@electron/fuses';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const root = path.resolve(import.meta.dirname, '../../..');
const builderYml = path.join(root, 'electron-builder.yml');
const config = parse(readFileSync(builderYml, 'utf8')) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const afterPack = require('./after-pack.cjs') as {
  default(context: unknown): Promise<void>;
  fuseConfig: Record<string, unknown>;
  electronBinary(context: unknown): string;
};

describe('electron-builder.yml', () => {
  it('is valid against the schema electron-builder ships', () => {
    const schema = JSON.parse(readFileSync(require.resolve('app-builder-lib/scheme.json'), 'utf8')) as object;
    const ajv = new Ajv({ strict: false, allErrors: true, allowUnionTypes: true });
    const validate = ajv.compile(schema);
    const ok = validate(config);
    expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 2)).toEqual([]);
    expect(ok).toBe(true);
    // And the schema really checks: an unknown key is refused.
    expect(validate({ ...config, linuxx: {} })).toBe(false);
  });

  it('builds AppImage and deb for x64 and arm64', () => {
    expect(config.linux.target).toEqual([
      { target: 'AppImage', arch: ['x64', 'arm64'] },
      { target: 'deb', arch: ['x64', 'arm64'] },
    ]);
  });

  it('wires the fuses afterPack hook and points main at the esbuild bundle', () => {
    expect(config.afterPack).toBe('wall-client/electron/build/after-pack.cjs');
    expect(statSync(path.join(root, config.afterPack)).isFile()).toBe(true);
    expect(config.extraMetadata.main).toBe('wall-client/dist-electron/main.cjs');
    expect(config.npmRebuild).toBe(false);
    expect(config.files).toEqual(
      expect.arrayContaining(['wall-client/dist-electron/main.cjs', 'wall-client/dist-electron/preload.cjs', 'wall-client/dist/**/*']),
    );
  });

  it('pins the Electron version that is installed', () => {
    const installed = JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')) as { version: string };
    expect(config.electronVersion).toBe(installed.version);
  });

  it('ships the autostart entry and systemd user unit the deb scripts install', () => {
    const res = path.join(root, config.extraResources[0].from);
    for (const file of config.extraResources[0].filter as string[]) expect(statSync(path.join(res, file)).isFile(), file).toBe(true);
    const install = readFileSync(path.join(root, config.deb.afterInstall), 'utf8');
    expect(install).toContain('/etc/xdg/autostart/ioc-wall-kiosk.desktop');
    expect(install).toContain('/usr/lib/systemd/user/ioc-wall-kiosk.service');
    // electron-builder's own steps are kept (binary link, chrome-sandbox permissions).
    expect(install).toContain("ln -sf '/opt/${sanitizedProductName}/${executable}' '/usr/bin/${executable}'");
    expect(install).toContain('chrome-sandbox');
    const unit = readFileSync(path.join(res, 'ioc-wall-kiosk.service'), 'utf8');
    expect(unit).toMatch(/^ExecStart=\/usr\/bin\/ioc-wall-kiosk$/m);
    expect(unit).toMatch(/^Restart=always$/m);
    expect(statSync(path.join(root, config.linux.icon, '512x512.png')).size).toBeGreaterThan(0);
  });
});

describe('fuses', () => {
  it('are exactly: no run-as-node, no NODE_OPTIONS, no CLI inspect, ASAR integrity and ASAR only, encrypted cookies', () => {
    expect(afterPack.fuseConfig).toStrictEqual({
      version: FuseVersion.V1,
      strictlyRequireAllFuses: false,
      [FuseV1Options.RunAsNode]: false,
      [FuseV1Options.EnableCookieEncryption]: true,
      [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
      [FuseV1Options.EnableNodeCliInspectArguments]: false,
      [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
      [FuseV1Options.OnlyLoadAppFromAsar]: true,
      [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
    });
  });

  it('are flipped on the packaged binary of each platform', () => {
    const context = (electronPlatformName: string) => ({
      electronPlatformName,
      appOutDir: '/out/linux-unpacked',
      packager: { executableName: 'ioc-wall-kiosk', appInfo: { productFilename: 'IOC Wall Kiosk' } },
    });
    expect(afterPack.electronBinary(context('linux'))).toBe('/out/linux-unpacked/ioc-wall-kiosk');
    expect(afterPack.electronBinary(context('win32'))).toBe('/out/linux-unpacked/ioc-wall-kiosk.exe');
    expect(afterPack.electronBinary(context('darwin'))).toBe('/out/linux-unpacked/IOC Wall Kiosk.app');
  });
});

describe('afterPack hook', () => {
  it('flips the fuse wire of the packaged binary', async () => {
    // No Electron binary exists here, so a stand-in carries the fuse wire exactly as Electron
    // 41 lays it out (sentinel, version 1, length 8) with Electron's default states.
    const dir = mkdtempSync(path.join(tmpdir(), 'after-pack-'));
    try {
      const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
      const defaults = '10110001'; // RunAsNode, -, NODE_OPTIONS, inspect on; GrantFileProtocolExtraPrivileges on
      writeFileSync(path.join(dir, 'ioc-wall-kiosk'), Buffer.concat([
        Buffer.from('\x7fELF stand-in '), Buffer.from(SENTINEL), Buffer.from([1, 8]), Buffer.from(defaults), Buffer.from(' rest of binary'),
      ]));
      const log = console.log;
      console.log = () => undefined;
      try {
        await afterPack.default({ electronPlatformName: 'linux', appOutDir: dir, packager: { executableName: 'ioc-wall-kiosk', appInfo: {} } });
      } finally {
        console.log = log;
      }
      const wire = await getCurrentFuseWire(path.join(dir, 'ioc-wall-kiosk'));
      const on = 49; // '1'
      const off = 48; // '0'
      expect(wire).toMatchObject({
        [FuseV1Options.RunAsNode]: off,
        [FuseV1Options.EnableCookieEncryption]: on,
        [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: off,
        [FuseV1Options.EnableNodeCliInspectArguments]: off,
        [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: on,
        [FuseV1Options.OnlyLoadAppFromAsar]: on,
        [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: off, // untouched
        [FuseV1Options.GrantFileProtocolExtraPrivileges]: off,
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
