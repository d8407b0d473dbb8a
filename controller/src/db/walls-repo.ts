import type Database from 'better-sqlite3';
import type { Screen, WallSettings, WallSpec } from '@ioc/protocol';

interface ScreenRow {
  id: string;
  wall_id: string;
  col: number;
  row: number;
  device_id: string | null;
  hostname: string | null;
  paired_at: number;
}

const toScreen = (r: ScreenRow): Screen => ({
  id: r.id,
  wallId: r.wall_id,
  col: r.col,
  row: r.row,
  hostname: r.hostname,
  pairedAt: r.paired_at,
});

interface WallRow {
  spec: string;
  /** JSON WallSettings set through the API; NULL when none (migration 6). */
  settings: string | null;
}

const toSpec = (r: WallRow): WallSpec => {
  const spec = JSON.parse(r.spec) as WallSpec;
  return r.settings ? { ...spec, ...(JSON.parse(r.settings) as WallSettings) } : spec;
};

/** Walls, the screens placed on them, and the display tokens (hashes only) of those screens. */
export function wallsRepo(db: Database.Database, now: () => number) {
  const q = {
    upsertWall: db.prepare(
      'INSERT INTO walls (id, spec, updated_at) VALUES (?, ?, ?) ON CONFLICT(id) DO UPDATE SET spec = excluded.spec, updated_at = excluded.updated_at',
    ),
    allWalls: db.prepare('SELECT spec, settings FROM walls ORDER BY id'),
    wall: db.prepare('SELECT spec, settings FROM walls WHERE id = ?'),
    setSettings: db.prepare('UPDATE walls SET settings = ?, updated_at = ? WHERE id = ?'),
    screens: db.prepare('SELECT * FROM screens ORDER BY wall_id, row, col'),
    wallScreens: db.prepare('SELECT * FROM screens WHERE wall_id = ? ORDER BY row, col'),
    screen: db.prepare('SELECT * FROM screens WHERE id = ?'),
    screenAt: db.prepare('SELECT * FROM screens WHERE wall_id = ? AND col = ? AND row = ?'),
    insertScreen: db.prepare(
      'INSERT INTO screens (id, wall_id, col, row, device_id, hostname, paired_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    deleteScreen: db.prepare('DELETE FROM screens WHERE id = ?'),
    insertToken: db.prepare('INSERT INTO display_tokens (token_hash, screen_id, created_at) VALUES (?, ?, ?)'),
    screenByToken: db.prepare(
      'SELECT s.* FROM display_tokens t JOIN screens s ON s.id = t.screen_id WHERE t.token_hash = ?',
    ),
  };
  return {
    upsertWall(spec: WallSpec): void {
      q.upsertWall.run(spec.id, JSON.stringify(spec), now());
    },
    walls(): WallSpec[] {
      return (q.allWalls.all() as WallRow[]).map(toSpec);
    },
    wall(id: string): WallSpec | null {
      const r = q.wall.get(id) as WallRow | undefined;
      return r ? toSpec(r) : null;
    },
    /** Stores the settings the API changed (merged over the seeded spec on every read). */
    setSettings(id: string, settings: WallSettings): void {
      q.setSettings.run(JSON.stringify(settings), now(), id);
    },
    settings(id: string): WallSettings {
      const r = q.wall.get(id) as WallRow | undefined;
      return r?.settings ? (JSON.parse(r.settings) as WallSettings) : {};
    },
    screens(wallId?: string): Screen[] {
      const rows = (wallId === undefined ? q.screens.all() : q.wallScreens.all(wallId)) as ScreenRow[];
      return rows.map(toScreen);
    },
    screen(id: string): Screen | null {
      const r = q.screen.get(id) as ScreenRow | undefined;
      return r ? toScreen(r) : null;
    },
    screenAt(wallId: string, col: number, row: number): Screen | null {
      const r = q.screenAt.get(wallId, col, row) as ScreenRow | undefined;
      return r ? toScreen(r) : null;
    },
    insertScreen(s: { id: string; wallId: string; col: number; row: number; deviceId: string | null; hostname: string | null }): Screen {
      q.insertScreen.run(s.id, s.wallId, s.col, s.row, s.deviceId, s.hostname, now());
      return toScreen(q.screen.get(s.id) as ScreenRow);
    },
    /** Deletes the screen and, by cascade, every display token it held. */
    deleteScreen(id: string): boolean {
      return q.deleteScreen.run(id).changes > 0;
    },
    insertToken(tokenHash: string, screenId: string): void {
      q.insertToken.run(tokenHash, screenId, now());
    },
    screenByTokenHash(tokenHash: string): Screen | null {
      const r = q.screenByToken.get(tokenHash) as ScreenRow | undefined;
      return r ? toScreen(r) : null;
    },
  };
}
export type WallsRepo = ReturnType<typeof wallsRepo>;
