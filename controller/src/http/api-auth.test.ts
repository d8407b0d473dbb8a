import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, startHarness, type Harness } from '../test-support/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

describe('auth and roles over REST', () => {
  it('logs in, answers /api/me, and sets an HttpOnly SameSite=Strict cookie', async () => {
    const r = await h.api('POST', '/api/auth/login', { body: { username: 'admin', password: ADMIN_PASSWORD } });
    expect(r.status).toBe(200);
    expect(r.body.user).toEqual({ username: 'admin', roles: ['admin'] });
    expect(r.headers.get('set-cookie')).toMatch(/^ioc_session=[^;]+; Path=\/; HttpOnly; SameSite=Strict/);
    const me = await h.api('GET', '/api/me', { token: r.body.token });
    expect(me.body).toEqual({ username: 'admin', roles: ['admin'], language: 'vi', expiresAt: r.body.expiresAt });
    const byCookie = await h.api('GET', '/api/me', { headers: { cookie: `ioc_session=${r.body.token}` } });
    expect(byCookie.status).toBe(200);
  });

  it('refuses a wrong password with BAD_CREDENTIALS and audits the attempt', async () => {
    const r = await h.api('POST', '/api/auth/login', { body: { username: 'admin', password: 'wrong-password' } });
    expect(r.status).toBe(401);
    expect(r.body.code).toBe('BAD_CREDENTIALS');
    const audit = await h.api('GET', '/api/audit?limit=5', { token: await h.login() });
    expect(audit.body.entries.some((a: { action: string }) => a.action === 'auth.login-failed')).toBe(true);
  });

  it('answers 401 UNAUTHENTICATED without a token or with a bad one', async () => {
    expect((await h.api('GET', '/api/walls')).body.code).toBe('UNAUTHENTICATED');
    const r = await h.api('POST', '/api/walls/command/apply', { token: 'not-a-session', body: { layoutId: 'cmd-quad' } });
    expect(r.status).toBe(401);
    expect(r.body.code).toBe('UNAUTHENTICATED');
  });

  it('logout ends the session', async () => {
    const t = await h.login();
    expect((await h.api('POST', '/api/auth/logout', { token: t })).status).toBe(200);
    expect((await h.api('GET', '/api/me', { token: t })).status).toBe(401);
  });

  it('lets a viewer read but not apply, pair or manage users (403 FORBIDDEN)', async () => {
    const viewer = await h.userToken('vera', ['viewer']);
    expect((await h.api('GET', '/api/walls', { token: viewer })).status).toBe(200);
    expect((await h.api('GET', '/api/walls/command/sync', { token: viewer })).status).toBe(200);
    const apply = await h.api('POST', '/api/walls/command/apply', { token: viewer, body: { layoutId: 'cmd-quad' } });
    expect(apply.status).toBe(403);
    expect(apply.body.code).toBe('FORBIDDEN');
    expect(apply.body.message).toContain('layout.apply');
    expect((await h.api('POST', '/api/screens/pair', { token: viewer, body: { code: 'ABCDEF', wallId: 'command', col: 0, row: 0 } })).status).toBe(403);
    expect((await h.api('GET', '/api/users', { token: viewer })).status).toBe(403);
    expect((await h.api('GET', '/api/audit', { token: viewer })).status).toBe(403);
    expect((await h.api('GET', '/api/walls/command/state', { token: viewer })).body.version).toBeGreaterThanOrEqual(1);
  });

  it('lets a technician pair but not apply; an operator apply but not pair', async () => {
    const tech = await h.userToken('tom', ['technician']);
    const op = await h.userToken('olga', ['operator']);
    expect((await h.api('POST', '/api/walls/command/apply', { token: tech, body: { layoutId: 'cmd-quad' } })).status).toBe(403);
    expect((await h.api('POST', '/api/screens/pair', { token: tech, body: { code: 'ABCDEF', wallId: 'command', col: 0, row: 0 } })).body.code).toBe('PAIRING_CODE_NOT_FOUND');
    expect((await h.api('POST', '/api/screens/pair', { token: op, body: { code: 'ABCDEF', wallId: 'command', col: 0, row: 0 } })).status).toBe(403);
    expect((await h.api('POST', '/api/walls/command/apply', { token: op, body: { layoutId: 'cmd-quad' } })).status).toBe(200);
  });

  it('creates users (admin only), refuses duplicates and never returns password hashes', async () => {
    const admin = await h.login();
    const body = { username: 'dora', password: 'dora-password-1', roles: ['duty-officer'] };
    const r = await h.api('POST', '/api/users', { token: admin, body });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ username: 'dora', roles: ['duty-officer'] });
    expect((await h.api('POST', '/api/users', { token: admin, body })).body.code).toBe('ALREADY_EXISTS');
    const short = await h.api('POST', '/api/users', { token: admin, body: { ...body, username: 'x', password: 'short' } });
    expect(short.status).toBe(400);
    expect(short.body.message).toContain('password');
    const users = await h.api('GET', '/api/users', { token: admin });
    expect(JSON.stringify(users.body)).not.toMatch(/scrypt|password/i);
  });
});

