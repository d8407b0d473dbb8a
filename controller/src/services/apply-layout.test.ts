import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request, startHarness, type Harness } from '../test-support/harness';

let h: Harness;
let op: string;
let admin: string;
beforeAll(async () => {
  h = await startHarness({ switch: { marginMs: 80 } });
  admin = await h.login();
  op = await h.userToken('olga', ['operator']);
});
afterAll(() => h.close());

const label = (id: string, x: number, y: number, w = 1, h = 1) => ({ id, rect: { x, y, w, h }, source: { kind: 'label', text: id } });
const counts = async () => ({
  history: (await h.api('GET', '/api/walls/command/history?limit=500', { token: admin })).body.length as number,
  audit: h.ctrl.core.store.audit.count(),
});

describe('applyLayout over REST', () => {
  it('applies a preset by layoutId: new version, activateAt = now + margin, audited in the same write', async () => {
    const before = (await h.api('GET', '/api/walls/command/state', { token: op })).body;
    const t0 = Date.now();
    const r = await h.api('POST', '/api/walls/command/apply', { token: op, body: { layoutId: 'cmd-quad', reason: 'shift start' } });
    expect(r.status).toBe(200);
    expect(r.body.version).toBe(before.version + 1);
    expect(r.body.activateAt).toBeGreaterThanOrEqual(t0 + 80);
    expect(r.body.activateAt).toBeLessThanOrEqual(Date.now() + 80);
    const state = (await h.api('GET', '/api/walls/command/state', { token: op })).body;
    expect(state).toMatchObject({ version: r.body.version, layoutId: 'cmd-quad', changedBy: 'olga', reason: 'shift start' });
    expect(state.tiles.length).toBeGreaterThan(0);
    const audit = (await h.api('GET', '/api/audit?limit=1', { token: admin })).body.entries[0];
    expect(audit).toMatchObject({ actor: 'olga', action: 'layout.apply', target: 'command', details: { version: r.body.version, layoutId: 'cmd-quad' } });
  });

  it('applies ad-hoc tiles, including one spanning two screens', async () => {
    const tiles = [label('left', 0, 0, 2, 1), label('right', 2, 0)];
    const r = await h.api('POST', '/api/walls/command/apply', { token: op, body: { tiles } });
    expect(r.status).toBe(200);
    const state = (await h.api('GET', '/api/walls/command/state', { token: op })).body;
    expect(state.layoutId).toBeNull();
    expect(state.tiles.map((t: { id: string }) => t.id)).toEqual(['left', 'right']);
  });

  it('keeps every version in the history, newest first', async () => {
    const hist = (await h.api('GET', '/api/walls/command/history?limit=3', { token: op })).body;
    expect(hist).toHaveLength(3);
    expect(hist[0].version).toBeGreaterThan(hist[1].version);
    expect(hist[1].version).toBeGreaterThan(hist[2].version);
  });

  it('answers 400 LAYOUT_INVALID naming the tile and field of an out-of-bounds tile, writing nothing', async () => {
    const before = await counts();
    const r = await h.api('POST', '/api/walls/command/apply', { token: op, body: { tiles: [label('ok', 0, 0), label('too-wide', 2, 0, 2, 1)] } });
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('LAYOUT_INVALID');
    expect(r.body.message).toContain('tile "too-wide"');
    expect(r.body.message).toContain('rect.w');
    expect(r.body.details.issues[0]).toMatchObject({ tileId: 'too-wide', index: 1, field: 'rect.w' });
    const schema = await h.api('POST', '/api/walls/command/apply', { token: op, body: { tiles: [{ ...label('neg', 0, 0), rect: { x: 0, y: 0, w: -1, h: 1 } }] } });
    expect(schema.body.code).toBe('LAYOUT_INVALID');
    expect(schema.body.details.issues[0]).toMatchObject({ tileId: 'neg', field: 'rect.w' });
    expect(await counts()).toEqual(before);
  });

  it('answers 404 for an unknown wall or layout, and for a layout of another wall', async () => {
    const w = await h.api('POST', '/api/walls/atlantis/apply', { token: op, body: { layoutId: 'cmd-quad' } });
    expect([w.status, w.body.code]).toEqual([404, 'WALL_NOT_FOUND']);
    const l = await h.api('POST', '/api/walls/command/apply', { token: op, body: { layoutId: 'no-such-layout' } });
    expect([l.status, l.body.code]).toEqual([404, 'LAYOUT_NOT_FOUND']);
    const other = (await h.api('GET', '/api/layouts?wallId=monitoring', { token: op })).body[0].id as string;
    expect((await h.api('POST', '/api/walls/command/apply', { token: op, body: { layoutId: other } })).body.code).toBe('LAYOUT_NOT_FOUND');
    expect((await h.api('GET', '/api/walls/atlantis/state', { token: op })).body.code).toBe('WALL_NOT_FOUND');
  });

  it('answers 400 VALIDATION_FAILED naming the field for a malformed command', async () => {
    const both = await h.api('POST', '/api/walls/command/apply', { token: op, body: { layoutId: 'cmd-quad', tiles: [] } });
    expect(both.status).toBe(400);
    expect(both.body.message).toContain('layoutId');
    const extra = await h.api('POST', '/api/walls/command/apply', { token: op, body: { layoutId: 'cmd-quad', ifVersion: 'one' } });
    expect(extra.body.code).toBe('VALIDATION_FAILED');
    expect(extra.body.message).toContain('ifVersion');
  });

  it('answers 409 VERSION_CONFLICT for a stale ifVersion with nothing written', async () => {
    const current = (await h.api('GET', '/api/walls/command/state', { token: op })).body.version as number;
    const before = await counts();
    const r = await h.api('POST', '/api/walls/command/apply', { token: op, body: { layoutId: 'cmd-quad', ifVersion: current - 1 } });
    expect(r.status).toBe(409);
    expect(r.body.code).toBe('VERSION_CONFLICT');
    expect(r.body.details).toEqual({ currentVersion: current });
    expect(await counts()).toEqual(before);
    expect((await h.api('GET', '/api/walls/command/state', { token: op })).body.version).toBe(current);
    const ok = await h.api('POST', '/api/walls/command/apply', { token: op, body: { layoutId: 'cmd-quad', ifVersion: current } });
    expect(ok.body.version).toBe(current + 1);
  });
});

