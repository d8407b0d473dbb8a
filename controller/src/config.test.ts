import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultConfig, loadConfig } from './config';

const dir = mkdtempSync(join(tmpdir(), 'ioc-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const file = (name: string, content: unknown) => {
  const p = join(dir, name);
  writeFileSync(p, typeof content === 'string' ? content : JSON.stringify(content));
  return p;
};

describe('loadConfig', () => {
  it('gives the documented defaults with no file and no env', () => {
    const c = loadConfig({ env: {}, cwd: dir });
    expect(c.http).toEqual({ host: '127.0.0.1', port: 8080 });
    expect(c.db.path).toBe('./data/ioc.sqlite');
    expect(c.switch.marginMs).toBe(60);
    expect(c.sessions.ttlHours).toBe(12);
    expect(c.demo.autoPair).toBe(false);
    expect(c.mediaGateway).toEqual({ url: null, publicUrl: null, secret: null, mediaTokenTtlS: 600, feedsTokenTtlS: 3600 });
    expect(c.wallClient.distDir).toMatch(/wall-client[/\\]dist$/);
    expect(c.console.distDir).toMatch(/controller[/\\]console[/\\]dist$/);
  });

  it('layers the file under env overrides', () => {
    const path = file('layered.json', { http: { port: 9000, host: '0.0.0.0' }, switch: { marginMs: 120 }, walls: { bezel: { left: 5 } } });
    const c = loadConfig({ env: { IOC_CONFIG: path, IOC_HTTP_PORT: '9100', IOC_DEMO: 'true' }, cwd: dir });
    expect(c.http).toEqual({ host: '0.0.0.0', port: 9100 });
    expect(c.switch.marginMs).toBe(120);
    expect(c.walls.bezel).toEqual({ left: 5, right: 0, top: 0, bottom: 0 });
    expect(c.demo.autoPair).toBe(true);
  });

  it('picks up ./ioc.config.json from the working directory', () => {
    const cwd = mkdtempSync(join(dir, 'cwd-'));
    writeFileSync(join(cwd, 'ioc.config.json'), JSON.stringify({ admin: { username: 'root' } }));
    expect(loadConfig({ env: {}, cwd }).admin.username).toBe('root');
  });

  it('names the key of a bad value', () => {
    const path = file('bad-margin.json', { switch: { marginMs: -5 } });
    expect(() => loadConfig({ file: path, env: {}, cwd: dir })).toThrow('config: switch.marginMs: must be >= 0');
  });

  it('names the env var a bad value came from', () => {
    expect(() => loadConfig({ env: { IOC_HTTP_PORT: 'eighty' }, cwd: dir })).toThrow(/config: http\.port \(from IOC_HTTP_PORT\)/);
  });

  it('refuses unknown keys, naming them', () => {
    const path = file('unknown.json', { http: { prot: 80 } });
    expect(() => loadConfig({ file: path, env: {}, cwd: dir })).toThrow('config: http.prot: unknown key');
  });

  it('refuses a short media secret and an empty file path', () => {
    expect(() => loadConfig({ env: { IOC_MEDIA_SECRET: 'short' }, cwd: dir })).toThrow(/config: mediaGateway\.secret .*at least 32 characters/);
    expect(() => loadConfig({ env: { IOC_CONFIG: join(dir, 'missing.json') }, cwd: dir })).toThrow(/does not exist/);
    expect(() => loadConfig({ file: file('broken.json', '{ nope'), env: {}, cwd: dir })).toThrow(/not valid JSON/);
  });

  it('does not mutate the defaults between loads', () => {
    loadConfig({ env: { IOC_HTTP_PORT: '1234' }, cwd: dir });
    expect(defaultConfig().http.port).toBe(8080);
  });
});