describe('HTTP edges', () => {
  it('answers malformed JSON with 400 VALIDATION_FAILED and a big body with 413', async () => {
    const t = await h.login();
    const bad = await h.api('POST', '/api/walls/command/apply', { token: t, raw: '{"layoutId": ' });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    const big = await h.api('POST', '/api/walls/command/apply', { token: t, raw: JSON.stringify({ reason: 'x'.repeat(300 * 1024) }) });
    expect(big.status).toBe(413);
    expect(big.body.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('answers unknown routes with 404 NOT_FOUND, and sets security headers without a banner', async () => {
    const r = await h.api('GET', '/nope', {});
    expect(r.status).toBe(404);
    expect(r.body.code).toBe('NOT_FOUND');
    expect(r.headers.get('x-powered-by')).toBeNull();
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    expect((await h.api('GET', '/api/nope', { token: await h.login() })).body.code).toBe('NOT_FOUND');
  });

  it('serves time and health without a login', async () => {
    const t = await h.api('GET', '/api/time');
    expect(Math.abs(t.body.now - Date.now())).toBeLessThan(5000);
    expect((await h.api('GET', '/healthz')).body.ok).toBe(true);
  });

  it('answers 503 "run npm run build" for an unbuilt app, and serves it once built', async () => {
    const r = await h.api('GET', '/wall/');
    expect(r.status).toBe(503);
    expect(r.body).toContain('run npm run build');
    const dist = h.ctrl.core.config.wallClient.distDir;
    mkdirSync(dist, { recursive: true });
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>wall</title>');
    writeFileSync(join(dist, 'app.js'), 'console.log(1)');
    for (const p of ['/wall', '/wall/', '/wall?screen=command-0-0']) {
      const ok = await h.api('GET', p);
      expect(ok.status, p).toBe(200);
      expect(ok.body).toContain('<title>wall</title>');
    }
    const redirect = await fetch(`${h.url}/wall?screen=command-0-0`, { redirect: 'manual' });
    expect(redirect.headers.get('location')).toBe('/wall/?screen=command-0-0');
    const js = await h.api('GET', '/wall/app.js');
    expect(js.headers.get('content-type')).toMatch(/javascript/);
  });
});

describe('first start', () => {
  it('prints a one-time admin password once when none is configured', async () => {
    const { createController } = await import('../create-controller');
    const { withOverrides } = await import('../config');
    const { memoryLogger } = await import('../logger');
    const printed: string[] = [];
    const log = memoryLogger();
    const config = withOverrides({ http: { host: '127.0.0.1', port: 0 }, db: { path: join(h.dir, 'first.sqlite') } });
    const c1 = createController({ config, log, printSecret: (l) => printed.push(l) });
    const { url } = await c1.start();
    expect(printed).toHaveLength(1);
    const password = /one-time password: (\S+)$/.exec(printed[0] ?? '')?.[1] ?? '';
    expect(password.length).toBeGreaterThanOrEqual(16);
    const login = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password }) });
    expect(login.status).toBe(200);
    await c1.close();
    const c2 = createController({ config, log, printSecret: (l) => printed.push(l) });
    await c2.start();
    await c2.close();
    expect(printed).toHaveLength(1);
    expect(log.lines.join('\n')).not.toContain(password);
  });
});
