import { AppError, LoginSchema, parseOrThrow, type LoginResult, type Role } from '@ioc/protocol';
import type { Store } from '../db/store';
import { dummyHashPromise, verifyPassword } from './passwords';
import { hashToken, newToken } from './tokens';

export interface Actor {
  username: string;
  roles: Role[];
}

export const SESSION_COOKIE = 'ioc_session';

export function createSessions(store: Store, ttlHours: number, now: () => number) {
  return {
    async login(body: unknown): Promise<LoginResult> {
      const { username, password } = parseOrThrow(LoginSchema, body, 'login');
      const user = store.users.get(username);
      const ok = await verifyPassword(password, user?.passwordHash ?? (await dummyHashPromise));
      if (!user || !ok) {
        store.tx(() => store.audit.write({ actor: username, action: 'auth.login-failed', target: null }));
        throw new AppError('BAD_CREDENTIALS', 'wrong username or password');
      }
      const token = newToken();
      const expiresAt = now() + ttlHours * 3600_000;
      store.tx(() => {
        store.users.purgeExpired();
        store.users.insertSession(hashToken(token), user.username, expiresAt);
        store.audit.write({ actor: user.username, action: 'auth.login', target: null });
      });
      return { token, user: { username: user.username, roles: user.roles }, expiresAt };
    },

    logout(token: string, actor: Actor): void {
      store.tx(() => {
        store.users.deleteSession(hashToken(token));
        store.audit.write({ actor: actor.username, action: 'auth.logout', target: null });
      });
    },

    /** The actor behind a session token, or null when unknown or expired. */
    resolve(token: string | undefined): Actor | null {
      if (!token) return null;
      const s = store.users.session(hashToken(token));
      if (!s || s.expiresAt <= now()) return null;
      const user = store.users.get(s.username);
      return user ? { username: user.username, roles: user.roles } : null;
    },
  };
}
export type Sessions = ReturnType<typeof createSessions>;
