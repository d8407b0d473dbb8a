import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { next, startHarness, type Harness } from '../test-support/harness';

let h: Harness;
beforeAll(async () => {
  // Sessions of 4 s (long enough to connect on a loaded machine).
  h = await startHarness({ sessions: { ttlHours: 4 / 3600 } });
});
afterAll(() => h.close());

describe('session expiry', () => {
  it('answers 401 SESSION_EXPIRED on every route after expiry, and closes the console socket with sessionEnded', async () => {
    const login = await h.api('POST', '/api/auth/login', { body: { username: 'admin', password: 'admin-password-for-tests' } });
    const token = login.body.token as string;
    expect((await h.api('GET', '/api/me', { token })).body.expiresAt).toBe(login.body.expiresAt);
    const socket = h.socket('/console', { token });
    await next(socket, 'connect');
    const ended = next(socket, 'sessionEnded', 8000);
    const closed = next(socket, 'disconnect', 8000);
    expect(await ended).toMatchObject({ code: 'SESSION_EXPIRED' });
    expect(await closed).toBe('io server disconnect');
    expect(Date.now()).toBeGreaterThanOrEqual(login.body.expiresAt - 50);
    await sleep(Math.max(0, login.body.expiresAt - Date.now() + 20));
    for (const [method, path] of [['GET', '/api/me'], ['GET', '/api/walls'], ['POST', '/api/walls/command/apply'], ['PUT', '/api/me/preferences']] as const) {
      const r = await h.api(method, path, { token, body: method === 'GET' ? undefined : {} });
      expect(r.status, `${method} ${path}`).toBe(401);
      expect(r.body.code).toBe('SESSION_EXPIRED');
    }
    // A new connection with the expired token is refused with the same code.
    const again = h.socket('/console', { token });
    const err = await next<Error & { data?: { code: string } }>(again, 'connect_error');
    expect(err.data?.code).toBe('SESSION_EXPIRED');
  });
});
