import type Database from 'better-sqlite3';
import type { Language, Role, User } from '@ioc/protocol';

interface UserRow {
  username: string;
  password_hash: string;
  roles: string;
  created_at: number;
  disabled: number;
  language: Language;
}

export interface UserRecord extends User {
  passwordHash: string;
}

const toUser = (r: UserRow): UserRecord => ({
  username: r.username,
  roles: JSON.parse(r.roles) as Role[],
  disabled: r.disabled !== 0,
  language: r.language,
  createdAt: r.created_at,
  passwordHash: r.password_hash,
});

const publicUser = ({ passwordHash: _h, ...u }: UserRecord): User => u;

/** How long an expired session's row is kept, so that its token is answered SESSION_EXPIRED rather than unknown. */
export const EXPIRED_SESSION_KEPT_MS = 24 * 3600_000;

/** Users and their sessions. Sessions are keyed by the SHA-256 of the bearer token. */
export function usersRepo(db: Database.Database, now: () => number) {
  const q = {
    count: db.prepare('SELECT COUNT(*) AS n FROM users'),
    all: db.prepare('SELECT * FROM users ORDER BY username'),
    one: db.prepare('SELECT * FROM users WHERE username = ?'),
    insert: db.prepare('INSERT INTO users (username, password_hash, roles, created_at) VALUES (?, ?, ?, ?)'),
    setRoles: db.prepare('UPDATE users SET roles = ? WHERE username = ?'),
    setPassword: db.prepare('UPDATE users SET password_hash = ? WHERE username = ?'),
    setDisabled: db.prepare('UPDATE users SET disabled = ? WHERE username = ?'),
    setLanguage: db.prepare('UPDATE users SET language = ? WHERE username = ?'),
    delete: db.prepare('DELETE FROM users WHERE username = ?'),
    insertSession: db.prepare('INSERT INTO sessions (token_hash, username, created_at, expires_at) VALUES (?, ?, ?, ?)'),
    session: db.prepare('SELECT username, expires_at FROM sessions WHERE token_hash = ?'),
    deleteSession: db.prepare('DELETE FROM sessions WHERE token_hash = ?'),
    userSessions: db.prepare('SELECT token_hash FROM sessions WHERE username = ?'),
    deleteUserSessions: db.prepare('DELETE FROM sessions WHERE username = ?'),
    purge: db.prepare('DELETE FROM sessions WHERE expires_at <= ?'),
  };
  return {
    count: (): number => (q.count.get() as { n: number }).n,
    list: (): User[] => (q.all.all() as UserRow[]).map(toUser).map(publicUser),
    get(username: string): UserRecord | null {
      const r = q.one.get(username) as UserRow | undefined;
      return r ? toUser(r) : null;
    },
    /** The user without the password hash, as the API shows it. */
    getPublic(username: string): User | null {
      const r = q.one.get(username) as UserRow | undefined;
      return r ? publicUser(toUser(r)) : null;
    },
    insert(username: string, passwordHash: string, roles: Role[]): void {
      q.insert.run(username, passwordHash, JSON.stringify(roles), now());
    },
    setRoles(username: string, roles: Role[]): void {
      q.setRoles.run(JSON.stringify(roles), username);
    },
    setPassword(username: string, passwordHash: string): void {
      q.setPassword.run(passwordHash, username);
    },
    setDisabled(username: string, disabled: boolean): void {
      q.setDisabled.run(disabled ? 1 : 0, username);
    },
    setLanguage(username: string, language: Language): void {
      q.setLanguage.run(language, username);
    },
    /** Deletes the user and, by cascade, their sessions. */
    delete(username: string): boolean {
      return q.delete.run(username).changes > 0;
    },
    insertSession(tokenHash: string, username: string, expiresAt: number): void {
      q.insertSession.run(tokenHash, username, now(), expiresAt);
    },
    session(tokenHash: string): { username: string; expiresAt: number } | null {
      const r = q.session.get(tokenHash) as { username: string; expires_at: number } | undefined;
      return r ? { username: r.username, expiresAt: r.expires_at } : null;
    },
    deleteSession(tokenHash: string): boolean {
      return q.deleteSession.run(tokenHash).changes > 0;
    },
    /** Ends every session of `username`; answers their token hashes (to drop their sockets). */
    deleteSessionsOf(username: string): string[] {
      const hashes = (q.userSessions.all(username) as { token_hash: string }[]).map((r) => r.token_hash);
      q.deleteUserSessions.run(username);
      return hashes;
    },
    /** Drops sessions expired for longer than EXPIRED_SESSION_KEPT_MS. */
    purgeExpired(): number {
      return q.purge.run(now() - EXPIRED_SESSION_KEPT_MS).changes;
    },
  };
}
export type UsersRepo = ReturnType<typeof usersRepo>;
