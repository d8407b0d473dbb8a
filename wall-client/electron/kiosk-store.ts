import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { KioskIdentity } from '../src/kiosk-api';
import type { KioskLog, SafeStorageLike } from './electron-surface';

/**
 * What a screen keeps on disk in userData, per display: its identity (device id + display
 * token) and its last applied wall state. The token is encrypted with the OS keyring through
 * safeStorage where available; otherwise it is stored readable by this user only (0600).
 */
export const IdentitySchema = z
  .object({ deviceId: z.string().min(1).max(200), token: z.string().min(1).max(8192).optional() })
  .strict();

/** A wall state is small; a much larger blob is a bug or an attack, not a state. */
export const MAX_CACHED_STATE_BYTES = 8 * 2 ** 20;

const ENCRYPTED_MAGIC = 'IOCENC1\n';

function safeName(displayId: string): string {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(displayId)) throw new Error(`unsafe display id: ${displayId}`);
  return displayId;
}

export interface KioskStore {
  loadIdentity(displayId: string): Promise<KioskIdentity | null>;
  saveIdentity(displayId: string, identity: unknown): Promise<void>;
  loadCachedState(displayId: string): Promise<string | null>;
  saveCachedState(displayId: string, json: unknown): Promise<void>;
}

let tmpSeq = 0;

async function writeAtomic(file: string, data: string | Uint8Array): Promise<void> {
  const tmp = `${file}.${process.pid}.${++tmpSeq}.tmp`;
  await fs.writeFile(tmp, data, { mode: 0o600 });
  await fs.rename(tmp, file);
}

async function readOrNull(file: string): Promise<Buffer | null> {
  try {
    return await fs.readFile(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

export function createKioskStore(userDataDir: string, safeStorage: SafeStorageLike, log: KioskLog): KioskStore {
  const dir = path.join(userDataDir, 'screens');
  let warnedPlain = false;

  function canEncrypt(): boolean {
    if (!safeStorage.isEncryptionAvailable()) return false;
    // On Linux without a keyring, Chromium's "basic_text" backend uses a fixed key: it is
    // encryption in name only, so say so once.
    if (safeStorage.getSelectedStorageBackend?.() === 'basic_text' && !warnedPlain) {
      warnedPlain = true;
      log.warn('safeStorage uses basic_text (no OS keyring): the display token is only obfuscated');
    }
    return true;
  }

  return {
    async loadIdentity(displayId) {
      const raw = await readOrNull(path.join(dir, `${safeName(displayId)}.identity`));
      if (raw === null) return null;
      try {
        const text = raw.subarray(0, ENCRYPTED_MAGIC.length).toString('utf8') === ENCRYPTED_MAGIC
          ? safeStorage.decryptString(raw.subarray(ENCRYPTED_MAGIC.length))
          : raw.toString('utf8');
        return IdentitySchema.parse(JSON.parse(text));
      } catch (err) {
        // An unreadable identity (keyring changed, file damaged) means pairing again, not a dead screen.
        log.error('stored identity unreadable: the screen will pair again', { displayId, error: (err as Error).message });
        return null;
      }
    },
    async saveIdentity(displayId, identity) {
      const parsed = IdentitySchema.parse(identity);
      await fs.mkdir(dir, { recursive: true, mode: 0o700 });
      const file = path.join(dir, `${safeName(displayId)}.identity`);
      const json = JSON.stringify(parsed);
      if (canEncrypt()) {
        const sealed = safeStorage.encryptString(json);
        await writeAtomic(file, Buffer.concat([Buffer.from(ENCRYPTED_MAGIC, 'utf8'), sealed]));
      } else {
        if (!warnedPlain) {
          warnedPlain = true;
          log.warn('safeStorage unavailable: display token stored unencrypted (file mode 0600)');
        }
        await writeAtomic(file, json);
      }
    },
    async loadCachedState(displayId) {
      const raw = await readOrNull(path.join(dir, `${safeName(displayId)}.state.json`));
      return raw === null ? null : raw.toString('utf8');
    },
    async saveCachedState(displayId, json) {
      const text = z.string().max(MAX_CACHED_STATE_BYTES).parse(json);
      const file = path.join(dir, `${safeName(displayId)}.state.json`);
      // '' clears the cache (the renderer's storage.remove), e.g. after the screen is unpaired.
      if (text === '') return fs.rm(file, { force: true });
      JSON.parse(text); // only well-formed JSON is cached, so a restart never reads garbage
      await fs.mkdir(dir, { recursive: true, mode: 0o700 });
      await writeAtomic(file, text);
    },
  };
}
