import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { next, startHarness, type Harness, type Loose } from '../test-support/harness';

let h: Harness;
let admin: string;
beforeAll(async () => {
  h = await startHarness();
  admin = await h.login();
});
afterAll(() => h.close());

const auditOf = async (query: string) => (await h.api('GET', `/api/audit?${query}`, { token: admin })).body.entries as Loose[];

describe('users (admin)', () => {
  it('lists users with roles, disabled flag, language and creation time, and no hashes', async () => {
    await h.userToken('lan', ['operator']);
    const r = await h.api('GET', '/api/users', { token: admin });
    expect(r.status).toBe(200);
    expect(r.body.find((u: Loose) => u.username === 'lan')).toEqual({ username: 'lan', roles: ['operator'], disabled: false, language: 'vi', createdAt: expect.any(Number) });
    expect(JSON.stringify(r.body)).not.toMatch(/scrypt|hash/i);
  });

  it('changes roles (effective at the next request), audited with the roles before', async () => {
    const t = await h.userToken('minh', ['viewer']);
    expect((await h.api('POST', '/api/walls/command/apply', { token: t, body: { layoutId: 'cmd-quad' } })).status).toBe(403);
    const r = await h.api('PATCH', '/api/users/minh', { token: admin, body: { roles: ['operator'] } });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ username: 'minh', roles: ['operator'], disabled: false });
    expect((await h.api('POST', '/api/walls/command/apply', { token: t, body: { layoutId: 'cmd-quad' } })).status).toBe(200);
    expect((await auditOf('action=user.update&limit=1'))[0]).toMatchObject({ actor: 'admin', target: 'minh', details: { roles: ['operator'], rolesBefore: ['viewer'] } });
  });

  it('a new password ends the user’s sessions (REST 401, console socket told and closed); the new one logs in', async () => {
    const t = await h.userToken('hoa', ['viewer']);
    const socket = h.socket('/console', { token: t });
    await next(socket, 'connect');
    const ended = next(socket, 'sessionEnded');
    const closed = next(socket, 'disconnect');
    const r = await h.api('PATCH', '/api/users/hoa', { token: admin, body: { password: 'a-brand-new-password' } });
    expect(r.status).toBe(200);
    expect(await ended).toMatchObject({ code: 'UNAUTHENTICATED' });
    await closed;
    expect((await h.api('GET', '/api/me', { token: t })).body.code).toBe('UNAUTHENTICATED');
    expect((await h.api('POST', '/api/auth/login', { body: { username: 'hoa', password: 'hoa-password-123' } })).body.code).toBe('BAD_CREDENTIALS');
    await h.login('hoa', 'a-brand-new-password');
    expect((await auditOf('action=user.update&limit=1'))[0].details).toEqual({ passwordChanged: true, sessionsEnded: 1 });
  });

  it('disabling ends sessions and refuses login with USER_DISABLED; enabling lets the user back in', async () => {
    const t = await h.userToken('tuan', ['technician']);
    const r = await h.api('PATCH', '/api/users/tuan', { token: admin, body: { disabled: true } });
    expect(r.body).toMatchObject({ username: 'tuan', disabled: true });
    expect((await h.api('GET', '/api/walls', { token: t })).status).toBe(401);
    const login = await h.api('POST', '/api/auth/login', { body: { username: 'tuan', password: 'tuan-password-123' } });
    expect(login.status).toBe(403);
    expect(login.body.code).toBe('USER_DISABLED');
    await h.api('PATCH', '/api/users/tuan', { token: admin, body: { disabled: false } });
    await h.login('tuan', 'tuan-password-123');
  });

  it('deletes a user: sessions end, the audit keeps the name', async () => {
    const t = await h.userToken('gone', ['viewer']);
    const r = await h.api('DELETE', '/api/users/gone', { token: admin });
    expect(r.status).toBe(204);
    expect((await h.api('GET', '/api/me', { token: t })).status).toBe(401);
    expect((await h.api('GET', '/api/users', { token: admin })).body.some((u: Loose) => u.username === 'gone')).toBe(false);
    expect((await auditOf('action=user.delete'))[0]).toMatchObject({ actor: 'admin', target: 'gone', details: { roles: ['viewer'], sessionsEnded: 1 } });
    expect((await h.api('DELETE', '/api/users/gone', { token: admin })).body.code).toBe('USER_NOT_FOUND');
  });

  it('refuses an admin locking themselves out with 409 SELF_LOCKOUT, changing nothing', async () => {
    for (const body of [{ roles: ['operator'] }, { disabled: true }]) {
      const r = await h.api('PATCH', '/api/users/admin', { token: admin, body });
      expect(r.status).toBe(409);
      expect(r.body.code).toBe('SELF_LOCKOUT');
    }
    const del = await h.api('DELETE', '/api/users/admin', { token: admin });
    expect(del.status).toBe(409);
    expect(del.body.code).toBe('SELF_LOCKOUT');
    // Keeping the admin role while adding another is fine.
    expect((await h.api('PATCH', '/api/users/admin', { token: admin, body: { roles: ['admin', 'operator'] } })).status).toBe(200);
    expect((await h.api('GET', '/api/me', { token: admin })).body.roles).toEqual(['admin', 'operator']);
  });

  it('answers 403 to non-admins, 404 for an unknown user, 400 naming the field', async () => {
    const op = await h.userToken('olga', ['operator']);
    expect((await h.api('PATCH', '/api/users/lan', { token: op, body: { roles: ['admin'] } })).body.code).toBe('FORBIDDEN');
    expect((await h.api('DELETE', '/api/users/lan', { token: op })).body.code).toBe('FORBIDDEN');
    expect((await h.api('PATCH', '/api/users/nobody', { token: admin, body: { disabled: true } })).body.code).toBe('USER_NOT_FOUND');
    for (const [body, field] of [[{ password: 'short' }, 'password'], [{ roles: ['pilot'] }, 'roles'], [{ roles: [] }, 'roles'], [{}, 'roles'], [{ disabled: 'yes' }, 'disabled'], [{ nickname: 'x' }, 'nickname']] as const) {
      const r = await h.api('PATCH', '/api/users/lan', { token: admin, body });
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.message).toContain(field);
    }
  });
});

