import type Database from 'better-sqlite3';
import { ESCALATION_SCHEMA_VERSION, EscalationSchema, type Escalation } from '@ioc/protocol';

interface EscalationRow {
  id: string;
  schema_version: number;
  camera_id: string;
  wall_id: string;
  reason: string;
  priority: number;
  note: string | null;
  state: string;
  created_by: string;
  created_at: number;
  acknowledged_by: string | null;
  acknowledged_at: number | null;
  closed_by: string | null;
  closed_at: number | null;
  close_note: string | null;
  clip_id: string | null;
}

/**
 * Rows carry the shape version they were written with; older shapes are brought up to date
 * here, on read, so the rest of the controller only ever sees the current `Escalation`.
 */
export function migrateEscalation(r: EscalationRow): Escalation {
  if (r.schema_version > ESCALATION_SCHEMA_VERSION) {
    throw new Error(`escalation ${r.id} has schema version ${r.schema_version}, newer than this controller's ${ESCALATION_SCHEMA_VERSION}`);
  }
  return EscalationSchema.parse({
    id: r.id,
    cameraId: r.camera_id,
    wallId: r.wall_id,
    reason: r.reason,
    priority: r.priority,
    note: r.note,
    state: r.state,
    createdBy: r.created_by,
    createdAt: r.created_at,
    acknowledgedBy: r.acknowledged_by,
    acknowledgedAt: r.acknowledged_at,
    closedBy: r.closed_by,
    closedAt: r.closed_at,
    closeNote: r.close_note,
    clipId: r.clip_id,
  });
}

export function escalationsRepo(db: Database.Database) {
  const q = {
    get: db.prepare('SELECT * FROM escalations WHERE id = ?'),
    open: db.prepare("SELECT * FROM escalations WHERE state != 'closed' ORDER BY priority, created_at, id"),
    all: db.prepare('SELECT * FROM escalations ORDER BY created_at DESC, id LIMIT ?'),
    insert: db.prepare(`INSERT INTO escalations (id, schema_version, camera_id, wall_id, reason, priority, note, state,
      created_by, created_at, acknowledged_by, acknowledged_at, closed_by, closed_at, close_note, clip_id)
      VALUES (@id, ${ESCALATION_SCHEMA_VERSION}, @cameraId, @wallId, @reason, @priority, @note, @state,
      @createdBy, @createdAt, @acknowledgedBy, @acknowledgedAt, @closedBy, @closedAt, @closeNote, @clipId)`),
    ack: db.prepare("UPDATE escalations SET state = 'acknowledged', acknowledged_by = ?, acknowledged_at = ? WHERE id = ? AND state = 'open'"),
    close: db.prepare("UPDATE escalations SET state = 'closed', closed_by = ?, closed_at = ?, close_note = ? WHERE id = ? AND state != 'closed'"),
    clip: db.prepare('UPDATE escalations SET clip_id = ? WHERE id = ?'),
  };
  return {
    get(id: string): Escalation | null {
      const r = q.get.get(id) as EscalationRow | undefined;
      return r ? migrateEscalation(r) : null;
    },
    /** Open and acknowledged, highest priority first, then the oldest. */
    open(): Escalation[] {
      return (q.open.all() as EscalationRow[]).map(migrateEscalation);
    },
    /** The newest first. */
    all(limit = 500): Escalation[] {
      return (q.all.all(limit) as EscalationRow[]).map(migrateEscalation);
    },
    insert(e: Escalation): void {
      q.insert.run(e);
    },
    acknowledge(id: string, by: string, at: number): boolean {
      return q.ack.run(by, at, id).changes === 1;
    },
    close(id: string, by: string, at: number, note: string | null): boolean {
      return q.close.run(by, at, note, id).changes === 1;
    },
    setClip(id: string, clipId: string): void {
      q.clip.run(clipId, id);
    },
  };
}
export type EscalationsRepo = ReturnType<typeof escalationsRepo>;
