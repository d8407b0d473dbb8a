import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { next, startHarness, type Harness, type Loose } from '../test-support/harness';

let dir: string;
let h: Harness;
let admin: string;
let duty: string;
let viewer: string;
let operator: string;

const config = { demo: { autoPair: false, cameras: true } } as const;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ioc-escalations-'));
  h = await startHarness(config, dir);
  admin = await h.login();
  duty = await h.userToken('duty1', ['duty-officer']);
  viewer = await h.userToken('vic', ['viewer']);
  operator = await h.userToken('op1', ['operator']);
});
afterAll(async () => {
  await h?.close();
  rmSync(dir, { recursive: true, force: true });
});

const state = async () => (await h.api('GET', '/api/walls/command/state', { token: viewer })).body as Loose;
const escalate = (body: unknown, token = duty) => h.api('POST', '/api/escalations', { token, body });

describe('escalations over REST, against the real controller and its SQLite file', () => {
  it('lists the demo cameras the walls play, so they can be found and escalated', async () => {
    const cams = await h.api('GET', '/api/cameras', { token: viewer });
    expect(cams.status).toBe(200);
    expect((cams.body as Loose[]).map((c) => c.id)).toEqual(['demo-cam-1', 'demo-cam-2', 'demo-cam-3', 'demo-cam-4']);
    expect(cams.body[0]).toMatchObject({ name: 'Demo camera 1', builtin: true, hasCredentials: false });
  });

  it('refuses bad bodies with 400 naming the field, and an unknown camera with 404', async () => {
    const cases: [unknown, string][] = [
      [{ cameraId: 'demo-cam-1', priority: 1 }, 'reason'],
      [{ cameraId: 'demo-cam-1', reason: '   ', priority: 1 }, 'reason'],
      [{ cameraId: 'demo-cam-1', reason: 'x'.repeat(501), priority: 1 }, 'reason'],
      [{ cameraId: 'demo-cam-1', reason: 'fire', priority: 0 }, 'priority'],
      [{ cameraId: 'demo-cam-1', reason: 'fire', priority: 4 }, 'priority'],
      [{ cameraId: 'demo-cam-1', reason: 'fire', priority: 1.5 }, 'priority'],
      [{ cameraId: 'demo-cam-1', reason: 'fire', priority: 1, colour: 'red' }, 'colour'],
      [{ reason: 'fire', priority: 1 }, 'cameraId'],
    ];
    for (const [body, field] of cases) {
      const r = await escalate(body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.code).toBe('VALIDATION_FAILED');
      expect(r.body.message).toContain(field);
    }
    const unknown = await escalate({ cameraId: 'no-such-cam', reason: 'fire', priority: 1 });
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('CAMERA_NOT_FOUND');
    expect(unknown.body.message).toContain('no-such-cam');
    expect((await h.api('GET', '/api/escalations', { token: viewer })).body).toEqual([]);
  });

  it('refuses every escalation command to a viewer and an operator (403), and lets them see the list', async () => {
    const e = (await escalate({ cameraId: 'demo-cam-2', reason: 'role check', priority: 3 })).body as Loose;
    for (const token of [viewer, operator]) {
      expect((await escalate({ cameraId: 'demo-cam-1', reason: 'x', priority: 1 }, token)).status).toBe(403);
      expect((await h.api('POST', `/api/escalations/${e.id}/ack`, { token })).status).toBe(403);
      const close = await h.api('POST', `/api/escalations/${e.id}/close`, { token, body: {} });
      expect(close.status).toBe(403);
      expect(close.body.code).toBe('FORBIDDEN');
      const list = await h.api('GET', '/api/escalations', { token });
      expect(list.status).toBe(200);
      expect((list.body as Loose[]).map((x) => x.id)).toContain(e.id);
    }
    expect((await h.api('POST', `/api/escalations/${e.id}/close`, { token: admin, body: {} })).status).toBe(200);
  });

  it('draws escalations over the command wall in priority order, acknowledges, closes, and restores the layout exactly', async () => {
    const before = await state();
    const consoleSocket = h.socket('/console', { token: viewer });
    await next(consoleSocket, 'connect');
    const pushed = next(consoleSocket, 'escalation');
    const low = await escalate({ cameraId: 'demo-cam-3', reason: 'Kẹt xe ở cầu Rồng', priority: 3 });
    expect(low.status).toBe(201);
    expect(low.body).toMatchObject({ cameraId: 'demo-cam-3', priority: 3, state: 'open', createdBy: 'duty1', wallId: 'command', clipId: null });
    expect((await pushed).id).toBe(low.body.id);
    const high = await escalate({ cameraId: 'demo-cam-1', reason: 'Traffic accident, 2 cars', priority: 1, note: 'ambulance called' });
    expect(high.status).toBe(201);

    const s1 = await state();
    expect(s1.version).toBe(before.version + 2);
    expect(s1.tiles).toEqual(before.tiles);
    expect(s1.layoutId).toBe(before.layoutId);
    expect(s1.incident.area).toEqual({ x: 0, y: 0, w: 2, h: 2 });
    expect(s1.incident.escalations.map((e: Loose) => [e.id, e.priority, e.acknowledged, e.cameraName])).toEqual([
      [high.body.id, 1, false, 'Demo camera 1'],
      [low.body.id, 3, false, 'Demo camera 3'],
    ]);
    const open = (await h.api('GET', '/api/escalations?state=open', { token: viewer })).body as Loose[];
    expect(open.map((e) => e.id)).toEqual([high.body.id, low.body.id]);

    const ack = await h.api('POST', `/api/escalations/${high.body.id}/ack`, { token: duty });
    expect(ack.status).toBe(200);
    expect(ack.body).toMatchObject({ state: 'acknowledged', acknowledgedBy: 'duty1' });
    expect((await state()).incident.escalations[0].acknowledged).toBe(true);
    const again = await h.api('POST', `/api/escalations/${high.body.id}/ack`, { token: duty });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('ESCALATION_STATE_CONFLICT');

    // A layout switch under the escalations changes what lies beneath; they stay on top, in
    // the new layout's incident tile.
    const applied = await h.api('POST', '/api/walls/command/apply', { token: operator, body: { layoutId: 'cmd-calibration' } });
    expect(applied.status).toBe(200);
    const s2 = await state();
    expect(s2.layoutId).toBe('cmd-calibration');
    expect(s2.incident.escalations.map((e: Loose) => e.id)).toEqual([high.body.id, low.body.id]);
    await h.api('POST', '/api/walls/command/apply', { token: operator, body: { layoutId: 'cmd-incident' } });
    expect((await state()).incident.area).toEqual({ x: 0, y: 0, w: 2, h: 2 });
    await h.api('POST', '/api/walls/command/apply', { token: operator, body: { layoutId: before.layoutId } });
    const beneath = await state();

    const badClose = await h.api('POST', `/api/escalations/${high.body.id}/close`, { token: duty, body: { note: 1 } });
    expect(badClose.status).toBe(400);
    expect(badClose.body.message).toContain('note');
    for (const e of [high.body, low.body]) {
      const closed = await h.api('POST', `/api/escalations/${e.id}/close`, { token: duty, body: { note: 'handled' } });
      expect(closed.status).toBe(200);
      expect(closed.body).toMatchObject({ state: 'closed', closedBy: 'duty1', closeNote: 'handled' });
    }
    const after = await state();
    expect(after.incident).toBeNull();
    expect(after.tiles).toEqual(beneath.tiles);
    expect(after.tiles).toEqual(before.tiles);
    const twice = await h.api('POST', `/api/escalations/${high.body.id}/close`, { token: duty, body: {} });
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('ESCALATION_STATE_CONFLICT');
    expect((await h.api('POST', '/api/escalations/nope/ack', { token: duty })).body.code).toBe('ESCALATION_NOT_FOUND');
    expect((await h.api('GET', '/api/escalations?state=all', { token: viewer })).body.length).toBe(3);
    expect((await h.api('GET', '/api/escalations?state=some', { token: viewer })).status).toBe(400);

    const audit = (await h.api('GET', '/api/audit?limit=100', { token: admin })).body as Loose;
    const rows = audit.entries as Loose[];
    const actions = rows.filter((r) => r.target === high.body.id).map((r) => r.action);
    expect(actions.sort()).toEqual(['escalation.acknowledge', 'escalation.close', 'escalation.create']);
  });

  it('keeps an open escalation across a controller restart; it is still closable', async () => {
    const e = (await escalate({ cameraId: 'demo-cam-4', reason: 'flooding', priority: 2 })).body as Loose;
    await h.close();
    h = await startHarness(config, dir);
    duty = await h.login('duty1', 'duty1-password-123');
    viewer = await h.login('vic', 'vic-password-123');
    const s = await state();
    expect(s.incident.escalations[0]).toMatchObject({ id: e.id, reason: 'flooding' });
    const closed = await h.api('POST', `/api/escalations/${e.id}/close`, { token: duty, body: {} });
    expect(closed.status).toBe(200);
    expect((await state()).incident).toBeNull();
  });

  it('answers 503 for a clip when no media gateway is configured', async () => {
    const e = (await h.api('GET', '/api/escalations?state=all', { token: viewer })).body[0] as Loose;
    const r = await h.api('GET', `/api/escalations/${e.id}/clip`, { token: viewer });
    expect(r.status).toBe(503);
    expect(r.body.code).toBe('GATEWAY_NOT_CONFIGURED');
  });
});
