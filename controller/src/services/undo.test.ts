import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { next, startHarness, type Harness, type Loose } from '../test-support/harness';

let h: Harness;
let op: string;
let op2: string;
let admin: string;
beforeAll(async () => {
  h = await startHarness({ switch: { marginMs: 50 }, demo: { autoPair: true } });
  admin = await h.login();
  op = await h.userToken('olga', ['operator']);
  op2 = await h.userToken('oanh', ['operator']);
});
afterAll(() => h.close());

const label = (id: string) => ({ id, rect: { x: 0, y: 0, w: 1, h: 1 }, source: { kind: 'label', text: id } });
const stateOf = async (wallId = 'command') => (await h.api('GET', `/api/walls/${wallId}/state`, { token: op })).body;

describe('undo of the last switch', () => {
  it('applies the previous version’s tiles as a new version, through the switch path, audited layout.undo', async () => {
    const screen = h.socket('/screen', { deviceId: 'undo-screen-1', demoPosition: { wallId: 'command', col: 0, row: 0 } });
    await next(screen, 'welcome');
    const a = await h.api('POST', '/api/walls/command/apply', { token: op, body: { tiles: [label('A')] } });
    const b = await h.api('POST', '/api/walls/command/apply', { token: op, body: { tiles: [label('B')], ifVersion: a.body.version } });
    expect(b.status).toBe(200);
    const pushed = new Promise<Loose>((resolve) => screen.on('state', (s: Loose) => s.version === b.body.version + 1 && resolve(s)));
    const t0 = Date.now();
    const r = await h.api('POST', '/api/walls/command/undo', { token: op, body: { ifVersion: b.body.version } });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ wallId: 'command', version: b.body.version + 1 });
    expect(r.body.activateAt).toBeGreaterThanOrEqual(t0 + 50);
    const s = await pushed;
    expect(s.tiles.map((t: Loose) => t.id)).toEqual(['A']);
    expect(s).toMatchObject({ changedBy: 'olga', reason: `undo of version ${b.body.version}` });
    const audit = (await h.api('GET', '/api/audit?action=layout.undo&limit=1', { token: admin })).body.entries[0];
    expect(audit).toMatchObject({ actor: 'olga', target: 'command', details: { version: r.body.version, undoneVersion: b.body.version, restoredVersion: a.body.version } });
    // Undo again takes back the undo: B is back.
    const again = await h.api('POST', '/api/walls/command/undo', { token: op, body: { ifVersion: r.body.version } });
    expect((await stateOf()).tiles.map((t: Loose) => t.id)).toEqual(['B']);
    expect(again.body.version).toBe(r.body.version + 1);
  });

  it('answers 409 VERSION_CONFLICT for a stale ifVersion, writing nothing', async () => {
    const current = (await stateOf()).version as number;
    const r = await h.api('POST', '/api/walls/command/undo', { token: op, body: { ifVersion: current - 1 } });
    expect(r.status).toBe(409);
    expect(r.body).toMatchObject({ code: 'VERSION_CONFLICT', details: { currentVersion: current } });
    expect((await stateOf()).version).toBe(current);
  });

  it('answers 409 NOTHING_TO_UNDO on a wall with one version', async () => {
    // The monitoring wall has only its seeded first version in this controller.
    const first = await stateOf('monitoring');
    expect(first.version).toBe(1);
    const r = await h.api('POST', '/api/walls/monitoring/undo', { token: op, body: { ifVersion: 1 } });
    expect(r.status).toBe(409);
    expect(r.body.code).toBe('NOTHING_TO_UNDO');
  });

  it('answers 403 to roles that may not switch, 400 naming the field, 404 for an unknown wall', async () => {
    const viewer = await h.userToken('vera', ['viewer']);
    const tech = await h.userToken('tom', ['technician']);
    const current = (await stateOf()).version as number;
    const viewerUndo = await h.api('POST', '/api/walls/command/undo', { token: viewer, body: { ifVersion: current } });
    expect(viewerUndo.body).toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('layout.undo') });
    // A technician may take down only the calibration pattern (wall.calibrate); this wall shows labels.
    expect((await h.api('POST', '/api/walls/command/undo', { token: tech, body: { ifVersion: current } })).body.code).toBe('FORBIDDEN');
    expect((await stateOf()).version).toBe(current);
    const missing = await h.api('POST', '/api/walls/command/undo', { token: op, body: {} });
    expect(missing.status).toBe(400);
    expect(missing.body.message).toContain('ifVersion');
    const extra = await h.api('POST', '/api/walls/command/undo', { token: op, body: { ifVersion: 1, tiles: [] } });
    expect(extra.status).toBe(400);
    expect(extra.body.message).toContain('tiles');
    expect((await h.api('POST', '/api/walls/nowhere/undo', { token: op, body: { ifVersion: 1 } })).body.code).toBe('WALL_NOT_FOUND');
  });
});

describe('two operators on one wall', () => {
  it('the later one, with the version both saw, gets 409 VERSION_CONFLICT and nothing is overwritten', async () => {
    const seen = (await stateOf()).version as number;
    const [first, second] = [
      await h.api('POST', '/api/walls/command/apply', { token: op, body: { tiles: [label('first')], ifVersion: seen } }),
      await h.api('POST', '/api/walls/command/apply', { token: op2, body: { tiles: [label('second')], ifVersion: seen } }),
    ];
    expect(first.status).toBe(200);
    expect(second.status).toBe(409);
    expect(second.body).toMatchObject({ code: 'VERSION_CONFLICT', details: { currentVersion: seen + 1 } });
    const s = await stateOf();
    expect(s).toMatchObject({ version: seen + 1, changedBy: 'olga' });
    expect(s.tiles.map((t: Loose) => t.id)).toEqual(['first']);
    // The same race on undo: the stale one is refused too.
    const u = await h.api('POST', '/api/walls/command/undo', { token: op2, body: { ifVersion: seen } });
    expect(u.body.code).toBe('VERSION_CONFLICT');
  });

  it('concurrent applies with the same ifVersion: exactly one wins', async () => {
    const seen = (await stateOf()).version as number;
    const answers = await Promise.all([op, op2, op, op2].map((t, i) => h.api('POST', '/api/walls/command/apply', { token: t, body: { tiles: [label(`c${i}`)], ifVersion: seen } })));
    expect(answers.filter((r) => r.status === 200)).toHaveLength(1);
    expect(answers.filter((r) => r.body.code === 'VERSION_CONFLICT')).toHaveLength(3);
  });
});
