import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePrometheusText, sampleValue, type Family } from '../../../tests/support/prom-text';
import type { CameraCatalog, CameraSource } from '../catalog';
import { startHarness, type Harness } from '../test-harness';

const TOKEN = 'gateway-metrics-token-0123456789';
const CAMERA_PASSWORD = 'cam-pass-9f3k2';
// A synthetic camera (restarted by the test) and an RTSP camera nobody answers for, whose URL
// carries credentials that must never reach a label.
const cameras: Record<string, CameraSource> = {
  'cam-synth': { id: 'cam-synth', name: 'Synthetic', profiles: { main: { kind: 'lavfi', pattern: 'testsrc2', width: 160, height: 90, fps: 10, label: 'synth' } } },
  'cam-dead': { id: 'cam-dead', name: 'Dead', profiles: { main: { kind: 'rtsp', url: `rtsp://admin:${CAMERA_PASSWORD}@127.0.0.1:9/stream1` } } },
};
const catalog: CameraCatalog = { get: async (id) => cameras[id] };
let h: Harness;

beforeAll(async () => {
  h = await startHarness(catalog, { metrics: { token: TOKEN }, watchdog: { stallMs: 3_000, startTimeoutMs: 8_000, backoffMs: { initial: 200, max: 500 } } });
});
afterAll(() => h?.close());

async function scrape(): Promise<{ text: string; m: Map<string, Family> }> {
  const r = await fetch(`${h.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(r.status).toBe(200);
  const text = await r.text();
  return { text, m: parsePrometheusText(text) };
}

describe('GET /metrics (media gateway)', () => {
  it('wants the bearer token: 401 without one, 403 with a wrong one (the media secret included)', async () => {
    const none = await fetch(`${h.url}/metrics`);
    expect([none.status, (await none.json()).code]).toEqual([401, 'UNAUTHENTICATED']);
    const secret = await fetch(`${h.url}/metrics`, { headers: { authorization: 'Bearer test-media-secret-0123456789-abcdefghij' } });
    expect([secret.status, (await secret.json()).code]).toEqual([403, 'FORBIDDEN']);
  });

  it('parses as the Prometheus text format, with the process metrics and every gateway series', async () => {
    const { m } = await scrape();
    for (const name of ['process_cpu_user_seconds_total', 'process_resident_memory_bytes', 'nodejs_eventloop_lag_seconds']) expect(m.has(name), name).toBe(true);
    for (const state of ['starting', 'live', 'stalled', 'offline', 'stopped']) expect(sampleValue(m, 'ioc_gateway_streams', { state })).toBe(0);
    expect(m.get('ioc_gateway_ffmpeg_restarts_total')?.type).toBe('counter');
    expect(m.get('ioc_gateway_webrtc_peers')?.type).toBe('gauge');
    expect(m.get('ioc_gateway_hls_viewers')?.type).toBe('gauge');
    // The demo feeds: each has a value at once, so a staleness near 0, and none is stale.
    for (const feed of ['field-reports', 'public-services', 'socio-economic', 'soc-alerts']) {
      expect(sampleValue(m, 'ioc_gateway_feed_staleness_seconds', { feed, kind: feed })).toBeLessThan(60);
      expect(sampleValue(m, 'ioc_gateway_feed_stale', { feed })).toBe(0);
    }
    expect(sampleValue(m, 'ioc_gateway_recording_disk_bytes')).toBe(0);
    expect(sampleValue(m, 'ioc_gateway_recording_budget_bytes')).toBe(20 * 2 ** 30);
  });

  it('counts an ffmpeg restart by camera when the stream is killed, the live stream and its HLS viewer', async () => {
    const token = h.token(['cam-synth']);
    const first = await fetch(`${h.url}/hls/${token}/cam-synth/main/index.m3u8`);
    expect(first.status).toBe(200);
    let { m } = await scrape();
    expect(sampleValue(m, 'ioc_gateway_streams', { state: 'live' })).toBe(1);
    expect(sampleValue(m, 'ioc_gateway_hls_viewers', { camera: 'cam-synth', profile: 'main' })).toBe(1);
    const before = sampleValue(m, 'ioc_gateway_ffmpeg_restarts_total', { camera: 'cam-synth', profile: 'main' }) ?? 0;

    const stream = h.gateway.supervisor.get('cam-synth', 'main')!;
    const pid = stream.pid!;
    const back = h.waitStatus((s) => s.cameraId === 'cam-synth' && s.state === 'live', 20_000);
    process.kill(-pid, 'SIGKILL');
    await back;
    ({ m } = await scrape());
    expect(sampleValue(m, 'ioc_gateway_ffmpeg_restarts_total', { camera: 'cam-synth', profile: 'main' })).toBe(before + 1);
    expect(stream.status.restarts).toBe(1);
  });

  it('counts the restarts of a camera that does not answer, labelled by its id: no URL, no credential', async () => {
    const token = h.token(['cam-dead']);
    // A player asking: the cold request waits, then gets a 502 while the gateway retries.
    void fetch(`${h.url}/hls/${token}/cam-dead/main/index.m3u8`).then((r) => r.arrayBuffer());
    await h.waitStatus((s) => s.cameraId === 'cam-dead' && s.restarts >= 2, 15_000);
    const { text, m } = await scrape();
    expect(sampleValue(m, 'ioc_gateway_ffmpeg_restarts_total', { camera: 'cam-dead', profile: 'main' })).toBeGreaterThanOrEqual(2);
    expect(sampleValue(m, 'ioc_gateway_streams', { state: 'live' })).toBe(1);
    for (const leak of [CAMERA_PASSWORD, 'rtsp://', '127.0.0.1:9', token]) expect(text).not.toContain(leak);
  });
});
