import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
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

const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
/** No Electron binary exists here: a stand-in carries the fuse wire as Electron 41 lays it out
 * (sentinel, version 1, length 8) with Electron's default states. */
function standInElectron(file: string): void {
  const defaults = '10110001'; // RunAsNode, NODE_OPTIONS, inspect and GrantFileProtocolExtraPrivileges on
  writeFileSync(file, Buffer.concat([Buffer.from('stand-in '), Buffer.from(SENTINEL), Buffer.from([1, 8]), Buffer.from(defaults), Buffer.from(' end')]), { mode: 0o755 });
}

const EXPECTED_WIRE = {
  [FuseV1Options.RunAsNode]: 48, // '0'
  [FuseV1Options.EnableCookieEncryption]: 49, // '1'
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: 48,
  [FuseV1Options.EnableNodeCliInspectArguments]: 48,
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: 49,
  [FuseV1Options.OnlyLoadAppFromAsar]: 49,
  [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: 48, // untouched
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: 48,
};

describe('afterPack hook', () => {
  it('flips the fuse wire of the packaged binary', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'after-pack-'));
    try {
      standInElectron(path.join(dir, 'ioc-wall-kiosk'));
      const log = console.log;
      console.log = () => undefined;
      try {
        await afterPack.default({ electronPlatformName: 'linux', appOutDir: dir, packager: { executableName: 'ioc-wall-kiosk', appInfo: {} } });
      } finally {
        console.log = log;
      }
      expect(await getCurrentFuseWire(path.join(dir, 'ioc-wall-kiosk'))).toMatchObject(EXPECTED_WIRE);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('electron-builder run (linux dir target, stand-in Electron distribution)', () => {
  it('packs main, preload and renderer into app.asar, ships the Linux resources and flips the fuses', async () => {
    execFileSync(process.execPath, [path.join(root, 'wall-client/electron/build.mjs')], { stdio: 'pipe' });
    if (!existsSync(path.join(root, 'wall-client/dist/index.html'))) {
      execFileSync(process.execPath, [path.join(root, 'wall-client/scripts/build.mjs')], { stdio: 'pipe' });
    }
    const work = mkdtempSync(path.join(tmpdir(), 'kiosk-pack-'));
    try {
      const dist = path.join(work, 'electron-dist');
      mkdirSync(path.join(dist, 'resources'), { recursive: true });
      standInElectron(path.join(dist, 'electron'));
      for (const f of ['chrome-sandbox', 'LICENSE', 'version']) writeFileSync(path.join(dist, f), 'stand-in');
      const out = path.join(work, 'out');
      execFileSync(
        process.execPath,
        [
          require.resolve('electron-builder/cli.js'),
          '--linux', 'dir', '--x64',
          '--config', builderYml,
          `-c.electronDist=${dist}`,
          `-c.directories.output=${out}`,
          '--publish', 'never',
        ],
        { cwd: root, stdio: 'pipe', env: { ...process.env, ELECTRON_BUILDER_CACHE: path.join(work, 'cache') } },
      );
      const unpacked = path.join(out, 'linux-unpacked');
      const asarFile = path.join(unpacked, 'resources', 'app.asar');
      const asar = require('@electron/asar') as { listPackage(file: string): string[]; extractFile(file: string, inner: string): Buffer };
      const listed = asar.listPackage(asarFile);
      for (const f of ['/package.json', '/wall-client/dist-electron/main.cjs', '/wall-client/dist-electron/preload.cjs', '/wall-client/dist/index.html', '/wall-client/dist/wall.js']) {
        expect(listed, f).toContain(f);
      }
      expect(listed.some((f) => f.endsWith('.map') || f.includes('node_modules') || f.endsWith('.ts'))).toBe(false);
      expect(JSON.parse(asar.extractFile(asarFile, 'package.json').toString())).toMatchObject({
        name: 'ioc-wall-kiosk',
        main: 'wall-client/dist-electron/main.cjs',
      });
      for (const f of ['ioc-wall-kiosk.service', 'ioc-wall-kiosk-autostart.desktop', 'kiosk.example.json']) {
        expect(existsSync(path.join(unpacked, 'resources', 'linux', f)), f).toBe(true);
      }
      expect(await getCurrentFuseWire(path.join(unpacked, 'ioc-wall-kiosk'))).toMatchObject(EXPECTED_WIRE);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }, 90_000);
});
