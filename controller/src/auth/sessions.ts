import { AppError, LoginSchema, parseOrThrow, type LoginResult, type Role } from '@ioc/protocol';
import type { Store } from '../db/store';
import { rateLimited, type LoginPass, type LoginRefusal } from '../services/rate-limits';
import { dummyHashPromise, verifyPassword } from './passwords';
import { hashToken, newToken } from './tokens';

export interface Actor {
  username: string;
  roles: Role[];
}

export const SESSION_COOKIE = 'ioc_session';

/** What login needs of the rate limits (services/rate-limits). */
export interface LoginGuard {
  loginAttempt(username: string, address: string): Promise<LoginPass | LoginRefusal>;
}

export function createSessions(store: Store, ttlHours: number, now: () => number, guard?: LoginGuard) {
  return {
    /** `address` is the client's (express `req.ip`): failed logins are limited per username and address. */
    async login(body: unknown, address = 'unknown'): Promise<LoginResult> {
      const { username, password } = parseOrThrow(LoginSchema, body, 'login');
      const pass = await guard?.loginAttempt(username, address);
      if (pass && 'scope' in pass) {
        const retryAfterS = Math.ceil(pass.msBeforeNext / 1000);
        // One row per lockout, not one per refused request: a flood must not flood the audit.
        if (pass.first) {
          store.tx(() => store.audit.write({ actor: username, action: 'auth.rate_limited', target: null, details: { address, scope: pass.scope, retryAfterS } }));
        }
        const who = pass.scope === 'user' ? `for "${username}" from this address` : 'from this address';
        throw rateLimited(`too many failed logins ${who}`, pass.msBeforeNext);
      }
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
      await pass?.succeeded();
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
