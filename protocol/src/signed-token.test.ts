import { describe, expect, it } from 'vitest';
import { signToken, tokenAllows, verifyToken } from './signed-token';

const secret = 'a-test-secret-that-is-long-enough-000000';

describe('signed tokens', () => {
  const claims = { aud: 'media' as const, sub: 'screen-1', res: ['cam-1'], exp: Math.floor(Date.now() / 1000) + 60 };
  it('verifies what it signed and scopes it to its resources', () => {
    const r = verifyToken(secret, signToken(secret, claims), 'media');
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(tokenAllows(r.claims, 'cam-1')).toBe(true);
      expect(tokenAllows(r.claims, 'cam-2')).toBe(false);
    }
  });
  it('refuses tampering, expiry, another secret and another audience', () => {
    const t = signToken(secret, claims);
    const [body, sig] = t.split('.') as [string, string];
    const forged = Buffer.from(JSON.stringify({ ...claims, res: ['*'] })).toString('base64url');
    expect(verifyToken(secret, `${forged}.${sig}`, 'media')).toEqual({ ok: false, reason: 'bad-signature' });
    expect(verifyToken(secret, `${body}.${sig}`, 'feeds')).toEqual({ ok: false, reason: 'wrong-audience' });
    expect(verifyToken('another-secret-that-is-long-enough-0000', t, 'media')).toEqual({ ok: false, reason: 'bad-signature' });
    expect(verifyToken(secret, t, 'media', (claims.exp + 1) * 1000)).toEqual({ ok: false, reason: 'expired' });
    expect(verifyToken(secret, 'garbage', 'media')).toEqual({ ok: false, reason: 'malformed' });
  });
});
