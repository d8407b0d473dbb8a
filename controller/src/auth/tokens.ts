import { createHash, randomBytes } from 'node:crypto';

/** 32 random bytes, base64url: used for session tokens and display tokens. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Only this hash is stored, so a leaked database does not leak usable tokens. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