describe('layouts', () => {
  it('lists the seeded presets per wall and refuses to delete a built-in', async () => {
    const list = (await h.api('GET', '/api/layouts?wallId=command', { token: op })).body as { id: string; builtin: boolean; wallId: string }[];
    expect(list.length).toBeGreaterThanOrEqual(2);
    expect(list.every((l) => l.builtin && l.wallId === 'command')).toBe(true);
    const del = await h.api('DELETE', '/api/layouts/cmd-quad', { token: op });
    expect([del.status, del.body.code]).toEqual([403, 'FORBIDDEN']);
    expect((await h.api('GET', '/api/layouts/cmd-quad', { token: op })).status).toBe(200);
  });

  it('saves a validated user layout, applies it, and deletes it', async () => {
    const bad = await h.api('POST', '/api/walls/command/layouts', { token: op, body: { name: 'Bad', tiles: [label('low', 0, 3)] } });
    expect(bad.body.code).toBe('LAYOUT_INVALID');
    expect(bad.body.message).toContain('rect.y');
    const r = await h.api('POST', '/api/walls/command/layouts', { token: op, body: { id: 'night', name: 'Night', tiles: [label('all', 0, 0, 3, 3)] } });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ id: 'night', wallId: 'command', builtin: false });
    expect((await h.api('POST', '/api/walls/command/apply', { token: op, body: { layoutId: 'night' } })).status).toBe(200);
    const clash = await h.api('POST', '/api/walls/command/layouts', { token: op, body: { id: 'cmd-quad', name: 'Mine', tiles: [] } });
    expect(clash.body.code).toBe('ALREADY_EXISTS');
    expect((await h.api('DELETE', '/api/layouts/night', { token: op })).status).toBe(204);
    expect((await h.api('GET', '/api/layouts/night', { token: op })).body.code).toBe('LAYOUT_NOT_FOUND');
    const viewer = await h.userToken('val', ['viewer']);
    expect((await h.api('POST', '/api/walls/command/layouts', { token: viewer, body: { name: 'V', tiles: [] } })).status).toBe(403);
  });
});

