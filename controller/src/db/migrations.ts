import type Database from 'better-sqlite3';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/**
 * Numbered, append-only schema migrations. Never edit a published one: add the next number.
 * Ids are TEXT (they appear in URLs and socket rooms); JSON columns hold zod-validated data.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'walls, layouts, wall states, users, sessions, audit',
    sql: `
      CREATE TABLE walls (
        id TEXT PRIMARY KEY,
        spec TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE TABLE layouts (
        id TEXT PRIMARY KEY,
        wall_id TEXT NOT NULL REFERENCES walls(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        description TEXT,
        tiles TEXT NOT NULL,
        builtin INTEGER NOT NULL DEFAULT 0,
        created_by TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE INDEX layouts_wall ON layouts(wall_id);
      -- Every version is kept: this table is the wall's history. layout_id is not a foreign key
      -- on purpose: deleting a saved layout must not rewrite history.
      CREATE TABLE wall_states (
        wall_id TEXT NOT NULL REFERENCES walls(id) ON DELETE CASCADE,
        version INTEGER NOT NULL,
        layout_id TEXT,
        tiles TEXT NOT NULL,
        activate_at INTEGER NOT NULL,
        changed_by TEXT NOT NULL,
        reason TEXT,
        created_at INTEGER NOT NULL,
        PRIMARY KEY (wall_id, version)
      );
      CREATE TABLE users (
        username TEXT PRIMARY KEY,
        password_hash TEXT NOT NULL,
        roles TEXT NOT NULL,
        created_at INTEGER NOT NULL
      );
      CREATE TABLE sessions (
        token_hash TEXT PRIMARY KEY,
        username TEXT NOT NULL REFERENCES users(username) ON DELETE CASCADE,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL
      );
      CREATE INDEX sessions_expiry ON sessions(expires_at);
      CREATE TABLE audit (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at INTEGER NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        target TEXT,
        details TEXT NOT NULL DEFAULT 'null'
      );
    `,
  },
  {
    version: 2,
    name: 'screens and display tokens',
    sql: `
      CREATE TABLE screens (
        id TEXT PRIMARY KEY,
        wall_id TEXT NOT NULL REFERENCES walls(id) ON DELETE CASCADE,
        col INTEGER NOT NULL,
        row INTEGER NOT NULL,
        device_id TEXT,
        hostname TEXT,
        paired_at INTEGER NOT NULL,
        UNIQUE (wall_id, col, row)
      );
      -- Only the SHA-256 of a display token is stored; the token itself is shown to the screen once.
      CREATE TABLE display_tokens (
        token_hash TEXT PRIMARY KEY,
        screen_id TEXT NOT NULL REFERENCES screens(id) ON DELETE CASCADE,
        created_at INTEGER NOT NULL
      );
      CREATE INDEX display_tokens_screen ON display_tokens(screen_id);
    `,
  },
  {
    version: 3,
    name: 'camera registry',
    sql: `
      -- URLs are stored without userinfo; credentials live only in username/password, which
      -- leave the controller through the media gateway's internal API and nowhere else.
      CREATE TABLE cameras (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        district TEXT NOT NULL DEFAULT '',
        main_url TEXT NOT NULL,
        sub_url TEXT,
        onvif_address TEXT,
        username TEXT,
        password TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE INDEX cameras_district ON cameras(district);
    `,
  },
  {
    version: 4,
    name: 'escalations, webhook outbox, wall state overlays',
    sql: `
      -- An escalation is an overlay on the command wall: the open escalations are copied into every
      -- wall state of that wall (wall_states.incident) so that a screen draws one document.
      CREATE TABLE escalations (
        id TEXT PRIMARY KEY,
        schema_version INTEGER NOT NULL,
        camera_id TEXT NOT NULL,
        wall_id TEXT NOT NULL,
        reason TEXT NOT NULL,
        priority INTEGER NOT NULL,
        note TEXT,
        state TEXT NOT NULL CHECK (state IN ('open', 'acknowledged', 'closed')),
        created_by TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        acknowledged_by TEXT,
        acknowledged_at INTEGER,
        closed_by TEXT,
        closed_at INTEGER,
        close_note TEXT,
        clip_id TEXT
      );
      CREATE INDEX escalations_state ON escalations(state, priority, created_at);
      ALTER TABLE wall_states ADD COLUMN incident TEXT;
      -- Outgoing webhooks: written in the transaction of the change they announce, delivered
      -- at least once by a worker that survives restarts (the row is the queue).
      CREATE TABLE webhook_outbox (
        id TEXT PRIMARY KEY,
        target TEXT NOT NULL,
        event TEXT NOT NULL,
        body TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at INTEGER NOT NULL,
        last_error TEXT,
        delivered_at INTEGER
      );
      CREATE INDEX webhook_outbox_due ON webhook_outbox(delivered_at, next_attempt_at);
    `,
  },
  {
    version: 5,
    name: 'audit request id',
    sql: `
      -- The request (HTTP request or socket event) that wrote the row, so that an audit row can be
      -- matched to the log lines of the same request. NULL for rows written outside a request.
      ALTER TABLE audit ADD COLUMN request_id TEXT;
      CREATE INDEX audit_request ON audit(request_id);
    `,
  },
  {
    version: 6,
    name: 'user language and disabled flag; wall settings; audit filter indexes',
    sql: `
      -- Settings changed through the API (bezels from calibration, widget language), kept apart
      -- from the spec that start-up seeds from the code and config, so a restart keeps them.
      ALTER TABLE walls ADD COLUMN settings TEXT;
      -- A disabled user keeps their row (the audit names them) but cannot log in.
      ALTER TABLE users ADD COLUMN disabled INTEGER NOT NULL DEFAULT 0;
      -- The console's language for this user; a Vietnamese site's default.
      ALTER TABLE users ADD COLUMN language TEXT NOT NULL DEFAULT 'vi' CHECK (language IN ('vi', 'en'));
      -- The audit page filters by user, action, target (a wall) and time, newest first by id.
      CREATE INDEX audit_actor ON audit(actor, id);
      CREATE INDEX audit_action ON audit(action, id);
      CREATE INDEX audit_target ON audit(target, id);
      CREATE INDEX audit_at ON audit(at);
    `,
  },
];

/** Applies every migration newer than the DB's, each in its own transaction. Idempotent. */
export function migrate(db: Database.Database, migrations: readonly Migration[] = MIGRATIONS): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)`);
  const current = (db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null }).v ?? 0;
  const applied: number[] = [];
  for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
    if (m.version <= current) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(m.version, m.name, Date.now());
    })();
    applied.push(m.version);
  }
  return applied;
}

export function schemaVersion(db: Database.Database): number {
  return (db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null }).v ?? 0;
}
