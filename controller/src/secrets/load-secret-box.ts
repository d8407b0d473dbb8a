import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { ControllerConfig } from '../config';
import { isSecretsKey, SecretBox, SecretsKeyError, type NamedKey } from './secret-box';

export interface LoadedSecretBox {
  box: SecretBox;
  /** The key file this start created (first start), so a failed start can take it back. */
  createdKeyFile: string | null;
}

/** Where the key file goes by default: beside the database, outside it (like the media secret). */
export function defaultKeyFile(dbPath: string): string | null {
  return dbPath === ':memory:' ? null : join(dirname(resolve(dbPath)), 'secrets.key');
}

/**
 * The key for camera passwords: `secrets.key` (IOC_SECRETS_KEY) if set, else the key file,
 * created with mode 0600 when it does not exist yet. A key being rotated out is accepted for
 * reading only.
 */
export function loadSecretBox(config: Pick<ControllerConfig, 'secrets' | 'db'>): LoadedSecretBox {
  const s = config.secrets;
  let createdKeyFile: string | null = null;
  let current: NamedKey;
  if (s.key) {
    current = { key: Buffer.from(s.key.trim(), 'base64'), name: 'secrets.key (IOC_SECRETS_KEY)' };
  } else {
    const file = s.keyFile ? resolve(s.keyFile) : defaultKeyFile(config.db.path);
    if (file === null) return { box: SecretBox.ephemeral(), createdKeyFile: null };
    if (!existsSync(file)) {
      mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
      writeFileSync(file, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
      createdKeyFile = file;
    }
    current = readKeyFile(file, 'secrets.keyFile (IOC_SECRETS_KEY_FILE)');
  }
  const previous: NamedKey[] = [];
  if (s.previousKey) previous.push({ key: Buffer.from(s.previousKey.trim(), 'base64'), name: 'secrets.previousKey (IOC_SECRETS_KEY_PREVIOUS)' });
  if (s.previousKeyFile) previous.push(readKeyFile(resolve(s.previousKeyFile), 'secrets.previousKeyFile (IOC_SECRETS_KEY_PREVIOUS_FILE)'));
  return { box: new SecretBox(current, previous), createdKeyFile };
}

function readKeyFile(file: string, setting: string): NamedKey {
  const name = `${setting}: ${file}`;
  if (!existsSync(file)) throw new SecretsKeyError(`${name} does not exist`);
  // A key others can read protects nothing; refuse it rather than warn into a log nobody reads.
  if (process.platform !== 'win32' && (statSync(file).mode & 0o077) !== 0) {
    throw new SecretsKeyError(`${name} can be read by other users: chmod 600 it`);
  }
  const text = readFileSync(file, 'utf8');
  if (!isSecretsKey(text)) throw new SecretsKeyError(`${name} does not hold 32 bytes in base64 (openssl rand -base64 32)`);
  return { key: Buffer.from(text.trim(), 'base64'), name };
}
