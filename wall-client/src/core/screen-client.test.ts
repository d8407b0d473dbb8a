import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Tile, WallSpec } from '@ioc/protocol';
import { createMemoryStorage } from './memory-storage';
import { createScreenClient } from './screen-client';
import type { ScreenClient } from './screen-client';
import type { ScreenClientState } from './store';
import { ControllerDouble } from './test-controller-double';
import { createTimerScheduler } from './timer-scheduler';

const WALL: WallSpec = {
  id: 'command',
  name: 'Command',
  cols: 3,
  rows: 3,
  screenWidth: 1920,
  screenHeight: 1080,
  bezel: { left: 10, right: 10, top: 10, bottom: 10 },
};
const label = (id: string, text: string): Tile => ({
  id,
  rect: { x: 0, y: 0, w: 1, h: 1 },
  source: { kind: 'label', text },
  z: 0,
});

const open: { close(): unknown }[] = [];
afterEach(async () => {
  for (const o of open.splice(0).reverse()) await o.close();
  vi.restoreAllMocks();
});

async function controller(opts: Partial<ConstructorParameters<typeof ControllerDouble>[0]> = {}) {
  const c = new ControllerDouble({ walls: [WALL], autoPair: true, ...opts });
  await c.start();
  open.push(c);
  return c;
}

function client(url: string, storage = createMemoryStorage(), extra: Partial<Parameters<typeof createScreenClient>[0]> = {}) {
  const c = createScreenClient({
    controllerUrl: url,
    storage,
    scheduler: createTimerScheduler(),
    demoPosition: { wallId: 'command', col: 1, row: 0 },
    hostname: 'test-host',
    ...extra,
  });
  open.push(c);
  return c;
}

function until(c: ScreenClient, pred: (s: ScreenClientState) => boolean, ms = 8000): Promise<ScreenClientState> {
  return new Promise((resolve, reject) => {
    if (pred(c.store.getState())) return resolve(c.store.getState());
    const timer = setTimeout(() => {
      unsub();
      reject(new Error(`timed out; state: ${JSON.stringify({ ...c.store.getState(), current: c.store.getState().current?.version })}`));
    }, ms);
    const unsub = c.store.subscribe((s) => {
      if (pred(s)) {
        clearTimeout(timer);
        unsub();
        resolve(s);
      }
    });
  });
}

