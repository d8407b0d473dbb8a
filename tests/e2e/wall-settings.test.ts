import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryStorage, createScreenClient, createTimerScheduler, type ScreenClient } from '@ioc/wall-client';
import { ControllerProcess, freePort } from '../support/controller-process';

/**
 * Wall settings end to end: the real controller (its own process) and Node screens running the
 * wall-client core. A technician's bezel and the wall's widget language reach the screens within
 * a second, without a reconnect; a replaced screen's position moves to the new device.
 */
const ADMIN_PASSWORD = 'e2e-admin-password-0002';
let dir: string;
let ctl: ControllerProcess;
let tech = '';
const clients: ScreenClient[] = [];

async function api(method: string, path: string, body?: unknown, token = tech) {
  const res = await fetch(ctl.url + path, {
    method,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as Record<string, unknown> };
}

async function login(username: string, password: string): Promise<string> {
  const res = await fetch(`${ctl.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  return ((await res.json()) as { token: string }).token;
}

function screen(opts: { demoPosition?: { wallId: string; col: number; row: number }; hostname: string }): ScreenClient {
  const c = createScreenClient({ controllerUrl: ctl.url, storage: createMemoryStorage(), scheduler: createTimerScheduler(), ...opts });
  clients.push(c);
  return c;
}

async function until(what: string, check: () => boolean, timeoutMs = 10_000): Promise<number> {
  const t0 = Date.now();
  while (!check()) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
  return Date.now() - t0;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ioc-e2e-wall-settings-'));
  ctl = new ControllerProcess(await freePort(), { IOC_DB_PATH: join(dir, 'ioc.sqlite'), IOC_ADMIN_PASSWORD: ADMIN_PASSWORD, IOC_DEMO: 'true' });
  await ctl.start();
  const admin = await login('admin', ADMIN_PASSWORD);
  expect((await api('POST', '/api/users', { username: 'tech1', password: 'technician-password-1', roles: ['technician'] }, admin)).status).toBe(201);
  tech = await login('tech1', 'technician-password-1');
}, 60_000);

afterAll(async () => {
  for (const c of clients) await c.close();
  await ctl?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('wall settings reach the screens live', () => {
  it('a dragged bezel and the widget language reach every screen of the wall within a second, without a reconnect', async () => {
    const screens = [0, 1, 2].map((col) => screen({ demoPosition: { wallId: 'command', col, row: 0 }, hostname: `node-${col}` }));
    await Promise.all(screens.map((c) => c.start()));
    await until('screens welcomed', () => screens.every((c) => c.store.getState().identity.wall !== null && c.store.getState().current !== null));
    const versions = screens.map((c) => c.store.getState().current?.version);
    let reconnects = 0;
    for (const c of screens) c.store.subscribe((s, prev) => void (s.connection !== prev.connection && reconnects++));

    for (const left of [12, 24, 36]) {
      expect((await api('PATCH', '/api/walls/command', { bezel: { left, right: left, top: 8, bottom: 8 } })).status).toBe(200);
      const ms = await until(`bezel ${left} on every screen`, () => screens.every((c) => c.store.getState().identity.wall?.bezel.left === left), 1000);
      expect(ms).toBeLessThan(1000);
    }
    expect((await api('PATCH', '/api/walls/command', { widgetLanguage: 'en' })).status).toBe(200);
    await until('widget language on every screen', () => screens.every((c) => c.store.getState().identity.wall?.widgetLanguage === 'en'), 1000);
    expect(reconnects).toBe(0);
    expect(screens.map((c) => c.store.getState().current?.version)).toEqual(versions);

    // A screen that connects later gets the settings in its welcome.
    const late = screen({ demoPosition: { wallId: 'command', col: 0, row: 1 }, hostname: 'node-late' });
    await late.start();
    await until('late screen welcomed', () => late.store.getState().identity.wall?.widgetLanguage === 'en');
    expect(late.store.getState().identity.wall?.bezel).toEqual({ left: 36, right: 36, top: 8, bottom: 8 });
  });

  it('replaces a broken screen: the new device takes its position and draws its slice; the old one shows a pairing code', async () => {
    const old = screen({ demoPosition: { wallId: 'command', col: 2, row: 2 }, hostname: 'old-pc' });
    await old.start();
    await until('old screen placed', () => old.store.getState().current !== null);
    const fresh = screen({ hostname: 'new-pc' });
    await fresh.start();
    await until('pairing code', () => fresh.store.getState().pairing !== null);
    const code = fresh.store.getState().pairing!.code;
    const r = await api('POST', '/api/screens/command-2-2/replace', { code });
    expect(r.status).toBe(200);
    const ms = await until('new device draws the slice', () => {
      const s = fresh.store.getState();
      return s.identity.screenId === 'command-2-2' && s.identity.col === 2 && s.identity.row === 2 && s.current !== null;
    }, 3000);
    expect(ms).toBeLessThan(1000);
    await until('old device shows a pairing code', () => old.store.getState().pairing !== null && old.store.getState().identity.token === null, 3000);
  });
});