describe('sources a layout names', () => {
  const cam = (id: string, cameraId: string, x = 0) => ({ id, rect: { x, y: 0, w: 1, h: 1 }, source: { kind: 'camera', cameraId } });
  const widget = (id: string, feedId: string, x = 0) => ({ id, rect: { x, y: 0, w: 1, h: 1 }, source: { kind: 'widget', feedId, view: 'summary' } });
  const version = async () => (await h.api('GET', '/api/walls/command/state', { token: op })).body.version as number;

  it('refuses an unknown camera or feed with UNKNOWN_SOURCE naming the tile, applying nothing', async () => {
    const before = { ...(await counts()), version: await version() };
    const r = await h.api('POST', '/api/walls/command/apply', { token: op, body: { tiles: [cam('ok', 'demo-cam-1'), cam('gate', 'no-such-cam', 1)] } });
    expect([r.status, r.body.code]).toEqual([400, 'UNKNOWN_SOURCE']);
    expect(r.body.message).toContain('tile "gate"');
    expect(r.body.message).toContain('camera "no-such-cam" does not exist');
    expect(r.body.details.issues).toEqual([{ tileId: 'gate', index: 1, field: 'source.cameraId', message: 'camera "no-such-cam" does not exist' }]);
    const f = await h.api('POST', '/api/walls/command/apply', { token: op, body: { tiles: [widget('reports', 'field-reports'), widget('soc', 'no-such-feed', 1)] } });
    expect([f.status, f.body.code]).toEqual([400, 'UNKNOWN_SOURCE']);
    expect(f.body.message).toContain('tile "soc"');
    expect(f.body.details.issues[0]).toMatchObject({ tileId: 'soc', field: 'source.feedId' });
    // Over the console socket too.
    const s = h.socket('/console', { token: op });
    const ack = await request(s, 'applyLayout', { wallId: 'command', tiles: [cam('gate', 'no-such-cam')] });
    expect(ack.error).toMatchObject({ code: 'UNKNOWN_SOURCE', details: { issues: [{ tileId: 'gate' }] } });
    expect({ ...(await counts()), version: await version() }).toEqual(before);
  });

  it('applies registered and demo cameras and known feeds', async () => {
    expect((await h.api('POST', '/api/cameras', { token: admin, body: { id: 'cam-gate', name: 'Gate', mainUrl: 'rtsp://10.0.0.9/m' } })).status).toBe(201);
    const r = await h.api('POST', '/api/walls/command/apply', { token: op, body: { tiles: [cam('gate', 'cam-gate'), cam('demo', 'demo-cam-2', 1), widget('soc', 'soc-alerts', 2)] } });
    expect(r.status).toBe(200);
  });

  it('refuses to save a preset naming an unknown camera, and to apply a saved one whose camera was deleted', async () => {
    const bad = await h.api('POST', '/api/walls/command/layouts', { token: op, body: { id: 'ghosts', name: 'Ghosts', tiles: [cam('ghost', 'no-such-cam')] } });
    expect([bad.status, bad.body.code]).toEqual([400, 'UNKNOWN_SOURCE']);
    expect(bad.body.message).toContain('tile "ghost"');
    expect((await h.api('GET', '/api/layouts/ghosts', { token: op })).body.code).toBe('LAYOUT_NOT_FOUND');

    expect((await h.api('POST', '/api/cameras', { token: admin, body: { id: 'cam-temp', name: 'Temp', mainUrl: 'rtsp://10.0.0.10/m' } })).status).toBe(201);
    expect((await h.api('POST', '/api/walls/command/layouts', { token: op, body: { id: 'temp', name: 'Temp', tiles: [cam('t', 'cam-temp')] } })).status).toBe(201);
    expect((await h.api('DELETE', '/api/cameras/cam-temp', { token: admin })).status).toBe(204);
    const before = await version();
    const r = await h.api('POST', '/api/walls/command/apply', { token: op, body: { layoutId: 'temp' } });
    expect([r.status, r.body.code]).toEqual([400, 'UNKNOWN_SOURCE']);
    expect(r.body.details.issues[0]).toMatchObject({ tileId: 't', field: 'source.cameraId' });
    expect(await version()).toBe(before);
  });
});
