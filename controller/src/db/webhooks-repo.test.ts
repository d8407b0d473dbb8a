import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createStore } from './store';

const dir = mkdtempSync(join(tmpdir(), 'ioc-webhooks-repo-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('webhooks repo: which rows are due', () => {
  it('offers only the oldest open row of each target, so a target gets its events in order', () => {
    let t = 1000;
    const store = createStore(join(dir, 'due.sqlite'), () => t);
    const put = (eventId: string, target: string) => store.webhooks.insert({ eventId, target, event: 'escalation.created', body: '{}', createdAt: t });
    // Same millisecond: insertion order still decides.
    put('e1', 'a');
    put('e2', 'a');
    put('e2', 'b');
    expect(store.webhooks.due(3).map((r) => r.id)).toEqual(['e1:a', 'e2:b']);
    expect(store.webhooks.due(3)[0]).toMatchObject({ eventId: 'e1', target: 'a', attempts: 0 });

    // e1:a backs off: e2:a waits behind it, b is not held up.
    store.webhooks.markFailed('e1:a', 1, t + 500, 'HTTP 500');
    expect(store.webhooks.due(3).map((r) => r.id)).toEqual(['e2:b']);
    t += 500;
    expect(store.webhooks.due(3).map((r) => r.id)).toEqual(['e1:a', 'e2:b']);

    // Given up (attempts reached the maximum): kept, listed as failed, and no longer in the way.
    store.webhooks.markFailed('e1:a', 3, t, 'HTTP 500');
    store.webhooks.markDelivered('e2:b');
    expect(store.webhooks.due(3).map((r) => r.id)).toEqual(['e2:a']);
    expect(store.webhooks.list('failed', 3, 10).map((r) => [r.id, r.state, r.lastError])).toEqual([['e1:a', 'failed', 'HTTP 500']]);
    expect(store.webhooks.list('delivered', 3, 10).map((r) => [r.id, r.deliveredAt])).toEqual([['e2:b', 1500]]);
    // Raising maxAttempts brings a given-up row back, ahead of the later ones.
    expect(store.webhooks.due(5).map((r) => r.id)).toEqual(['e1:a']);
    store.close();
  });
});
