import type Database from 'better-sqlite3';
import type { AuditEntry } from '@ioc/protocol';

export interface AuditRow {
  actor: string;
  action: string;
  target?: string | null;
  details?: unknown;
}

/** `requestId` gives the HTTP request or socket event being handled, if any, stored with each row. */
export function auditRepo(db: Database.Database, now: () => number, requestId: () => string | null = () => null) {
  const insert = db.prepare('INSERT INTO audit (at, actor, action, target, details, request_id) VALUES (?, ?, ?, ?, ?, ?)');
  const list = db.prepare('SELECT * FROM audit ORDER BY id DESC LIMIT ?');
  const count = db.prepare('SELECT COUNT(*) AS n FROM audit');
  return {
    /** Call inside the transaction of the change it records. */
    write(row: AuditRow): void {
      insert.run(now(), row.actor, row.action, row.target ?? null, JSON.stringify(row.details ?? null), requestId());
    },
    list(limit: number): AuditEntry[] {
      type Row = { id: number; at: number; actor: string; action: string; target: string | null; details: string; request_id: string | null };
      return (list.all(limit) as Row[]).map(({ request_id, ...r }) => ({ ...r, details: JSON.parse(r.details) as unknown, requestId: request_id }));
    },
    count(): number {
      return (count.get() as { n: number }).n;
    },
  };
}
export type AuditRepo = ReturnType<typeof auditRepo>;
