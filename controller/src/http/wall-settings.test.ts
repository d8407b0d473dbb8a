import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { next, startHarness, type Harness, type Loose } from '../test-support/harness';

let h: Harness;
let admin: string;
let tech: string;
let op: string;
beforeAll(async () => {
  h = await startHarness({ demo: { autoPair: true } });
  admin = await h.login();
  tech = await h.userToken('tom', ['technician']);
  op = await h.userToken('olga', ['operator']);
});
afterAll(() => h.close());

const bezel = (n: number) => ({ left: n, right: n, top: n, bottom: n });

describe('PATCH /api/walls/:wallId (bezels, widget language)', () => {
  it('stores a technician’s bezel and pushes the new spec to the wall’s screens within a second, audited', async () => {
    const screen = h.socket('/screen', { deviceId: 'settings-screen-1', demoPosition: { wallId: 'command', col: 0, row: 0 } });
    const other = h.socket('/screen', { deviceId: 'settings-screen-2', demoPosition: { wallId: 'monitoring', col: 0, row: 0 } });
    await Promise.all([next(screen, 'welcome'), next(other, 'welcome')]);
    const otherWalls: Loose[] = [];
    other.on('wall', (w: Loose) => otherWalls.push(w));
    const pushed = next(screen, 'wall', 1000);
    const t0 = Date.now();
    const r = await h.api('PATCH', '/api/walls/command', { token: tech, body: { bezel: bezel(37) } });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ id: 'command', bezel: bezel(37) });
    expect(await pushed).toMatchObject({ id: 'command', cols: 3, bezel: bezel(37) });
    expect(Date.now() - t0).toBeLessThan(1000);
    expect((await h.api('GET', '/api/walls/command', { token: op })).body.bezel).toEqual(bezel(37));
    const audit = (await h.api('GET', '/api/audit?action=wall.settings&limit=1', { token: admin })).body.entries[0];
    expect(audit).toMatchObject({ actor: 'tom', target: 'command', details: { bezel: bezel(37) } });
    expect(otherWalls).toEqual([]);
  });

  it('keeps up with a dragged slider: each step answered and pushed, the last value wins, an unchanged value writes nothing', async () => {
    const screen = h.socket('/screen', { deviceId: 'settings-screen-3', demoPosition: { wallId: 'command', col: 1, row: 0 } });
    await next(screen, 'welcome');
    const seen: number[] = [];
    screen.on('wall', (w: Loose) => seen.push(w.bezel.left));
    const t0 = Date.now();
    for (let n = 10; n < 20; n++) expect((await h.api('PATCH', '/api/walls/command', { token: tech, body: { bezel: bezel(n) } })).status).toBe(200);
    // Ten sequential round trips: generous for a loaded CI machine, far below a slider's pace.
    expect(Date.now() - t0).toBeLessThan(5000);
    const auditBefore = h.ctrl.core.store.audit.count();
    expect((await h.api('PATCH', '/api/walls/command', { token: tech, body: { bezel: bezel(19) } })).status).toBe(200);
    expect(h.ctrl.core.store.audit.count()).toBe(auditBefore);
    await new Promise((r) => setTimeout(r, 200));
    expect(seen).toEqual([10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
  });

  it('sets the widget language: pushed live, and sent beside the spec in a later welcome', async () => {
    const screen = h.socket('/screen', { deviceId: 'settings-screen-4', demoPosition: { wallId: 'command', col: 2, row: 0 } });
    const first = await next<Loose>(screen, 'welcome');
    expect(first.widgetLanguage).toBeUndefined();
    const pushed = next(screen, 'wall', 1000);
    const r = await h.api('PATCH', '/api/walls/command', { token: op, body: { widgetLanguage: 'en' } });
    expect(r.status).toBe(200);
    expect(await pushed).toMatchObject({ id: 'command', widgetLanguage: 'en' });
    const again = h.socket('/screen', { deviceId: 'settings-screen-5', demoPosition: { wallId: 'command', col: 2, row: 1 } });
    const welcome = await next<Loose>(again, 'welcome');
    expect(welcome.widgetLanguage).toBe('en');
    // Screens built before the setting parse the spec strictly: it does not carry the new key.
    expect(welcome.wall).not.toHaveProperty('widgetLanguage');
    expect((await h.api('GET', '/api/walls', { token: op })).body.find((w: Loose) => w.id === 'command').widgetLanguage).toBe('en');
  });

  it('checks roles per setting: operators the language only, viewers nothing', async () => {
    const viewer = await h.userToken('vera', ['viewer']);
    const duty = await h.userToken('duc', ['duty-officer']);
    expect((await h.api('PATCH', '/api/walls/command', { token: op, body: { bezel: bezel(5) } })).body.code).toBe('FORBIDDEN');
    for (const t of [viewer, duty]) {
      expect((await h.api('PATCH', '/api/walls/command', { token: t, body: { widgetLanguage: 'vi' } })).body.code).toBe('FORBIDDEN');
    }
    expect((await h.api('PATCH', '/api/walls/command', { token: tech, body: { widgetLanguage: 'vi', bezel: bezel(19) } })).status).toBe(200);
  });

  it('answers 400 naming the field, 404 for an unknown wall', async () => {
    for (const [body, field] of [
      [{ bezel: { left: -1, right: 0, top: 0, bottom: 0 } }, 'bezel.left'],
      [{ bezel: { left: 1, right: 1, top: 1 } }, 'bezel.bottom'],
      [{ widgetLanguage: 'fr' }, 'widgetLanguage'],
      [{ cols: 4 }, 'cols'],
      [{}, 'bezel'],
    ] as const) {
      const r = await h.api('PATCH', '/api/walls/command', { token: tech, body });
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.message).toContain(field);
    }
    expect((await h.api('PATCH', '/api/walls/nowhere', { token: tech, body: { bezel: bezel(1) } })).body.code).toBe('WALL_NOT_FOUND');
  });
});

describe('wall settings across a restart', () => {
  it('keeps the API’s bezel and language over the seeded spec', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ioc-wall-settings-'));
    try {
      const a = await startHarness({}, dir);
      const t = await a.login();
      await a.api('PATCH', '/api/walls/monitoring', { token: t, body: { bezel: bezel(42), widgetLanguage: 'en' } });
      await a.close();
      const b = await startHarness({}, dir);
      const wall = (await b.api('GET', '/api/walls/monitoring', { token: await b.login() })).body;
      expect(wall).toMatchObject({ bezel: bezel(42), widgetLanguage: 'en', cols: 9 });
      await b.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
