import type Database from 'better-sqlite3';
import { auditRepo } from './audit-repo';
import { camerasRepo } from './cameras-repo';
import { escalationsRepo } from './escalations-repo';
import { layoutsRepo } from './layouts-repo';
import { openDatabase } from './open-database';
import { statesRepo } from './states-repo';
import { usersRepo } from './users-repo';
import { wallsRepo } from './walls-repo';
import { webhooksRepo } from './webhooks-repo';
import { currentRequestId } from '../request-context';
import { SecretBox } from '../secrets/secret-box';

/**
 * The controller's SQLite store: one connection, prepared statements, and `tx` for atomic
 * commands. `secrets` encrypts camera passwords; without one, a key of this process only.
 */
export function createStore(path: string, now: () => number, secrets: SecretBox = SecretBox.ephemeral()) {
  const db: Database.Database = openDatabase(path);
  return {
    db,
    walls: wallsRepo(db, now),
    layouts: layoutsRepo(db, now),
    states: statesRepo(db),
    users: usersRepo(db, now),
    audit: auditRepo(db, now, currentRequestId),
    cameras: camerasRepo(db, now, secrets),
    escalations: escalationsRepo(db),
    webhooks: webhooksRepo(db, now),
    /** Runs `fn` in one IMMEDIATE transaction: a change and its audit row commit together or not at all. */
    tx<T>(fn: () => T): T {
      return db.transaction(fn).immediate();
    },
    close(): void {
      if (db.open) db.close();
    },
  };
}
export type Store = ReturnType<typeof createStore>;
