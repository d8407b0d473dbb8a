import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlertSchema, WebhookPayloadSchema, type Alert } from '@ioc/protocol';
import { parsePrometheusText, sampleValue } from '../../../tests/support/prom-text';
import type { ControllerConfig, DeepPartial } from '../config';
import { next, startHarness, type Harness } from '../test-support/harness';
import { startReceiver, verifySignature } from './webhooks/test-receiver';

const OFFLINE_MS = 600;
const TOKEN = 'alerts-metrics-token-0123456789';
const HOOK_SECRET = 'alerts-webhook-secret-0123';
let dir: string;
let rx: Awaited<ReturnType<typeof startReceiver>>;
let h: Harness;
let tech: string;
let viewer: string;
let screenToken: string;

const overrides = (): DeepPartial<ControllerConfig> => ({
  alerts: { screenOfflineMs: OFFLINE_MS, cameraOfflineMs: OFFLINE_MS, feedStaleMs: 0, checkIntervalMs: 25 },
  metrics: { token: TOKEN },
  webhooks: { targets: [{ id: 'ops', url: `${rx.url}/hook`, secret: HOOK_SECRET, events: ['alert.raised', 'alert.cleared'] }], backoffMs: { initial: 50, max: 200 } },
});

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ioc-alerts-'));
  rx = await startReceiver(() => 204);
  h = await startHarness(overrides(), dir);
  tech = await h.userToken('tara', ['technician']);
  viewer = await h.userToken('vic', ['viewer']);
});
afterAll(async () => {
  await h?.close();
  await rx?.close();
  rmSync(dir, { recursive: true, force: true });
});

