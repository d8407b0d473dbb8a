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
    expect(c.http).toEqual({ host: '127.0.0.1', port: 8080, trustProxy: false });
    expect(c.db.path).toBe('./data/ioc.sqlite');
    expect(c.switch.marginMs).toBe(60);
    expect(c.sessions.ttlHours).toBe(12);
    expect(c.demo.autoPair).toBe(false);
    expect(c.mediaGateway).toEqual({ url: null, publicUrl: null, secret: null, mediaTokenTtlS: 600, feedsTokenTtlS: 3600 });
    expect(c.limits.login).toEqual({ perUser: { failures: 10, windowS: 300 }, perAddress: { failures: 100, windowS: 300 } });
    expect(c.feeds.ids).toEqual(['field-reports', 'public-services', 'socio-economic', 'soc-alerts']);
    expect(c.wallClient.distDir).toMatch(/wall-client[/\\]dist$/);
    expect(c.console.distDir).toMatch(/controller[/\\]console[/\\]dist$/);
  });

  it('layers the file under env overrides', () => {
    const path = file('layered.json', { http: { port: 9000, host: '0.0.0.0' }, switch: { marginMs: 120 }, walls: { bezel: { left: 5 } } });
    const c = loadConfig({ env: { IOC_CONFIG: path, IOC_HTTP_PORT: '9100', IOC_DEMO: 'true' }, cwd: dir });
    expect(c.http).toEqual({ host: '0.0.0.0', port: 9100, trustProxy: false });
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

  it('refuses switch margins that do not fit together, naming the key', () => {
    const low = file('margin-under-min.json', { switch: { marginMs: 5 } });
    expect(() => loadConfig({ file: low, env: {}, cwd: dir })).toThrow('config: switch.marginMs: must lie between switch.minMarginMs and switch.maxMarginMs');
    const crossed = file('margin-crossed.json', { switch: { minMarginMs: 500, maxMarginMs: 100, marginMs: 300 } });
    expect(() => loadConfig({ file: crossed, env: {}, cwd: dir })).toThrow('config: switch.minMarginMs: must be <= switch.maxMarginMs');
    expect(() => loadConfig({ env: { IOC_SWITCH_MAX_MARGIN_MS: '20000' }, cwd: dir })).toThrow('config: switch.maxMarginMs (from IOC_SWITCH_MAX_MARGIN_MS): must be <= 10000');
    const c = loadConfig({ env: { IOC_SWITCH_ADAPTIVE_MARGIN: 'false', IOC_SWITCH_MIN_MARGIN_MS: '10' }, cwd: dir });
    expect(c.switch).toEqual({ marginMs: 60, adaptiveMargin: false, minMarginMs: 10, maxMarginMs: 1000 });
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

  it('defaults to no webhook targets, and a target gets every event unless it lists some', () => {
    expect(loadConfig({ env: {}, cwd: dir }).webhooks).toEqual({ targets: [], timeoutMs: 5000, backoffMs: { initial: 1000, max: 300_000 }, maxAttempts: 50 });
    const path = file('hooks.json', { webhooks: { targets: [{ id: 'mobile', url: 'https://app.example/hook', secret: 'x'.repeat(16) }] } });
    expect(loadConfig({ file: path, env: {}, cwd: dir }).webhooks.targets[0]?.events).toEqual(['escalation.created', 'escalation.acknowledged', 'escalation.closed', 'alert.raised', 'alert.cleared']);
  });

  it('names the key of a bad webhook value and never echoes a secret or URL', () => {
    const target = { id: 'mobile', url: 'https://app.example/hook?token=t0ken', secret: 'a-good-secret-123456' };
    const bad = (webhooks: unknown) => () => loadConfig({ file: file('bad-hooks.json', { webhooks }), env: {}, cwd: dir });
    expect(bad({ targets: [{ ...target, url: 'ftp://app.example/hook?token=t0ken' }] })).toThrow('config: webhooks.targets.0.url: must be an http(s) URL');
    expect(bad({ targets: [{ ...target, secret: 'short-s3cret' }] })).toThrow('config: webhooks.targets.0.secret: must be at least 16 characters');
    expect(bad({ targets: [{ ...target, events: ['escalation.opened'] }] })).toThrow(/config: webhooks\.targets\.0\.events\.0: /);
    expect(bad({ targets: [target, { ...target }] })).toThrow('config: webhooks.targets.1.id: duplicate target id "mobile"');
    expect(bad({ targets: [{ ...target, id: 'no spaces' }] })).toThrow(/config: webhooks\.targets\.0\.id: /);
    expect(bad({ backoffMs: { initial: 5000, max: 1000 } })).toThrow('config: webhooks.backoffMs.max: must be >= backoffMs.initial');
    expect(bad({ maxAttempts: 0 })).toThrow('config: webhooks.maxAttempts: must be >= 1');
    expect(bad({ timeoutMs: 5.5 })).toThrow('config: webhooks.timeoutMs: must be an integer');
    expect(bad({ targets: [{ ...target, headers: {} }] })).toThrow('config: webhooks.targets.0.headers: unknown key');
    for (const t of [{ ...target, url: 'nope?token=t0ken' }, { ...target, secret: 'short-s3cret' }, { ...target, secret: 42 }]) {
      expect(bad({ targets: [t] })).toThrow(expect.objectContaining({ message: expect.not.stringMatching(/t0ken|s3cret|42/) }));
    }
  });

  it('does not mutate the defaults between loads', () => {
    loadConfig({ env: { IOC_HTTP_PORT: '1234' }, cwd: dir });
    expect(defaultConfig().http.port).toBe(8080);
  });
});