const waitFor = async (pred: () => boolean, ms = 8000) => {
  const end = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('screen client core', () => {
  it('shows a pairing code until placed, then stores the token and joins its wall', async () => {
    const ctl = await controller({ autoPair: false });
    const storage = createMemoryStorage();
    const c = client(ctl.url, storage, { demoPosition: undefined });
    await c.start();
    const s = await until(c, (st) => st.pairing !== null);
    expect(s.pairing?.code).toMatch(/^\d{6}$/);
    expect(s.connection).toBe('online');
    await ctl.pairWaiting(s.identity.deviceId, { wallId: 'command', col: 2, row: 1 });
    const placed = await until(c, (st) => st.identity.wall !== null);
    expect(placed.identity).toMatchObject({ wallId: 'command', col: 2, row: 1, wall: WALL });
    expect(placed.pairing).toBeNull();
    const saved = JSON.parse(storage.dump().identity ?? '{}') as { deviceId: string; token: string };
    expect(saved.deviceId).toBe(s.identity.deviceId);
    expect(saved.token).toMatch(/^tok-/);
  });

  it('applies a state at activateAt on the controller clock, not before, and acks appliedAt', async () => {
    // The double's clock runs 5 s ahead: only a working offset lands the switch on time.
    const ctl = await controller({ clockSkewMs: 5000 });
    const c = client(ctl.url);
    await c.start();
    await until(c, (s) => s.identity.screenId !== null && s.rttMs !== null);
    expect(Math.abs(c.store.getState().clockOffsetMs - 5000)).toBeLessThan(20);
    let seenPendingAt = 0;
    const unsub = c.store.subscribe((s, prev) => {
      if (s.pending && !prev.pending) seenPendingAt = performance.timeOrigin + performance.now();
    });
    const state = ctl.apply('command', [label('a', 'Hello')], 400);
    const applied = await until(c, (s) => s.current?.version === state.version);
    unsub();
    const appliedCtl = (applied.lastAppliedAt ?? 0) + applied.clockOffsetMs;
    expect(seenPendingAt).toBeGreaterThan(0);
    expect(appliedCtl).toBeGreaterThanOrEqual(state.activateAt - 3);
    expect(appliedCtl - state.activateAt).toBeLessThan(20);
    await waitFor(() => ctl.acks.length > 0);
    const ack = ctl.acks[0];
    expect(ack).toMatchObject({ version: state.version, appliedAt: applied.lastAppliedAt, screenId: 'command-1-0' });
    expect(Math.abs((ack?.clockOffsetMs ?? 0) - 5000)).toBeLessThan(20);
  });

  it('applies a late-joined state whose activateAt has passed on the next frame', async () => {
    const ctl = await controller();
    ctl.apply('command', [label('a', 'Earlier')], -2000);
    const c = client(ctl.url);
    await c.start();
    const s = await until(c, (st) => st.current?.version === 1);
    expect(s.current?.tiles[0]?.source).toEqual({ kind: 'label', text: 'Earlier' });
    await waitFor(() => ctl.syncs.length > 0);
    expect(ctl.syncs[0]).toMatchObject({ knownVersion: null });
  });

  it('ignores stale and equal versions, and invalid pushes', async () => {
    const ctl = await controller();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const c = client(ctl.url);
    await c.start();
    await until(c, (s) => s.identity.screenId !== null);
    ctl.apply('command', [label('a', 'v1')], 0);
    ctl.apply('command', [label('a', 'v2')], 0);
    await until(c, (s) => s.current?.version === 2);
    const v2 = ctl.states.get('command');
    ctl.pushRaw('command', 'state', { ...v2, version: 1, tiles: [label('a', 'old')] });
    ctl.pushRaw('command', 'state', { ...v2, tiles: [label('a', 'same version')] });
    ctl.pushRaw('command', 'state', { ...v2, version: 9, tiles: [{ id: 'x', rect: { x: -1 } }] });
    ctl.pushRaw('command', 'identify', { durationMs: 'long' });
    ctl.apply('command', [label('a', 'v3')], 0);
    const s = await until(c, (st) => st.current?.version === 3);
    expect(s.current?.tiles[0]?.source).toEqual({ kind: 'label', text: 'v3' });
    expect(s.identifyUntil).toBeNull();
    expect(warn.mock.calls.some((a) => String(a[0]).includes('invalid state push'))).toBe(true);
    expect(warn.mock.calls.some((a) => String(a[0]).includes('invalid identify push'))).toBe(true);
  });

  it('takes a `wall` push (bezels, widget language) in place: no reconnect, no resync, state kept; another wall’s is ignored', async () => {
    const ctl = await controller();
    const c = client(ctl.url);
    await c.start();
    await until(c, (s) => s.identity.wall !== null);
    ctl.apply('command', [label('a', 'v1')], 0);
    const before = await until(c, (s) => s.current?.version === 1);
    const wider = { ...WALL, bezel: { left: 40, right: 40, top: 40, bottom: 40 }, widgetLanguage: 'en' as const };
    ctl.pushRaw('command', 'wall', { ...wider, id: 'monitoring' });
    ctl.pushRaw('command', 'wall', wider);
    const s = await until(c, (st) => st.identity.wall?.bezel.left === 40, 1000);
    expect(s.identity.wall).toEqual(wider);
    expect(s.current).toBe(before.current);
    expect(s.connection).toBe('online');
    expect(s.identity.screenId).toBe(before.identity.screenId);
  });

  it('merges the welcome’s widget language into the wall spec', async () => {
    const ctl = await controller();
    const c = client(ctl.url);
    await c.start();
    await until(c, (st) => st.identity.wall !== null);
    ctl.pushRaw('command', 'welcome', { screenId: 'command-1-0', wallId: 'command', col: 1, row: 0, serverTime: Date.now(), mediaGatewayUrl: null, wall: WALL, widgetLanguage: 'en' });
    const s = await until(c, (st) => st.identity.wall?.widgetLanguage === 'en', 1000);
    expect(s.identity.wall).toEqual({ ...WALL, widgetLanguage: 'en' });
  });

  it('caches the applied state and draws it at once on a restart with the controller gone', async () => {
    const ctl = await controller();
    const storage = createMemoryStorage();
    const c1 = client(ctl.url, storage);
    await c1.start();
    await until(c1, (s) => s.identity.screenId !== null);
    ctl.apply('command', [label('a', 'cached')], 0);
    await until(c1, (s) => s.current?.version === 1);
    await waitFor(() => (storage.dump().state ?? '').includes('cached'));
    c1.close();
    await ctl.close();
    const c2 = client(ctl.url, storage);
    await c2.start();
    const s = c2.store.getState();
    expect(s.current?.tiles[0]?.source).toEqual({ kind: 'label', text: 'cached' });
    expect(s.identity).toMatchObject({ wallId: 'command', col: 1, row: 0, wall: WALL });
    expect(s.connection).not.toBe('online');
  });

  it('keeps its state while the controller is away, reconnects and resyncs by version', async () => {
    const ctl = await controller();
    const c = client(ctl.url);
    await c.start();
    await until(c, (s) => s.identity.screenId !== null);
    ctl.apply('command', [label('a', 'before')], 0);
    await until(c, (s) => s.current?.version === 1);
    const port = ctl.port;
    await ctl.close();
    await until(c, (s) => s.connection === 'offline');
    expect(c.store.getState().current?.version).toBe(1);
    // The restarted controller has moved on while the screen was away.
    const ctl2 = await controller({ port, pushStateOnWelcome: false });
    for (const [k, v] of ctl.placed) ctl2.placed.set(k, v);
    ctl2.states.set('command', { ...ctl.states.get('command')!, version: 2, tiles: [label('a', 'after')] });
    const s = await until(c, (st) => st.current?.version === 2, 15_000);
    expect(s.current?.tiles[0]?.source).toEqual({ kind: 'label', text: 'after' });
    expect(ctl2.syncs[0]).toMatchObject({ knownVersion: 1 });
    await waitFor(() => ctl2.acks.some((a) => a.version === 2));
  });

  it('drops a revoked token, forgets its wall and shows a new pairing code', async () => {
    const ctl = await controller();
    const storage = createMemoryStorage();
    const c = client(ctl.url, storage);
    await c.start();
    await until(c, (s) => s.identity.wall !== null);
    ctl.apply('command', [label('a', 'x')], 0);
    await until(c, (s) => s.current?.version === 1);
    ctl.revoke(c.store.getState().identity.deviceId);
    const s = await until(c, (st) => st.pairing !== null);
    expect(s.identity).toMatchObject({ token: null, wallId: null });
    expect(s.current).toBeNull();
    await waitFor(() => !(storage.dump().identity ?? '').includes('tok-') && storage.dump().state === undefined);
  });

  it('starts over with a pairing code when its stored token is unknown to the controller', async () => {
    const ctl = await controller({ autoPair: false });
    const storage = createMemoryStorage({ identity: JSON.stringify({ deviceId: 'scr-0123456789ab', token: 'tok-from-another-controller' }) });
    const c = client(ctl.url, storage);
    await c.start();
    const s = await until(c, (st) => st.pairing !== null);
    expect(s.identity.deviceId).toBe('scr-0123456789ab');
    expect(s.identity.token).toBeNull();
    expect(s.connection).toBe('online');
  });

  it('shows a refused protocol clearly and does not hammer the controller', async () => {
    const ctl = await controller({ protocolVersion: 999 });
    const c = client(ctl.url);
    await c.start();
    const s = await until(c, (st) => st.connection === 'refused');
    expect(s.refusedCode).toBe('PROTOCOL_MISMATCH');
    expect(s.refusedReason).toContain('999');
    const devicesBefore = ctl.connectedDevices();
    await new Promise((r) => setTimeout(r, 1500));
    expect(c.store.getState().connection).toBe('refused');
    expect(devicesBefore).toEqual([]);
  });

  it('sends heartbeats with fps, memory and the applied version', async () => {
    const ctl = await controller();
    const c = client(ctl.url, createMemoryStorage(), { heartbeatMs: 100 });
    await c.start();
    await until(c, (s) => s.identity.screenId !== null);
    ctl.apply('command', [label('a', 'x')], 0);
    await until(c, (s) => s.current?.version === 1);
    c.reportFps(59.5);
    await waitFor(() => ctl.heartbeats.some((h) => h.appliedVersion === 1 && h.fps === 59.5));
    const hb = ctl.heartbeats.at(-1)!;
    expect(hb.memoryMb).toBeGreaterThan(1);
    expect(hb.uptimeS).toBeGreaterThan(0);
  });
});
