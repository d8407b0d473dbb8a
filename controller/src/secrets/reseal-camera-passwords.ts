import { passwordContext } from '../db/cameras-repo';
import type { Store } from '../db/store';
import { isSealed, type SecretBox } from './secret-box';

/**
 * At start: encrypts camera passwords still stored in plain text (written before encryption)
 * and re-encrypts those sealed with a key being rotated out, in one transaction with its audit
 * row. Every sealed password is opened first, so a wrong key stops start-up before anything is
 * written. Afterwards the freed pages are zeroed and the WAL emptied: the old plain text must
 * not linger in the file's free space or in WAL frames.
 */
export function resealCameraPasswords(store: Store, box: SecretBox): { encrypted: number; rekeyed: number } {
  const rows = store.db.prepare('SELECT id, password FROM cameras WHERE password IS NOT NULL').all() as { id: string; password: string }[];
  const todo = rows
    .map((r) => ({ id: r.id, legacy: !isSealed(r.password), plain: isSealed(r.password) ? box.open(r.password, passwordContext(r.id)) : r.password, stored: r.password }))
    .filter((r) => box.needsReseal(r.stored));
  const counts = { encrypted: todo.filter((r) => r.legacy).length, rekeyed: todo.filter((r) => !r.legacy).length };
  if (todo.length === 0) return counts;
  const update = store.db.prepare('UPDATE cameras SET password = ? WHERE id = ?');
  store.db.pragma('secure_delete = ON');
  try {
    store.tx(() => {
      for (const r of todo) update.run(box.seal(r.plain, passwordContext(r.id)), r.id);
      store.audit.write({ actor: 'system', action: 'cameras.passwords.reseal', target: null, details: { ...counts, keyId: box.keyId } });
    });
    store.db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    store.db.pragma('secure_delete = OFF');
  }
  return counts;
}
