import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request, startHarness, type Harness, type Loose } from '../test-support/harness';

const login = (h: Harness, username: string, password: string, headers: Record<string, string> = {}) =>
  h.api('POST', '/api/auth/login', { body: { username, password }, headers });

/** The Retry-After header as whole seconds, checked to be one. */
function retryAfterS(headers: Headers): number {
  const v = headers.get('retry-after') ?? '';
  expect(v).toMatch(/^\d+$/);
  return Number(v);
}

describe('failed logins (defaults: 10 per username and address, 100 per address, in 5 minutes)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    await h.userToken('bob', ['operator']);
    await h.userToken('carol', ['operator']);
  });
  afterAll(() => h.close());

  const rateLimitedRows = () => h.ctrl.core.store.audit.list(500).filter((r) => r.action === 'auth.rate_limited');

  it('answers the 11th failure for one username with 429 and Retry-After, audited once; another user still logs in', async () => {
    for (let i = 0; i < 10; i++) expect((await login(h, 'bob', 'wrong-password-x')).body.code).toBe('BAD_CREDENTIALS');
    const r = await login(h, 'bob', 'wrong-password-x');
    expect([r.status, r.body.code]).toEqual([429, 'RATE_LIMITED']);
    expect(r.body.message).toContain('"bob"');
    const wait = retryAfterS(r.headers);
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(300);
    expect(r.body.details.retryAfterMs).toBeGreaterThan(0);
    expect(rateLimitedRows()).toEqual([expect.objectContaining({ actor: 'bob', details: expect.objectContaining({ scope: 'user', address: expect.any(String) }) })]);

    // Locked: even the right password waits; a forged X-Forwarded-For does not pick another address.
    expect((await login(h, 'bob', 'bob-password-123')).status).toBe(429);
    expect((await login(h, 'bob', 'bob-password-123', { 'x-forwarded-for': '203.0.113.9' })).status).toBe(429);
    expect(rateLimitedRows()).toHaveLength(1);

    // Same address, another username: not affected.
    expect((await login(h, 'carol', 'carol-password-123')).status).toBe(200);
  });

  it('forgets a username\'s failures when it logs in successfully', async () => {
    for (let i = 0; i < 9; i++) expect((await login(h, 'carol', 'wrong-password-x')).status).toBe(401);
    expect((await login(h, 'carol', 'carol-password-123')).status).toBe(200);
    for (let i = 0; i < 9; i++) expect((await login(h, 'carol', 'wrong-password-x')).status).toBe(401);
    expect((await login(h, 'carol', 'carol-password-123')).status).toBe(200);
  });
});

describe('failed logins from one address over many usernames', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ limits: { login: { perUser: { failures: 10, windowS: 300 }, perAddress: { failures: 6, windowS: 300 } } } });
    await h.userToken('dave', ['viewer']);
  });
  afterAll(() => h.close());

  it('stops spraying at the per-address limit, for every username, audited', async () => {
    for (let i = 0; i < 6; i++) expect((await login(h, `guess-${i}`, 'wrong-password-x')).status).toBe(401);
    const r = await login(h, 'guess-99', 'wrong-password-x');
    expect([r.status, r.body.code]).toEqual([429, 'RATE_LIMITED']);
    expect(r.body.message).toContain('from this address');
    expect(retryAfterS(r.headers)).toBeGreaterThan(0);
    expect((await login(h, 'dave', 'dave-password-123')).status).toBe(429);
    const rows = h.ctrl.core.store.audit.list(100).filter((row) => row.action === 'auth.rate_limited');
    expect(rows).toEqual([expect.objectContaining({ actor: 'guess-99', details: expect.objectContaining({ scope: 'address' }) })]);
  });
});

describe('commands per user, over REST and the console socket', () => {
  let h: Harness;
  let flo: string;
  let olga: string;
  beforeAll(async () => {
    h = await startHarness({ limits: { commands: { perSecond: 1, burst: 2 } } });
    flo = await h.userToken('flo', ['operator']);
    olga = await h.userToken('olga', ['operator']);
  });
  afterAll(() => h.close());

  const version = async () => (await h.api('GET', '/api/walls/command/state', { token: olga })).body.version as number;

  it('refuses a flooding user with 429 and Retry-After, applying nothing for those, while another user\'s command succeeds', async () => {
    const before = await version();
    const flood = await Promise.all(
      Array.from({ length: 12 }, () => h.api('POST', '/api/walls/command/apply', { token: flo, body: { layoutId: 'cmd-quad' } })),
    );
    const applied = flood.filter((r) => r.status === 200);
    const refused = flood.filter((r) => r.status === 429);
    expect(applied.length + refused.length).toBe(12);
    expect(refused.length).toBeGreaterThan(0);
    for (const r of refused) {
      expect(r.body.code).toBe('RATE_LIMITED');
      expect(r.body.details.retryAfterMs).toBeGreaterThan(0);
      expect(retryAfterS(r.headers)).toBeGreaterThan(0);
    }
    expect(await version()).toBe(before + applied.length);
    // Reads are not commands.
    expect((await h.api('GET', '/api/walls/command/state', { token: flo })).status).toBe(200);

    const other = await h.api('POST', '/api/walls/command/apply', { token: olga, body: { layoutId: 'cmd-default' } });
    expect(other.status).toBe(200);
    expect(other.body.version).toBe(before + applied.length + 1);
  });

  it('answers a flooding console with RATE_LIMITED and retryAfterMs, applying nothing for those, while another user applies', async () => {
    const before = await version();
    const s = h.socket('/console', { token: flo });
    const acks: Loose[] = await Promise.all(Array.from({ length: 12 }, () => request(s, 'applyLayout', { wallId: 'command', layoutId: 'cmd-quad' })));
    const applied = acks.filter((a) => a.ok);
    const refused = acks.filter((a) => !a.ok);
    expect(refused.length).toBeGreaterThan(0);
    for (const a of refused) expect(a.error).toMatchObject({ code: 'RATE_LIMITED', details: { retryAfterMs: expect.any(Number) } });
    expect(await version()).toBe(before + applied.length);

    const other = await request(h.socket('/console', { token: olga }), 'applyLayout', { wallId: 'command', layoutId: 'cmd-default' });
    expect(other).toMatchObject({ ok: true, data: { version: before + applied.length + 1 } });
    expect(s.connected).toBe(true);
  });
});
