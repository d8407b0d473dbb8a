import type Database from 'better-sqlite3';
import type { Layout, Tile } from '@ioc/protocol';

interface LayoutRow {
  id: string;
  wall_id: string;
  name: string;
  description: string | null;
  tiles: string;
  builtin: number;
}

const toLayout = (r: LayoutRow): Layout => ({
  id: r.id,
  wallId: r.wall_id,
  name: r.name,
  ...(r.description === null ? {} : { description: r.description }),
  tiles: JSON.parse(r.tiles) as Tile[],
  builtin: r.builtin === 1,
});

export function layoutsRepo(db: Database.Database, now: () => number) {
  const q = {
    all: db.prepare('SELECT * FROM layouts ORDER BY wall_id, builtin DESC, name'),
    byWall: db.prepare('SELECT * FROM layouts WHERE wall_id = ? ORDER BY builtin DESC, name'),
    one: db.prepare('SELECT * FROM layouts WHERE id = ?'),
    upsert: db.prepare(`INSERT INTO layouts (id, wall_id, name, description, tiles, builtin, created_by, updated_at)
      VALUES (@id, @wallId, @name, @description, @tiles, @builtin, @createdBy, @at)
      ON CONFLICT(id) DO UPDATE SET wall_id = excluded.wall_id, name = excluded.name, description = excluded.description,
        tiles = excluded.tiles, builtin = excluded.builtin, updated_at = excluded.updated_at`),
    remove: db.prepare('DELETE FROM layouts WHERE id = ?'),
    builtinIds: db.prepare('SELECT id FROM layouts WHERE builtin = 1'),
  };
  return {
    list(wallId?: string): Layout[] {
      return ((wallId === undefined ? q.all.all() : q.byWall.all(wallId)) as LayoutRow[]).map(toLayout);
    },
    get(id: string): Layout | null {
      const r = q.one.get(id) as LayoutRow | undefined;
      return r ? toLayout(r) : null;
    },
    upsert(l: Layout, createdBy: string): void {
      q.upsert.run({
        id: l.id,
        wallId: l.wallId,
        name: l.name,
        description: l.description ?? null,
        tiles: JSON.stringify(l.tiles),
        builtin: l.builtin ? 1 : 0,
        createdBy,
        at: now(),
      });
    },
    remove(id: string): boolean {
      return q.remove.run(id).changes > 0;
    },
    builtinIds(): string[] {
      return (q.builtinIds.all() as { id: string }[]).map((r) => r.id);
    },
  };
}
export type LayoutsRepo = ReturnType<typeof layoutsRepo>;
