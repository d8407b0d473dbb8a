import type Database from 'better-sqlite3';
import type { AuditEntry, AuditPage } from '@ioc/protocol';

export interface AuditRow {
  actor: string;
  action: string;
  target?: string | null;
  details?: unknown;
}

/** What `GET /api/audit` filters by; every field optional, `before` is the previous page's `nextBefore`. */
export interface AuditFilter {
  user?: string | undefined;
  /** An exact action, or a prefix ending in "." (`layout.` is every layout action). */
  action?: string | undefined;
  /** Rows whose target is the wall, or whose details name it (`details.wallId`). */
  wallId?: string | undefined;
  from?: number | undefined;
  to?: number | undefined;
  before?: number | undefined;
  limit: number;
}

type Row = { id: number; at: number; actor: string; action: string; target: string | null; details: string; request_id: string | null };
const toEntry = ({ request_id, ...r }: Row): AuditEntry => ({ ...r, details: JSON.parse(r.details) as unknown, requestId: request_id });

/** `requestId` gives the HTTP request or socket event being handled, if any, stored with each row. */
export function auditRepo(db: Database.Database, now: () => number, requestId: () => string | null = () => null) {
  const insert = db.prepare('INSERT INTO audit (at, actor, action, target, details, request_id) VALUES (?, ?, ?, ?, ?, ?)');
  const list = db.prepare('SELECT * FROM audit ORDER BY id DESC LIMIT ?');
  const count = db.prepare('SELECT COUNT(*) AS n FROM audit');
  // One prepared statement per combination of filters given (at most 64), made on first use.
  const pageQueries = new Map<string, Database.Statement>();
  const pageQuery = (f: AuditFilter): { stmt: Database.Statement; args: unknown[] } => {
    const where: string[] = [];
    const args: unknown[] = [];
    const add = (cond: string, ...values: unknown[]) => {
      where.push(cond);
      args.push(...values);
    };
    if (f.user !== undefined) add('actor = ?', f.user);
    if (f.action?.endsWith('.')) add('substr(action, 1, ?) = ?', f.action.length, f.action);
    else if (f.action !== undefined) add('action = ?', f.action);
    if (f.wallId !== undefined) add("(target = ? OR json_extract(details, '$.wallId') = ?)", f.wallId, f.wallId);
    if (f.from !== undefined) add('at >= ?', f.from);
    if (f.to !== undefined) add('at <= ?', f.to);
    if (f.before !== undefined) add('id < ?', f.before);
    const sql = `SELECT * FROM audit ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`;
    let stmt = pageQueries.get(sql);
    if (!stmt) pageQueries.set(sql, (stmt = db.prepare(sql)));
    return { stmt, args: [...args, f.limit + 1] };
  };
  return {
    /** Call inside the transaction of the change it records. */
    write(row: AuditRow): void {
      insert.run(now(), row.actor, row.action, row.target ?? null, JSON.stringify(row.details ?? null), requestId());
    },
    list(limit: number): AuditEntry[] {
      return (list.all(limit) as Row[]).map(toEntry);
    },
    /** Newest first; `nextBefore` is the id to pass as `before` for the next page, null on the last. */
    page(f: AuditFilter): AuditPage {
      const { stmt, args } = pageQuery(f);
      const rows = stmt.all(...args) as Row[];
      const more = rows.length > f.limit;
      const entries = rows.slice(0, f.limit).map(toEntry);
      return { entries, nextBefore: more ? (entries.at(-1)?.id ?? null) : null };
    },
    count(): number {
      return (count.get() as { n: number }).n;
    },
  };
}
export type AuditRepo = ReturnType<typeof auditRepo>;