const screen = (token: string) => h.socket('/screen', { deviceId: 'alert-screen', token });
/** The next `alert` push on a console socket that matches. */
function nextAlert(consoleSocket: Socket, pred: (a: Alert) => boolean, ms = 5000): Promise<Alert> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no alert push')), ms);
    const on = (a: unknown) => {
      const alert = AlertSchema.parse(a);
      if (!pred(alert)) return;
      clearTimeout(timer);
      consoleSocket.off('alert', on);
      resolve(alert);
    };
    consoleSocket.on('alert', on);
  });
}
const activeKinds = async (): Promise<Record<string, number>> => {
  const text = await (await fetch(`${h.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })).text();
  const m = parsePrometheusText(text);
  return Object.fromEntries(['screen-offline', 'camera-offline', 'feed-stale'].map((kind) => [kind, sampleValue(m, 'ioc_alerts_active', { kind }) ?? -1]));
};

describe('alerts', () => {
  it('raises screen-offline after the threshold and clears it when the screen is back: pushed, listed, counted, audited, sent', async () => {
    // A real screen, paired through the real flow, connected with its token.
    const pairing = h.socket('/screen', { deviceId: 'alert-screen' });
    const { code } = await next<{ code: string }>(pairing, 'pairing');
    const paired = next<{ token: string }>(pairing, 'paired');
    expect((await h.api('POST', '/api/screens/pair', { token: tech, body: { code, wallId: 'command', col: 2, row: 1 } })).status).toBe(201);
    screenToken = (await paired).token;
    pairing.disconnect();
    let s = screen(screenToken);
    await next(s, 'welcome');
    const consoleSocket = h.socket('/console', { token: viewer });
    await new Promise<void>((r) => consoleSocket.once('connect', () => r()));
    expect((await h.api('GET', '/api/alerts', { token: viewer })).body).toEqual({ alerts: [] });

    const raisedPush = nextAlert(consoleSocket, (a) => a.subject === 'command-2-1' && a.clearedAt === null);
    const leftAt = Date.now();
    s.disconnect();
    const raised = await raisedPush;
    expect(Date.now() - leftAt).toBeGreaterThanOrEqual(OFFLINE_MS);
    expect(raised).toMatchObject({ kind: 'screen-offline', subject: 'command-2-1', wallId: 'command', clearedAt: null });
    expect(raised.message).toContain('command-2-1');
    expect(raised.raisedAt - raised.since).toBeGreaterThanOrEqual(OFFLINE_MS);
    // Every role lists the active alerts.
    expect((await h.api('GET', '/api/alerts', { token: viewer })).body.alerts).toEqual([raised]);
    expect(await activeKinds()).toEqual({ 'screen-offline': 1, 'camera-offline': 0, 'feed-stale': 0 });
    // Raised once, not on every check.
    await new Promise((r) => setTimeout(r, 200));
    expect((await h.api('GET', '/api/alerts', { token: viewer })).body.alerts).toHaveLength(1);

    const clearedPush = nextAlert(consoleSocket, (a) => a.id === raised.id && a.clearedAt !== null);
    s = screen(screenToken);
    await next(s, 'welcome');
    const cleared = await clearedPush;
    expect(cleared).toEqual({ ...raised, clearedAt: cleared.clearedAt });
    expect((await h.api('GET', '/api/alerts', { token: viewer })).body.alerts).toEqual([]);
    expect((await h.api('GET', '/api/alerts?state=all', { token: viewer })).body.alerts).toContainEqual(cleared);
    expect(await activeKinds()).toEqual({ 'screen-offline': 0, 'camera-offline': 0, 'feed-stale': 0 });

    const admin = await h.login();
    const audit = (await h.api('GET', '/api/audit?limit=50', { token: admin })).body.entries as { action: string; actor: string; target: string; details: Alert }[];
    expect(audit.filter((a) => a.action.startsWith('alert.')).map((a) => [a.action, a.actor, a.target, a.details.id])).toEqual([
      ['alert.cleared', 'system', 'command-2-1', raised.id],
      ['alert.raised', 'system', 'command-2-1', raised.id],
    ]);

    // The webhooks: both events through the outbox, signed, the alert as data.
    const end = Date.now() + 10_000;
    while (rx.received.length < 2 && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
    const bodies = rx.received.map((r) => WebhookPayloadSchema.parse(JSON.parse(r.body)));
    expect(bodies.map((b) => [b.event, (b.data as Alert).id])).toEqual([
      ['alert.raised', raised.id],
      ['alert.cleared', raised.id],
    ]);
    expect(rx.received.every((r) => verifySignature(HOOK_SECRET, r))).toBe(true);
    consoleSocket.disconnect();
    s.disconnect();
  });

  it('raises camera-offline from the gateway status once a stream stays down (offline, then retrying), and clears it when live', async () => {
    const status = (state: 'offline' | 'starting' | 'live') => ({
      cameraId: 'cam-dead',
      profile: 'main' as const,
      state,
      since: Date.now(),
      restarts: 1,
      lastSegmentAt: null,
      codec: null,
      transcoding: false,
      error: state === 'offline' ? 'Connection refused' : null,
    });
    const { hub, alerts } = h.ctrl.core;
    hub.emit('streamStatus', status('offline'));
    // The gateway retrying (starting) does not restart the clock.
    await new Promise((r) => setTimeout(r, OFFLINE_MS / 2));
    hub.emit('streamStatus', status('starting'));
    hub.emit('streamStatus', status('offline'));
    await new Promise((r) => setTimeout(r, OFFLINE_MS / 2 + 150));
    const raised = alerts.active().find((a) => a.kind === 'camera-offline');
    expect(raised).toMatchObject({ subject: 'cam-dead', clearedAt: null });
    hub.emit('streamStatus', status('live'));
    await new Promise((r) => setTimeout(r, 150));
    expect(alerts.active().filter((a) => a.kind === 'camera-offline')).toEqual([]);
  });

  it('keeps an alert open across a controller restart (from the audit trail) and clears that same alert when the screen returns', async () => {
    // The screen left at the end of the first test: its alert is (or is about to be) raised again.
    const raisedBy = Date.now() + 5000;
    let before: Alert[] = [];
    while (before.length === 0 && Date.now() < raisedBy) {
      before = (await h.api('GET', '/api/alerts', { token: viewer })).body.alerts as Alert[];
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(before).toMatchObject([{ kind: 'screen-offline', subject: 'command-2-1', clearedAt: null }]);
    await h.close();

    h = await startHarness(overrides(), dir);
    viewer = await h.login('vic', 'vic-password-123');
    expect((await h.api('GET', '/api/alerts', { token: viewer })).body.alerts).toEqual(before);
    const s = screen(screenToken);
    await next(s, 'welcome');
    const end = Date.now() + 5000;
    while ((await h.api('GET', '/api/alerts', { token: viewer })).body.alerts.length > 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
    expect((await h.api('GET', '/api/alerts?state=all', { token: viewer })).body.alerts).toEqual([{ ...before[0], clearedAt: expect.any(Number) }]);
    s.disconnect();
  });
});
