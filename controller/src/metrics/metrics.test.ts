import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePrometheusText, sampleValue, type Family } from '../../../tests/support/prom-text';
import { next, request, startHarness, type Harness } from '../test-support/harness';

const TOKEN = 'metrics-token-for-the-tests-0123';
let h: Harness;
let admin: string;
let tech: string;

beforeAll(async () => {
  h = await startHarness({ metrics: { token: TOKEN } });
  admin = await h.login();
  tech = await h.userToken('mia-tech', ['technician']);
});
afterAll(() => h?.close());

async function scrape(): Promise<Map<string, Family>> {
  const r = await fetch(`${h.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(r.status).toBe(200);
  expect(r.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return parsePrometheusText(await r.text());
}

/** A screen paired at (col, row) of `wallId` through the real flow, connected, acking every state it gets. */
async function screenAt(wallId: string, col: number, row: number): Promise<{ socket: Socket; token: string }> {
  const pairing = h.socket('/screen', { deviceId: `metrics-${wallId}-${col}-${row}` });
  const { code } = await next<{ code: string }>(pairing, 'pairing');
  const paired = next<{ token: string }>(pairing, 'paired');
  const r = await h.api('POST', '/api/screens/pair', { token: tech, body: { code, wallId, col, row } });
  expect(r.status).toBe(201);
  const { token } = await paired;
  pairing.disconnect();
  return { socket: connectScreen(wallId, col, row, token), token };
}

function connectScreen(wallId: string, col: number, row: number, token: string): Socket {
  const socket = h.socket('/screen', { deviceId: `metrics-${wallId}-${col}-${row}`, token });
  socket.on('state', (st: { version: number }) => {
    // Swapped a few ms later, as a screen does at activateAt.
    setTimeout(() => void request(socket, 'ack', { version: st.version, appliedAt: Date.now(), clockOffsetMs: 0 }).catch(() => undefined), 5);
  });
  return socket;
}

describe('GET /metrics (controller)', () => {
  it('wants the bearer token: 401 without one, 403 with a wrong one; off (404) when none is configured', async () => {
    const none = await fetch(`${h.url}/metrics`);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toContain('Bearer');
    expect((await none.json()).code).toBe('UNAUTHENTICATED');
    const wrong = await fetch(`${h.url}/metrics`, { headers: { authorization: 'Bearer not-the-metrics-token' } });
    expect([wrong.status, (await wrong.json()).code]).toEqual([403, 'FORBIDDEN']);
    // A session token opens the API, not the metrics.
    const session = await fetch(`${h.url}/metrics`, { headers: { authorization: `Bearer ${admin}` } });
    expect(session.status).toBe(403);

    const off = await startHarness();
    try {
      const r = await fetch(`${off.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect([r.status, (await r.json()).code]).toEqual([404, 'NOT_FOUND']);
    } finally {
      await off.close();
    }
  });

  it('parses as the Prometheus text format, with the process metrics and every controller series', async () => {
    const m = await scrape();
    for (const name of ['process_cpu_user_seconds_total', 'process_resident_memory_bytes', 'nodejs_eventloop_lag_seconds', 'nodejs_heap_size_used_bytes']) {
      expect(m.has(name), name).toBe(true);
    }
    expect(m.get('ioc_switch_latency_seconds')?.type).toBe('histogram');
    expect(m.get('ioc_switch_skew_seconds')?.type).toBe('histogram');
    expect(m.get('ioc_http_requests_total')?.type).toBe('counter');
    expect(m.get('ioc_http_request_duration_seconds')?.type).toBe('histogram');
    // Every paired screen of every wall is counted, by state: none is paired yet.
    for (const wall of ['monitoring', 'command']) {
      for (const state of ['in_sync', 'behind', 'offline']) expect(sampleValue(m, 'ioc_screens', { wall, state })).toBe(0);
    }
    expect(sampleValue(m, 'ioc_escalations_open', { state: 'open' })).toBe(0);
    expect(sampleValue(m, 'ioc_alerts_active', { kind: 'screen-offline' })).toBe(0);
    expect(sampleValue(m, 'ioc_socket_connections', { namespace: '/screen' })).toBe(0);
    expect(sampleValue(m, 'ioc_login_failures_total', { reason: 'bad_credentials' })).toBe(0);
  });

  it('counts HTTP requests by route pattern and status, never by raw URL, and login failures by reason', async () => {
    const before = await scrape();
    const failures = sampleValue(before, 'ioc_login_failures_total', { reason: 'bad_credentials' }) ?? 0;
    const bad = await h.api('POST', '/api/auth/login', { body: { username: 'admin', password: 'not-the-password' } });
    expect(bad.status).toBe(401);
    expect((await h.api('GET', '/api/walls/monitoring', { token: admin })).status).toBe(200);
    expect((await h.api('GET', '/api/walls/no-such-wall-7q?x=secret-query', { token: admin })).status).toBe(404);
    expect((await h.api('GET', '/no/route/here-5z')).status).toBe(404);

    const text = await (await fetch(`${h.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })).text();
    const m = parsePrometheusText(text);
    expect(sampleValue(m, 'ioc_login_failures_total', { reason: 'bad_credentials' })).toBe(failures + 1);
    expect(sampleValue(m, 'ioc_http_requests_total', { method: 'POST', route: '/api/auth/login', status: '401' })).toBeGreaterThanOrEqual(1);
    expect(sampleValue(m, 'ioc_http_requests_total', { method: 'GET', route: '/api/walls/:wallId', status: '200' })).toBeGreaterThanOrEqual(1);
    expect(sampleValue(m, 'ioc_http_requests_total', { method: 'GET', route: '/api/walls/:wallId', status: '404' })).toBeGreaterThanOrEqual(1);
    expect(sampleValue(m, 'ioc_http_requests_total', { method: 'GET', route: 'unmatched', status: '404' })).toBeGreaterThanOrEqual(1);
    expect(sampleValue(m, 'ioc_http_request_duration_seconds_count', { method: 'GET', route: '/api/walls/:wallId' })).toBeGreaterThanOrEqual(2);
    // No id, query, token or path that was asked for ends up in a label.
    for (const raw of ['no-such-wall-7q', 'secret-query', 'here-5z', admin]) expect(text).not.toContain(raw);
  });

  it('observes switch latency and skew when the screens online ack a layout, and counts screens and sockets', async () => {
    const screens = await Promise.all([screenAt('command', 0, 0), screenAt('command', 1, 0)]);
    await Promise.all(screens.map((s) => next(s.socket, 'welcome')));
    const before = await scrape();
    const count = sampleValue(before, 'ioc_switch_latency_seconds_count', { wall: 'command' }) ?? 0;
    expect(sampleValue(before, 'ioc_socket_connections', { namespace: '/screen' })).toBe(2);

    const acks = screens.map((s) => next(s.socket, 'state'));
    const r = await h.api('POST', '/api/walls/command/apply', { token: admin, body: { layoutId: 'cmd-calibration' } });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    await Promise.all(acks);
    let m = await scrape();
    for (let i = 0; i < 50 && (sampleValue(m, 'ioc_switch_latency_seconds_count', { wall: 'command' }) ?? 0) === count; i++) {
      await new Promise((res) => setTimeout(res, 50));
      m = await scrape();
    }
    expect(sampleValue(m, 'ioc_switch_latency_seconds_count', { wall: 'command' })).toBe(count + 1);
    expect(sampleValue(m, 'ioc_switch_skew_seconds_count', { wall: 'command' })).toBe(count + 1);
    const latency = sampleValue(m, 'ioc_switch_latency_seconds_sum', { wall: 'command' }) ?? 0;
    // At least the switch margin (the screens swap at activateAt), well under a second here.
    expect(latency).toBeGreaterThan(0);
    expect(latency).toBeLessThan(5);
    expect(sampleValue(m, 'ioc_screens', { wall: 'command', state: 'in_sync' })).toBe(2);
    expect(sampleValue(m, 'ioc_screens', { wall: 'command', state: 'offline' })).toBe(0);

    screens[1]!.socket.disconnect();
    await new Promise((res) => setTimeout(res, 100));
    m = await scrape();
    expect(sampleValue(m, 'ioc_screens', { wall: 'command', state: 'in_sync' })).toBe(1);
    expect(sampleValue(m, 'ioc_screens', { wall: 'command', state: 'offline' })).toBe(1);
    expect(sampleValue(m, 'ioc_socket_connections', { namespace: '/screen' })).toBe(1);
    screens[0]!.socket.disconnect();
  });
});
