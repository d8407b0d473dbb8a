import type Database from 'better-sqlite3';
import type { Role, User } from '@ioc/protocol';

interface UserRow {
  username: string;
  password_hash: string;
  roles: string;
  created_at: number;
}

export interface UserRecord extends User {
  passwordHash: string;
}

const toUser = (r: UserRow): UserRecord => ({
  username: r.username,
  roles: JSON.parse(r.roles) as Role[],
  createdAt: r.created_at,
  passwordHash: r.password_hash,
});

/** Users and their sessions. Sessions are keyed by the SHA-256 of the bearer token. */
export function usersRepo(db: Database.Database, now: () => number) {
  const q = {
    count: db.prepare('SELECT COUNT(*) AS n FROM users'),
    all: db.prepare('SELECT * FROM users ORDER BY username'),
    one: db.prepare('SELECT * FROM users WHERE username = ?'),
    insert: db.prepare('INSERT INTO users (username, password_hash, roles, created_at) VALUES (?, ?, ?, ?)'),
    insertSession: db.prepare('INSERT INTO sessions (token_hash, username, created_at, expires_at) VALUES (?, ?, ?, ?)'),
    session: db.prepare('SELECT username, expires_at FROM sessions WHERE token_hash = ?'),
    deleteSession: db.prepare('DELETE FROM sessions WHERE token_hash = ?'),
    purge: db.prepare('DELETE FROM sessions WHERE expires_at <= ?'),
  };
  return {
    count: (): number => (q.count.get() as { n: number }).n,
    list: (): User[] => (q.all.all() as UserRow[]).map(toUser).map(({ passwordHash: _h, ...u }) => u),
    get(username: string): UserRecord | null {
      const r = q.one.get(username) as UserRow | undefined;
      return r ? toUser(r) : null;
    },
    insert(username: string, passwordHash: string, roles: Role[]): void {
      q.insert.run(username, passwordHash, JSON.stringify(roles), now());
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
    purgeExpired(): number {
      return q.purge.run(now()).changes;
    },
  };
}
export type UsersRepo = ReturnType<typeof usersRepo>;