describe('/api/me and preferences', () => {
  it('answers the language (vi by default) and the session end; PUT /api/me/preferences remembers the language per user', async () => {
    const login = await h.api('POST', '/api/auth/login', { body: { username: 'lan', password: 'lan-password-123' } });
    const t = login.body.token as string;
    expect((await h.api('GET', '/api/me', { token: t })).body).toEqual({ username: 'lan', roles: ['operator'], language: 'vi', expiresAt: login.body.expiresAt });
    const put = await h.api('PUT', '/api/me/preferences', { token: t, body: { language: 'en' } });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ username: 'lan', language: 'en' });
    // Remembered: a new session of the same user has it, another user does not.
    const again = await h.login('lan', 'lan-password-123');
    expect((await h.api('GET', '/api/me', { token: again })).body.language).toBe('en');
    expect((await h.api('GET', '/api/me', { token: admin })).body.language).toBe('vi');
    expect((await h.api('GET', '/api/users', { token: admin })).body.find((u: Loose) => u.username === 'lan').language).toBe('en');
  });

  it('refuses an unknown language or key with 400 naming it, and needs a session', async () => {
    const bad = await h.api('PUT', '/api/me/preferences', { token: admin, body: { language: 'fr' } });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('language');
    const extra = await h.api('PUT', '/api/me/preferences', { token: admin, body: { language: 'vi', theme: 'dark' } });
    expect(extra.status).toBe(400);
    expect(extra.body.message).toContain('theme');
    expect((await h.api('PUT', '/api/me/preferences', { body: { language: 'vi' } })).status).toBe(401);
  });
});
