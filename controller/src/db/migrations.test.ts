import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate, MIGRATIONS, schemaVersion } from './migrations';
import { createStore } from './store';

const dir = mkdtempSync(join(tmpdir(), 'ioc-migrations-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('migrations', () => {
  it('upgrades a database written by an older version and keeps its data', () => {
    const path = join(dir, 'old.sqlite');
    const old = new Database(path);
    migrate(old, MIGRATIONS.slice(0, 1));
    expect(schemaVersion(old)).toBe(1);
    old.prepare('INSERT INTO walls (id, spec, updated_at) VALUES (?, ?, ?)').run('w1', '{"id":"w1"}', 1);
    old.prepare('INSERT INTO audit (at, actor, action) VALUES (1, ?, ?)').run('someone', 'old.action');
    old.close();

    const store = createStore(path, Date.now);
    expect(schemaVersion(store.db)).toBe(MIGRATIONS.length);
    expect(store.audit.list(10).map((a) => a.action)).toEqual(['old.action']);
    store.walls.insertScreen({ id: 's1', wallId: 'w1', col: 0, row: 0, deviceId: null, hostname: null });
    expect(store.walls.screens('w1')).toHaveLength(1);
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(store.db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    store.close();
  });

  it('is idempotent when reopened', () => {
    const path = join(dir, 'again.sqlite');
    createStore(path, Date.now).close();
    const db = new Database(path);
    expect(migrate(db)).toEqual([]);
    expect((db.prepare('SELECT COUNT(*) AS n FROM schema_migrations').get() as { n: number }).n).toBe(MIGRATIONS.length);
    db.close();
  });

  it('keeps one screen per wall position', () => {
    const store = createStore(join(dir, 'unique.sqlite'), Date.now);
    store.walls.upsertWall({ id: 'w', name: 'w', cols: 2, rows: 1, screenWidth: 1920, screenHeight: 1080, bezel: { left: 0, right: 0, top: 0, bottom: 0 } });
    store.walls.insertScreen({ id: 'a', wallId: 'w', col: 0, row: 0, deviceId: null, hostname: null });
    expect(() => store.walls.insertScreen({ id: 'b', wallId: 'w', col: 0, row: 0, deviceId: null, hostname: null })).toThrow(/UNIQUE/);
    store.close();
  });
});
