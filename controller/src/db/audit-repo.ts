import type Database from 'better-sqlite3';
import type { AuditEntry } from '@ioc/protocol';

export interface AuditRow {
  actor: string;
  action: string;
  target?: string | null;
  details?: unknown;
}

export function auditRepo(db: Database.Database, now: () => number) {
  const insert = db.prepare('INSERT INTO audit (at, actor, action, target, details) VALUES (?, ?, ?, ?, ?)');
  const list = db.prepare('SELECT * FROM audit ORDER BY id DESC LIMIT ?');
  const count = db.prepare('SELECT COUNT(*) AS n FROM audit');
  return {
    /** Call inside the transaction of the change it records. */
    write(row: AuditRow): void {
      insert.run(now(), row.actor, row.action, row.target ?? null, JSON.stringify(row.details ?? null));
    },
    list(limit: number): AuditEntry[] {
      return (list.all(limit) as { id: number; at: number; actor: string; action: string; target: string | null; details: string }[]).map(
        (r) => ({ ...r, details: JSON.parse(r.details) as unknown }),
      );
    },
    count(): number {
      return (count.get() as { n: number }).n;
    },
  };
}
export type AuditRepo = ReturnType<typeof auditRepo>;
