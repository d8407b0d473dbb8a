import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../test-support/harness';

let h: Harness;
let tech: string;
let op: string;
let viewer: string;
beforeAll(async () => {
  h = await startHarness({ switch: { marginMs: 20 } });
  tech = await h.userToken('tina', ['technician']);
  op = await h.userToken('olga', ['operator']);
  viewer = await h.userToken('vic', ['viewer']);
});
afterAll(() => h.close());

const version = async (): Promise<number> => (await h.api('GET', '/api/walls/command/state', { token: op })).body.version as number;

describe('the calibration pattern (wall.calibrate)', () => {
  it('a technician puts the pattern up and takes it down again, and nothing else', async () => {
    const before = (await h.api('POST', '/api/walls/command/apply', { token: op, body: { layoutId: 'cmd-quad' } })).body.version as number;
    const up = await h.api('POST', '/api/walls/command/apply', { token: tech, body: { layoutId: 'cmd-calibration', ifVersion: before } });
    expect(up.status).toBe(200);
    expect(up.body.version).toBe(before + 1);
    const adHoc = await h.api('POST', '/api/walls/command/apply', {
      token: tech,
      body: { tiles: [{ id: 'g', rect: { x: 0, y: 0, w: 3, h: 3 }, source: { kind: 'test-pattern', pattern: 'grid' } }] },
    });
    expect(adHoc.status).toBe(200);
    const down = await h.api('POST', '/api/walls/command/undo', { token: tech, body: { ifVersion: adHoc.body.version } });
    expect(down.status).toBe(200);
    // Taking the ad-hoc grid down brings back what was before it: the preset's grid.
    const state = (await h.api('GET', '/api/walls/command/state', { token: op })).body;
    expect(state.layoutId).toBe('cmd-calibration');
  });

  it('refuses a technician any other layout, and an undo of anything but the pattern', async () => {
    const other = await h.api('POST', '/api/walls/command/apply', { token: tech, body: { layoutId: 'cmd-quad' } });
    expect([other.status, other.body.code]).toEqual([403, 'FORBIDDEN']);
    const v = (await h.api('POST', '/api/walls/command/apply', { token: op, body: { layoutId: 'cmd-quad' } })).body.version as number;
    const undo = await h.api('POST', '/api/walls/command/undo', { token: tech, body: { ifVersion: v } });
    expect([undo.status, undo.body.code]).toEqual([403, 'FORBIDDEN']);
    expect(await version()).toBe(v);
  });

  it('refuses a viewer the pattern before reading the body', async () => {
    const r = await h.api('POST', '/api/walls/command/apply', { token: viewer, body: { layoutId: 'cmd-calibration' } });
    expect([r.status, r.body.code]).toEqual([403, 'FORBIDDEN']);
    const bad = await h.api('POST', '/api/walls/command/undo', { token: viewer, body: {} });
    expect([bad.status, bad.body.code]).toEqual([403, 'FORBIDDEN']);
  });
});
