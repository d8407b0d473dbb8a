import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * Authenticated encryption (AES-256-GCM) of short secrets kept in the database, such as camera
 * passwords. A stored value reads `enc:v1:<keyId>:<iv>:<tag>:<ciphertext>` (base64url), so
 * the format can change and the key can rotate: `keyId` names the key that sealed it (the first
 * 4 bytes of its SHA-256, which tells nothing about the key). The caller's context (e.g.
 * `camera:cam-1:password`) is bound as associated data: a value copied to another row fails.
 */
const SEALED = /^enc:v1:([0-9a-f]{8}):([A-Za-z0-9_-]{16}):([A-Za-z0-9_-]{22}):([A-Za-z0-9_-]*)$/;

export interface NamedKey {
  key: Buffer;
  /** How an operator knows this key, for error messages: `secrets.key (IOC_SECRETS_KEY)`. */
  name: string;
}

/** Start-up stops with this: a key is missing, wrong or unreadable; the message names it. */
export class SecretsKeyError extends Error {
  override name = 'SecretsKeyError';
}

/** 32 bytes in base64 or base64url, as `openssl rand -base64 32` prints them. */
export function isSecretsKey(text: string): boolean {
  const t = text.trim();
  return /^[A-Za-z0-9+/_-]{43}=?$/.test(t) && Buffer.from(t, 'base64').length === 32;
}

export function keyId(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 8);
}

export function isSealed(value: string): boolean {
  return SEALED.test(value);
}

export class SecretBox {
  private readonly keys: NamedKey[];

  constructor(
    private readonly current: NamedKey,
    previous: NamedKey[] = [],
  ) {
    if (current.key.length !== 32) throw new SecretsKeyError(`${current.name}: must be 32 bytes`);
    this.keys = [current, ...previous];
  }

  /** A key of this process only: for stores whose rows are never read by another process. */
  static ephemeral(): SecretBox {
    return new SecretBox({ key: randomBytes(32), name: 'an in-memory key' });
  }

  get keyId(): string {
    return keyId(this.current.key);
  }

  seal(plain: string, context: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.current.key, iv).setAAD(Buffer.from(context));
    const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return ['enc', 'v1', this.keyId, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ct.toString('base64url')].join(':');
  }

  /** The plain text, or SecretsKeyError: never a wrong value from a wrong key. */
  open(stored: string, context: string): string {
    const m = SEALED.exec(stored);
    if (!m) throw new SecretsKeyError(`${context}: not an encrypted value`);
    const [, id, iv, tag, ct] = m as unknown as [string, string, string, string, string];
    const k = this.keys.find((c) => keyId(c.key) === id);
    if (!k) {
      const known = this.keys.map((c) => `${c.name} (key id ${keyId(c.key)})`).join(', ');
      throw new SecretsKeyError(
        `${context} was encrypted with key id ${id}, which is none of the keys given: ${known}. ` +
          'Start with the key it was written with as secrets.key (IOC_SECRETS_KEY), or as secrets.previousKey (IOC_SECRETS_KEY_PREVIOUS) to rotate it out',
      );
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', k.key, Buffer.from(iv, 'base64url')).setAAD(Buffer.from(context));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      throw new SecretsKeyError(`${context} does not authenticate with ${k.name} (key id ${id}): the stored value was altered`);
    }
  }

  /** Plain (written before encryption) or sealed with a key other than the current one. */
  needsReseal(stored: string): boolean {
    const m = SEALED.exec(stored);
    return !m || m[1] !== this.keyId;
  }
}
