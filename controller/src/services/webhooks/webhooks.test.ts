import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { WebhookPayloadSchema, type WebhookEvent } from '@ioc/protocol';
import { createStore, type Store } from '../../db/store';
import { memoryLogger } from '../../logger';
import { startHarness } from '../../test-support/harness';
import { startReceiver, until, verifySignature, type Received } from './test-receiver';
import { createWebhooks, type Webhooks } from './webhook-dispatcher';
import { WebhooksConfigSchema } from './webhooks-config';

const dir = mkdtempSync(join(tmpdir(), 'ioc-webhooks-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const MOBILE_SECRET = 'mobile-secret-0123456789';
const AUDIT_SECRET = 'audit-secret-0123456789';
let cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

let fileNo = 0;
const dbPath = () => join(dir, `outbox-${++fileNo}.sqlite`);

async function receiver(answer: (r: Received, n: number) => number | null) {
  const rx = await startReceiver(answer);
  cleanup.push(rx.close);
  return rx;
}

/** Small backoffs keep every test within a few seconds; the code path is the production one. */
function setup(path: string, targets: unknown[], over: Record<string, unknown> = {}) {
  const config = WebhooksConfigSchema.parse({ targets, timeoutMs: 2000, backoffMs: { initial: 20, max: 100 }, maxAttempts: 10, ...over });
  const store: Store = createStore(path, Date.now);
  const log = memoryLogger();
  const webhooks: Webhooks = createWebhooks({ config, repo: store.webhooks, log, now: Date.now, pollMs: 50 });
  cleanup.push(async () => {
    await webhooks.close();
    store.close();
  });
  return { store, log, webhooks };
}

/** As the escalation service does it: the event goes in the transaction of the change, kick after commit. */
function escalationEvent(s: { store: Store; webhooks: Webhooks }, event: WebhookEvent, id: string) {
  s.store.tx(() => {
    s.store.audit.write({ actor: 'duty1', action: event, target: id });
    s.webhooks.enqueue(event, { id, cameraId: 'cam-1' });
  });
  s.webhooks.kick();
}

const key = (r: Received) => String(r.headers['idempotency-key']);
const ok = (r: Received) => r.status !== null && r.status >= 200 && r.status < 300;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('webhook outbox and dispatcher (real SQLite file, real receiver on 127.0.0.1)', () => {
  it('delivers every event through a receiver failing twice: signed, one key per event, one 2xx per key, in order', { timeout: 20_000 }, async () => {
    let mobileRequests = 0;
    const rx = await receiver((r) => (r.url.startsWith('/mobile') ? (++mobileRequests <= 2 ? 500 : 200) : 204));
    const s = setup(dbPath(), [
      { id: 'mobile', url: `${rx.url}/mobile?token=abc`, secret: MOBILE_SECRET },
      { id: 'audit-log', url: `${rx.url}/audit`, secret: AUDIT_SECRET, events: ['escalation.created'] },
    ]);
    s.webhooks.start();
    escalationEvent(s, 'escalation.created', 'e1');
    escalationEvent(s, 'escalation.acknowledged', 'e1');
    escalationEvent(s, 'escalation.closed', 'e1');

    const mobile = () => rx.received.filter((r) => r.url.startsWith('/mobile'));
    const audit = () => rx.received.filter((r) => r.url.startsWith('/audit'));
    await until(() => mobile().filter(ok).length === 3 && audit().filter(ok).length === 1, 10_000, 'all deliveries');
    await sleep(400); // several polls and backoffs: nothing delivered may be sent again
    expect(mobile()).toHaveLength(5);
    expect(audit()).toHaveLength(1);

    const bodies = mobile().map((r) => WebhookPayloadSchema.parse(JSON.parse(r.body)));
    mobile().forEach((r, i) => {
      expect(verifySignature(MOBILE_SECRET, r)).toBe(true);
      expect(key(r)).toBe(bodies[i]?.id);
      expect(r.headers['x-ioc-event']).toBe(bodies[i]?.event);
      expect(r.url).toBe('/mobile?token=abc');
    });
    expect(verifySignature(AUDIT_SECRET, audit()[0] as Received)).toBe(true);
    // The two failures were the first event, retried with its own key; then the events in order.
    const delivered = mobile().filter(ok);
    expect(mobile().slice(0, 3).map(key)).toEqual([key(delivered[0] as Received), key(delivered[0] as Received), key(delivered[0] as Received)]);
    expect(delivered.map((r) => r.headers['x-ioc-event'])).toEqual(['escalation.created', 'escalation.acknowledged', 'escalation.closed']);
    expect(new Set(delivered.map(key)).size).toBe(3);
    // One event id across targets; the row id names both.
    const createdKey = key(delivered[0] as Received);
    expect(key(audit()[0] as Received)).toBe(createdKey);
    expect(bodies[0]).toMatchObject({ event: 'escalation.created', data: { id: 'e1', cameraId: 'cam-1' } });

    const rows = s.webhooks.list('delivered', 100);
    expect(rows.map((r) => r.id).sort()).toEqual([...delivered.map((r) => `${key(r)}:mobile`), `${createdKey}:audit-log`].sort());
    expect(rows.find((r) => r.id === `${createdKey}:mobile`)).toMatchObject({ attempts: 2, lastError: 'HTTP 500', state: 'delivered' });
    expect(s.webhooks.list('pending', 100)).toEqual([]);
    const logs = s.log.lines.join('\n');
    expect(logs).toMatch(/failed: HTTP 500; attempt 2/);
    expect(logs).not.toMatch(/mobile-secret|audit-secret|token=abc/);
  });

  it('writes nothing when the caller’s transaction rolls back', () => {
    const s = setup(dbPath(), [{ id: 'mobile', url: 'http://127.0.0.1:9/x', secret: MOBILE_SECRET }]);
    expect(() =>
      s.store.tx(() => {
        s.webhooks.enqueue('escalation.created', { id: 'e1' });
        throw new Error('the escalation failed');
      }),
    ).toThrow('the escalation failed');
    expect(s.webhooks.list('pending', 100)).toEqual([]);
  });

  it('gives up after maxAttempts, keeps the row with its error, and goes on with the next event', { timeout: 20_000 }, async () => {
    let firstKey: string | null = null;
    const rx = await receiver((r) => ((firstKey ??= key(r)) === key(r) ? 503 : 200));
    const s = setup(dbPath(), [{ id: 'mobile', url: `${rx.url}/hook`, secret: MOBILE_SECRET }], { maxAttempts: 3 });
    s.webhooks.start();
    escalationEvent(s, 'escalation.created', 'e1');
    escalationEvent(s, 'escalation.closed', 'e1');
    await until(() => rx.received.some(ok), 10_000, 'the second event');
    await sleep(400);
    expect(rx.received.map((r) => r.status)).toEqual([503, 503, 503, 200]);
    const [failed] = s.webhooks.list('failed', 10);
    expect(failed).toMatchObject({ id: `${firstKey}:mobile`, state: 'failed', attempts: 3, lastError: 'HTTP 503', deliveredAt: null });
    expect(s.log.lines.join('\n')).toMatch(/failed: HTTP 503; given up after 3 attempts/);
  });

  it('survives a restart: what one process could not deliver, the next one does, with the same key', { timeout: 20_000 }, async () => {
    let healthy = false;
    let hangFirst = true;
    const rx = await receiver(() => {
      if (hangFirst) return (hangFirst = false), null; // in flight when the process stops
      return healthy ? 200 : 500;
    });
    const path = dbPath();
    const target = { id: 'mobile', url: `${rx.url}/hook`, secret: MOBILE_SECRET };
    // A long timeout, so only the abort at close can end the hanging request early.
    const first = setup(path, [target], { timeoutMs: 10_000 });
    first.webhooks.start();
    escalationEvent(first, 'escalation.created', 'e1');
    await until(() => rx.received.length === 1, 5000, 'the first request');

    const t0 = Date.now();
    const closing = first.webhooks.close();
    expect(first.webhooks.close()).toBe(closing); // a second close waits for the first
    await closing;
    expect(Date.now() - t0).toBeLessThan(3000); // 1 s of grace, then the hanging request is aborted
    first.store.close();
    expect(rx.received).toHaveLength(1);

    healthy = true;
    const second = setup(path, [target]);
    expect(second.webhooks.list('pending', 10)).toMatchObject([{ attempts: 0 }]);
    second.webhooks.start();
    await until(() => rx.received.some(ok), 10_000, 'delivery by the next process');
    await sleep(300);
    expect(rx.received.filter(ok)).toHaveLength(1);
    expect(new Set(rx.received.map(key)).size).toBe(1);
    expect(verifySignature(MOBILE_SECRET, rx.received.find(ok) as Received)).toBe(true);
    expect(second.webhooks.list('delivered', 10)).toHaveLength(1);
  });

  it('is wired into the controller: escalations go out, admins see the outbox', { timeout: 20_000 }, async () => {
    const rx = await receiver(() => 200);
    const h = await startHarness({
      demo: { autoPair: false, cameras: true },
      webhooks: { targets: [{ id: 'mobile', url: `${rx.url}/hook`, secret: MOBILE_SECRET }], backoffMs: { initial: 20, max: 100 } },
    });
    cleanup.push(() => h.close());
    const admin = await h.login();
    const e = await h.api('POST', '/api/escalations', { token: admin, body: { cameraId: 'demo-cam-1', reason: 'smoke', priority: 1 } });
    expect(e.status).toBe(201);
    expect((await h.api('POST', `/api/escalations/${e.body.id}/ack`, { token: admin, body: {} })).status).toBe(200);
    await until(() => rx.received.length === 2, 5000, 'both escalation events');
    const bodies = rx.received.map((r) => WebhookPayloadSchema.parse(JSON.parse(r.body)));
    expect(bodies.map((b) => b.event)).toEqual(['escalation.created', 'escalation.acknowledged']);
    expect(bodies.map((b) => (b.data as { id: string }).id)).toEqual([e.body.id, e.body.id]);
    await until(() => h.ctrl.webhooks.list('delivered', 10).length === 2, 2000, 'rows marked delivered');

    const outbox = await h.api('GET', '/api/webhooks/outbox?state=delivered', { token: admin });
    expect(outbox.status).toBe(200);
    expect(outbox.body).toHaveLength(2);
    expect(JSON.stringify(outbox.body)).not.toMatch(/mobile-secret|127\.0\.0\.1/);
    expect((await h.api('GET', '/api/webhooks/outbox?state=bogus', { token: admin })).status).toBe(400);
    const viewer = await h.userToken('vic', ['viewer']);
    expect((await h.api('GET', '/api/webhooks/outbox', { token: viewer })).status).toBe(403);
  });
});
