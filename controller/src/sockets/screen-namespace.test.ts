import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_SOCKET_PAYLOAD_BYTES } from '@ioc/protocol';
import { next, request, startHarness, type Harness } from '../test-support/harness';

let h: Harness;
let tech: string;
let op: string;
beforeAll(async () => {
  h = await startHarness();
  tech = await h.userToken('tom', ['technician']);
  op = await h.userToken('olga', ['operator']);
});
afterAll(() => h.close());

/** A screen paired at `pos` through the real flow; returns its token. */
async function pairAt(deviceId: string, col: number, row: number, wallId = 'command'): Promise<string> {
  const s = h.socket('/screen', { deviceId, hostname: `${deviceId}.local` });
  const { code } = await next<{ code: string }>(s, 'pairing');
  const paired = next<{ token: string }>(s, 'paired');
  const r = await h.api('POST', '/api/screens/pair', { token: tech, body: { code, wallId, col, row } });
  expect(r.status).toBe(201);
  const { token } = await paired;
  s.disconnect();
  return token;
}

describe('/screen pairing', () => {
  it('pairs a new screen end to end: code -> technician pairs -> token -> reconnect -> welcome + state', async () => {
    const s = h.socket('/screen', { deviceId: 'device-aaaa', hostname: 'wall-pc-1' });
    const info = await next<{ code: string; hostname: string; address: string }>(s, 'pairing');
    expect(info.code).toMatch(/^[A-HJ-NP-Z2-9]{6}$/);
    expect(info.hostname).toBe('wall-pc-1');
    const pending = await h.api('GET', '/api/screens/pending', { token: tech });
    expect(pending.body).toContainEqual(expect.objectContaining({ code: info.code, deviceId: 'device-aaaa' }));

    const paired = next<{ token: string; screenId: string; wallId: string; col: number; row: number }>(s, 'paired');
    const liveWelcome = next(s, 'welcome');
    const r = await h.api('POST', '/api/screens/pair', { token: tech, body: { code: info.code, wallId: 'command', col: 1, row: 2 } });
    expect(r.status).toBe(201);
    expect(JSON.stringify(r.body)).not.toContain((await paired).token);
    const p = await paired;
    expect(p).toMatchObject({ screenId: 'command-1-2', wallId: 'command', col: 1, row: 2 });
    expect(p.token.length).toBeGreaterThanOrEqual(40);
    await liveWelcome; // the live socket is upgraded in place
    expect((await h.api('GET', '/api/screens/pending', { token: tech })).body).toEqual([]);
    s.disconnect();

    // Only the hash is stored.
    const rows = h.ctrl.core.store.db.prepare('SELECT token_hash FROM display_tokens').all() as { token_hash: string }[];
    expect(rows.some((x) => x.token_hash.includes(p.token))).toBe(false);

    const again = h.socket('/screen', { deviceId: 'device-aaaa', token: p.token });
    const welcome = next<{ screenId: string; col: number; row: number; wall: { cols: number } }>(again, 'welcome');
    const state = next<{ wallId: string; version: number }>(again, 'state');
    expect(await welcome).toMatchObject({ screenId: 'command-1-2', col: 1, row: 2, wall: { cols: 3 } });
    expect((await state).wallId).toBe('command');
    const audit = (await h.api('GET', '/api/audit?limit=50', { token: await h.login() })).body.entries as { action: string; target: string }[];
    expect(audit).toContainEqual(expect.objectContaining({ action: 'screen.pair', target: 'command-1-2' }));
    expect(h.log.lines.some((l) => l.includes('screen command-1-2 paired'))).toBe(true);
    expect(h.log.lines.join('\n')).not.toContain(p.token);
    again.disconnect();
  });

  it('refuses a taken position (409) and a position outside the wall (400)', async () => {
    await pairAt('device-bbbb', 0, 0);
    const s = h.socket('/screen', { deviceId: 'device-cccc' });
    const { code } = await next<{ code: string }>(s, 'pairing');
    const taken = await h.api('POST', '/api/screens/pair', { token: tech, body: { code, wallId: 'command', col: 0, row: 0 } });
    expect([taken.status, taken.body.code]).toEqual([409, 'SCREEN_POSITION_TAKEN']);
    const outside = await h.api('POST', '/api/screens/pair', { token: tech, body: { code, wallId: 'command', col: 3, row: 0 } });
    expect([outside.status, outside.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(outside.body.message).toContain('col 3');
    s.disconnect();
  });

  it('tells a screen with a revoked token it is unpaired and gives it a pairing code', async () => {
    const token = await pairAt('device-dddd', 2, 2);
    const live = h.socket('/screen', { deviceId: 'device-dddd', token });
    await next(live, 'welcome');
    const unpairedLive = next<{ reason: string }>(live, 'unpaired');
    const pairingLive = next(live, 'pairing');
    expect((await h.api('DELETE', '/api/screens/command-2-2', { token: tech })).status).toBe(204);
    expect((await unpairedLive).reason).toMatch(/removed/);
    await pairingLive;
    live.disconnect();

    const s = h.socket('/screen', { deviceId: 'device-dddd', token });
    const unpaired = next<{ reason: string }>(s, 'unpaired');
    const pairing = next<{ code: string }>(s, 'pairing');
    expect((await unpaired).reason).toMatch(/revoked/);
    expect((await pairing).code).toHaveLength(6);
    s.disconnect();
  });
});

describe('/screen handshake and payloads', () => {
  it('refuses a protocol mismatch at the handshake with the reason', async () => {
    const s = h.socket('/screen', { deviceId: 'device-eeee', protocolVersion: 2 });
    const err = await next<Error & { data: { code: string; message: string } }>(s, 'connect_error');
    expect(err.data).toEqual({ code: 'PROTOCOL_MISMATCH', message: 'controller speaks protocol 1, client sent 2' });
    const bad = h.socket('/screen', { deviceId: 'x' });
    const e2 = await next<Error & { data: { code: string; message: string } }>(bad, 'connect_error');
    expect(e2.data.code).toBe('VALIDATION_FAILED');
    expect(e2.data.message).toContain('auth.deviceId');
  });

  it('answers malformed and oversized payloads with error acks, applies nothing, and stays connected', async () => {
    const token = await pairAt('device-ffff', 1, 0);
    const s = h.socket('/screen', { deviceId: 'device-ffff', token });
    await next(s, 'welcome');
    const bad = await request(s, 'ack', { version: 'latest', appliedAt: 1 });
    expect(bad.ok).toBe(false);
    expect(bad.error.code).toBe('VALIDATION_FAILED');
    expect(bad.error.message).toContain('version');
    const big = await request(s, 'heartbeat', { fps: 60, memoryMb: 1, appliedVersion: null, pad: 'x'.repeat(MAX_SOCKET_PAYLOAD_BYTES + 10) });
    expect(big.ok).toBe(false);
    expect(big.error.code).toBe('PAYLOAD_TOO_LARGE');
    s.emit('heartbeat', { fps: 'no ack callback' }); // must be ignored quietly
    const sync = h.ctrl.core.sync.getWallSync('command').screens.find((x) => x.screenId === 'command-1-0');
    expect(sync).toMatchObject({ online: true, ackedVersion: null, lastHeartbeat: null });
    expect(s.connected).toBe(true);
    const clock = await request(s, 'clock', { t0: 123 });
    expect(clock.ok).toBe(true);
    expect(clock.data.t0).toBe(123);
    expect(clock.data.t2).toBeGreaterThanOrEqual(clock.data.t1);
    expect(Math.abs(clock.data.t1 - Date.now())).toBeLessThan(2000);
    s.disconnect();
  });

  it('refuses screen requests from an unpaired socket', async () => {
    const s = h.socket('/screen', { deviceId: 'device-gggg' });
    await next(s, 'pairing');
    const r = await request(s, 'ack', { version: 1, appliedAt: 1 });
    expect(r.error.code).toBe('UNAUTHENTICATED');
    s.disconnect();
  });
});

describe('/screen state and sync', () => {
  it('broadcasts a new state to the wall, collects acks, and /sync reports inSync', async () => {
    const token = await pairAt('device-hhhh', 2, 0);
    const s = h.socket('/screen', { deviceId: 'device-hhhh', token });
    await next(s, 'state');
    const pushed = next<{ version: number; activateAt: number }>(s, 'state');
    const applied = await h.api('POST', '/api/walls/command/apply', { token: op, body: { layoutId: 'cmd-quad' } });
    const state = await pushed;
    expect(state.version).toBe(applied.body.version);

    let sync = (await h.api('GET', '/api/walls/command/sync', { token: op })).body;
    expect(sync.screens.find((x: { screenId: string }) => x.screenId === 'command-2-0')).toMatchObject({ online: true, inSync: false });

    const ack = await request(s, 'ack', { version: state.version, appliedAt: state.activateAt - 40, clockOffsetMs: 40 });
    expect(ack).toEqual({ ok: true, data: { inSync: true } });
    const hb = await request(s, 'heartbeat', { fps: 59.9, memoryMb: 210, appliedVersion: state.version });
    expect(hb.ok).toBe(true);
    sync = (await h.api('GET', '/api/walls/command/sync', { token: op })).body;
    expect(sync.version).toBe(state.version);
    expect(sync.screens.find((x: { screenId: string }) => x.screenId === 'command-2-0')).toMatchObject({
      online: true,
      ackedVersion: state.version,
      appliedAt: state.activateAt, // corrected onto the controller clock
      inSync: true,
      lastHeartbeat: { fps: 59.9, memoryMb: 210 },
    });

    const none = await request(s, 'sync', { knownVersion: state.version });
    expect(none).toEqual({ ok: true, data: { state: null } });
    const older = await request(s, 'sync', { knownVersion: state.version - 1 });
    expect(older.data.state.version).toBe(state.version);

    s.disconnect();
    await new Promise((r) => setTimeout(r, 100));
    sync = (await h.api('GET', '/api/walls/command/sync', { token: op })).body;
    expect(sync.screens.find((x: { screenId: string }) => x.screenId === 'command-2-0')).toMatchObject({ online: false, inSync: false });
  });

  it('relays identify to the wall', async () => {
    const token = await pairAt('device-iiii', 0, 1);
    const s = h.socket('/screen', { deviceId: 'device-iiii', token });
    await next(s, 'welcome');
    const msg = next<{ durationMs: number; until: number }>(s, 'identify');
    const r = await h.api('POST', '/api/walls/command/identify', { token: tech, body: { durationMs: 3000 } });
    expect(r.status).toBe(200);
    expect((await msg).durationMs).toBe(3000);
    s.disconnect();
  });
});
