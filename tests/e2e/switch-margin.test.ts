import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryStorage, createScreenClient, createTimerScheduler, type ScreenClient } from '@ioc/wall-client';
import { startHarness, type Harness } from '../../controller/src/test-support/harness';
import { parsePrometheusText, sampleValue } from '../support/prom-text';

/**
 * The switch margin follows the room: real screen clients report, with each ack, when the state
 * reached them; the controller's next switch of that wall is due that much later, with headroom.
 */
/** Far above what 3 screens in this process need, so that the fall stands out on a loaded host too. */
const INITIAL_MS = 1_500;
const METRICS_TOKEN = 'switch-margin-metrics-token-0123456789';
let h: Harness;
let admin: string;
const clients: ScreenClient[] = [];

async function until(what: string, check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const t0 = Date.now();
  while (!check()) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

beforeAll(async () => {
  h = await startHarness({
    switch: { marginMs: INITIAL_MS, adaptiveMargin: true, minMarginMs: 20, maxMarginMs: 3_000 },
    demo: { autoPair: true },
    metrics: { token: METRICS_TOKEN },
  });
  admin = await h.login();
  for (let col = 0; col < 3; col++) {
    const c = createScreenClient({ controllerUrl: h.url, storage: createMemoryStorage(), scheduler: createTimerScheduler(), demoPosition: { wallId: 'command', col, row: 0 } });
    clients.push(c);
    void c.start();
  }
  await until('3 screens online with a measured clock', () => clients.every((c) => c.store.getState().connection === 'online' && c.store.getState().rttMs !== null));
}, 30_000);

afterAll(async () => {
  for (const c of clients) c.close();
  await h?.close();
});

async function switchTo(layoutId: string): Promise<{ version: number; marginMs: number }> {
  const r = await h.api('POST', '/api/walls/command/apply', { token: admin, body: { layoutId } });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  const { version } = r.body as { version: number };
  await until(`every screen acked version ${version}`, () => clients.every((c) => c.store.getState().ackedVersion === version));
  const st = await h.api('GET', '/api/walls/command/state', { token: admin });
  const s = st.body as { activateAt: number; createdAt: number };
  return { version, marginMs: s.activateAt - s.createdAt };
}

async function marginGauge(): Promise<number | undefined> {
  const res = await fetch(`${h.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  return sampleValue(parsePrometheusText(await res.text()), 'ioc_switch_margin_seconds', { wall: 'command' });
}

describe('adaptive switch margin (real screen clients)', () => {
  it('starts at switch.marginMs and comes down to what the screens need once they have reported', async () => {
    expect(await marginGauge()).toBeCloseTo(INITIAL_MS / 1000, 3);
    const first = await switchTo('cmd-quad');
    expect(first.marginMs).toBe(INITIAL_MS);
    // Three screens on this host are ready within milliseconds: once they have acked, the
    // margin is the floor, or a little above it, far below the 1.5 s it started at.
    expect((await marginGauge())! * 1000).toBeLessThan(INITIAL_MS / 2);
    const second = await switchTo('cmd-default');
    expect(second.marginMs).toBeGreaterThanOrEqual(20);
    expect(second.marginMs).toBeLessThan(INITIAL_MS / 2);
    const third = await switchTo('cmd-quad');
    expect(third.marginMs).toBeLessThan(INITIAL_MS / 2);
    // And every screen still swapped at activateAt: the margin was enough.
    for (const c of clients) expect(c.store.getState().current?.version).toBe(third.version);
  }, 30_000);
});
