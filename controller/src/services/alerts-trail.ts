import type Database from 'better-sqlite3';
import { AlertSchema, type Alert } from '@ioc/protocol';

/**
 * The alerts raised and not cleared by the last process, read back from the audit trail (each
 * raise and clear is an audit row holding the whole alert). One scan at start.
 */
export function openAlertsFromAudit(db: Database.Database): Alert[] {
  const rows = db
    .prepare("SELECT action, details FROM audit WHERE action IN ('alert.raised', 'alert.cleared') ORDER BY id")
    .all() as { action: string; details: string }[];
  const open = new Map<string, Alert>();
  for (const r of rows) {
    let parsed;
    try {
      parsed = AlertSchema.safeParse(JSON.parse(r.details));
    } catch {
      continue;
    }
    if (!parsed.success) continue;
    if (r.action === 'alert.raised') open.set(parsed.data.id, { ...parsed.data, clearedAt: null });
    else open.delete(parsed.data.id);
  }
  // At most one per subject: the newest wins (an older one could only be left by a crash mid-way).
  const bySubject = new Map<string, Alert>();
  for (const a of open.values()) bySubject.set(`${a.kind}:${a.subject}`, a);
  return [...bySubject.values()];
}
