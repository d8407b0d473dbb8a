import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request, startHarness, type Harness, type Loose } from '../test-support/harness';

describe('socket events per connection', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ limits: { socketEvents: { perSecond: 2, burst: 3 } } });
  });
  afterAll(() => h.close());

  it('answers a flooding screen connection with RATE_LIMITED, keeps it connected, and serves another connection', async () => {
    const flood = h.socket('/screen', { deviceId: 'device-flood-1' });
    const acks: Loose[] = await Promise.all(Array.from({ length: 15 }, (_, i) => request(flood, 'clock', { t0: i })));
    const refused = acks.filter((a) => !a.ok);
    expect(refused.length).toBeGreaterThan(0);
    for (const a of refused) {
      expect(a.error.code).toBe('RATE_LIMITED');
      expect(a.error.details.retryAfterMs).toBeGreaterThan(0);
    }
    expect(flood.connected).toBe(true);

    const quiet = h.socket('/screen', { deviceId: 'device-quiet-1' });
    expect(await request(quiet, 'clock', { t0: 1 })).toMatchObject({ ok: true, data: { t0: 1 } });
  });

  it('counts console events too', async () => {
    const token = await h.login();
    const s = h.socket('/console', { token });
    const acks: Loose[] = await Promise.all(Array.from({ length: 15 }, () => request(s, 'subscribeWall', { wallId: 'command' })));
    expect(acks.some((a) => a.error?.code === 'RATE_LIMITED')).toBe(true);
  });
});
