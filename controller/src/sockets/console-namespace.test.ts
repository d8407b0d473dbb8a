import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { next, request, startHarness, type Harness } from '../test-support/harness';

let h: Harness;
let op: string;
let tech: string;
let viewer: string;
beforeAll(async () => {
  h = await startHarness({ demo: { autoPair: true } });
  op = await h.userToken('olga', ['operator']);
  tech = await h.userToken('tom', ['technician']);
  viewer = await h.userToken('vera', ['viewer']);
});
afterAll(() => h.close());

describe('/console', () => {
  it('refuses a connection without a valid session', async () => {
    const s = h.socket('/console', {});
    const err = await next<Error & { data: { code: string } }>(s, 'connect_error');
    expect(err.data.code).toBe('UNAUTHENTICATED');
    const mismatch = h.socket('/console', { token: op, protocolVersion: 99 });
    expect((await next<Error & { data: { code: string } }>(mismatch, 'connect_error')).data.code).toBe('PROTOCOL_MISMATCH');
  });

  it('subscribes to a wall, gets wallState on apply and throttled wallSync as screens ack', async () => {
    const screen = h.socket('/screen', { deviceId: 'demo-device-1', demoPosition: { wallId: 'command', col: 0, row: 0 } });
    const paired = next<{ screenId: string }>(screen, 'paired');
    const initial = next(screen, 'state');
    expect((await paired).screenId).toBe('command-0-0');
    await initial;

    const c = h.socket('/console', { token: op });
    const first = next<{ version: number }>(c, 'wallState');
    const sub = await request(c, 'subscribeWall', { wallId: 'command' });
    expect(sub.ok).toBe(true);
    expect(sub.data.screens).toContainEqual(expect.objectContaining({ screenId: 'command-0-0', online: true }));
    await first;

    const pushed = next<{ version: number; activateAt: number }>(c, 'wallState');
    const toScreen = next<{ version: number; activateAt: number }>(screen, 'state');
    const applied = await request(c, 'applyLayout', { wallId: 'command', layoutId: 'cmd-quad', reason: 'from console' });
    expect(applied.ok).toBe(true);
    expect((await pushed).version).toBe(applied.data.version);
    const st = await toScreen;

    const synced = new Promise<{ screens: { screenId: string; inSync: boolean }[] }>((resolve) => {
      c.on('wallSync', (s: { screens: { screenId: string; inSync: boolean }[] }) => {
        if (s.screens.find((x) => x.screenId === 'command-0-0')?.inSync) resolve(s);
      });
    });
    await request(screen, 'ack', { version: st.version, appliedAt: st.activateAt });
    expect((await synced).screens.find((x) => x.screenId === 'command-0-0')?.inSync).toBe(true);
    c.disconnect();
    screen.disconnect();
  });

  it('checks applyLayout over the socket like REST: role, layout validity, stale version', async () => {
    const v = h.socket('/console', { token: viewer });
    const denied = await request(v, 'applyLayout', { wallId: 'command', layoutId: 'cmd-quad' });
    expect(denied.error.code).toBe('FORBIDDEN');
    const c = h.socket('/console', { token: op });
    const invalid = await request(c, 'applyLayout', { wallId: 'command', tiles: [{ id: 'big', rect: { x: 0, y: 0, w: 4, h: 1 }, source: { kind: 'label', text: 'x' } }] });
    expect(invalid.error.code).toBe('LAYOUT_INVALID');
    expect(invalid.error.message).toContain('tile "big"');
    const stale = await request(c, 'applyLayout', { wallId: 'command', layoutId: 'cmd-quad', ifVersion: 0 });
    expect(stale.error.code).toBe('VERSION_CONFLICT');
    const malformed = await request(c, 'applyLayout', 'not an object');
    expect(malformed.error.code).toBe('VALIDATION_FAILED');
    const big = await request(c, 'subscribeWall', { wallId: 'x'.repeat(100_000) });
    expect(big.error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(c.connected).toBe(true);
    v.disconnect();
    c.disconnect();
  });

  it('pushes pendingScreens to technicians as screens wait for pairing', async () => {
    const c = h.socket('/console', { token: tech });
    expect(await next(c, 'pendingScreens')).toEqual([]);
    const update = next<{ code: string; deviceId: string }[]>(c, 'pendingScreens');
    const screen = h.socket('/screen', { deviceId: 'device-new-1', hostname: 'pc-9' });
    const list = await update;
    expect(list).toEqual([expect.objectContaining({ deviceId: 'device-new-1', hostname: 'pc-9' })]);
    const gone = next<unknown[]>(c, 'pendingScreens');
    screen.disconnect();
    expect(await gone).toEqual([]);
    c.disconnect();
  });
});
