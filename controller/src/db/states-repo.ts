import type Database from 'better-sqlite3';
import type { IncidentOverlay, Tile, WallState } from '@ioc/protocol';

interface StateRow {
  wall_id: string;
  version: number;
  layout_id: string | null;
  tiles: string;
  activate_at: number;
  changed_by: string;
  reason: string | null;
  created_at: number;
  /** JSON; NULL in rows written before escalations existed (migration 4) and when none is open. */
  incident: string | null;
}

const toState = (r: StateRow): WallState => ({
  wallId: r.wall_id,
  version: r.version,
  layoutId: r.layout_id,
  tiles: JSON.parse(r.tiles) as Tile[],
  activateAt: r.activate_at,
  changedBy: r.changed_by,
  reason: r.reason,
  createdAt: r.created_at,
  incident: r.incident === null ? null : (JSON.parse(r.incident) as IncidentOverlay),
});

/** Versioned wall states. Rows are only ever inserted: the table is the history. */
export function statesRepo(db: Database.Database) {
  const q = {
    current: db.prepare('SELECT * FROM wall_states WHERE wall_id = ? ORDER BY version DESC LIMIT 1'),
    history: db.prepare('SELECT * FROM wall_states WHERE wall_id = ? ORDER BY version DESC LIMIT ?'),
    count: db.prepare('SELECT COUNT(*) AS n FROM wall_states WHERE wall_id = ?'),
    version: db.prepare('SELECT MAX(version) AS v FROM wall_states WHERE wall_id = ?'),
    insert: db.prepare(`INSERT INTO wall_states (wall_id, version, layout_id, tiles, activate_at, changed_by, reason, created_at, incident)
      VALUES (@wallId, @version, @layoutId, @tiles, @activateAt, @changedBy, @reason, @createdAt, @incident)`),
  };
  return {
    current(wallId: string): WallState | null {
      const r = q.current.get(wallId) as StateRow | undefined;
      return r ? toState(r) : null;
    },
    history(wallId: string, limit: number): WallState[] {
      return (q.history.all(wallId, limit) as StateRow[]).map(toState);
    },
    /** The current version without parsing tiles (sync status asks often). */
    currentVersion(wallId: string): number | null {
      return (q.version.get(wallId) as { v: number | null }).v;
    },
    count(wallId: string): number {
      return (q.count.get(wallId) as { n: number }).n;
    },
    insert(s: WallState): void {
      q.insert.run({ ...s, tiles: JSON.stringify(s.tiles), incident: s.incident ? JSON.stringify(s.incident) : null });
    },
  };
}
export type StatesRepo = ReturnType<typeof statesRepo>;
