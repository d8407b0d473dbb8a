import { AppError, LoginSchema, parseOrThrow, type ErrorCode, type LoginResult, type Role } from '@ioc/protocol';
import type { Store } from '../db/store';
import { rateLimited, type LoginPass, type LoginRefusal } from '../services/rate-limits';
import { dummyHashPromise, verifyPassword } from './passwords';
import { hashToken, newToken } from './tokens';

export interface Actor {
  username: string;
  roles: Role[];
}

export const SESSION_COOKIE = 'ioc_session';

/** A live session: who, until when, and its token's hash (the key to end it and drop its sockets). */
export interface ActiveSession {
  actor: Actor;
  expiresAt: number;
  tokenHash: string;
}

/** Why a token does not open a session: unknown (or ended), or its time is up. */
export interface SessionRefusal {
  code: Extract<ErrorCode, 'UNAUTHENTICATED' | 'SESSION_EXPIRED'>;
  message: string;
}

/** Told when sessions end before their time (logout, user disabled, deleted or given a new password). */
export type SessionsEnded = (tokenHashes: readonly string[], reason: string) => void;

/** What login needs of the rate limits (services/rate-limits). */
export interface LoginGuard {
  loginAttempt(username: string, address: string): Promise<LoginPass | LoginRefusal>;
}

export function createSessions(store: Store, ttlHours: number, now: () => number, guard?: LoginGuard, ended: SessionsEnded = () => undefined) {
  const check = (token: string | undefined): ActiveSession | SessionRefusal => {
    if (!token) return { code: 'UNAUTHENTICATED', message: 'log in first: send Authorization: Bearer <token>' };
    const tokenHash = hashToken(token);
    const s = store.users.session(tokenHash);
    if (!s) return { code: 'UNAUTHENTICATED', message: 'unknown or ended session: log in again' };
    if (s.expiresAt <= now()) return { code: 'SESSION_EXPIRED', message: 'the session has expired: log in again' };
    const user = store.users.get(s.username);
    if (!user || user.disabled) return { code: 'UNAUTHENTICATED', message: 'unknown or ended session: log in again' };
    return { actor: { username: user.username, roles: user.roles }, expiresAt: s.expiresAt, tokenHash };
  };
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
      if (user.disabled) {
        store.tx(() => store.audit.write({ actor: username, action: 'auth.login-disabled', target: null }));
        await pass?.succeeded();
        throw new AppError('USER_DISABLED', `user "${username}" is disabled: ask an administrator`);
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
      const tokenHash = hashToken(token);
      store.tx(() => {
        store.users.deleteSession(tokenHash);
        store.audit.write({ actor: actor.username, action: 'auth.logout', target: null });
      });
      ended([tokenHash], 'logged out');
    },

    /** The session behind a token, or why there is none (unknown, ended, expired, user disabled). */
    check,

    /** The actor behind a session token, or null when unknown or expired. */
    resolve(token: string | undefined): Actor | null {
      const r = check(token);
      return 'actor' in r ? r.actor : null;
    },

    /** Call inside the transaction of the change that ends them; `announce` after it commits. */
    endSessionsOf(username: string): string[] {
      return store.users.deleteSessionsOf(username);
    },
    announceEnded(tokenHashes: readonly string[], reason: string): void {
      if (tokenHashes.length > 0) ended(tokenHashes, reason);
    },
  };
}
export type Sessions = ReturnType<typeof createSessions>;
