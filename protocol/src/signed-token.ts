import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/**
 * Short-lived signed access tokens that the controller issues and the media gateway checks,
 * sharing only a secret (HMAC-SHA256). Node-only: import it as `@ioc/protocol/signed-token`,
 * never from the browser bundle.
 *
 * Format: base64url(JSON claims) "." base64url(HMAC(claims part)). Compact and URL/path safe,
 * so it can sit in an HLS path where relative segment URLs keep it.
 */
export const TokenClaimsSchema = z.object({
  /** What the token is for: camera streams or widget feeds. */
  aud: z.enum(['media', 'feeds']),
  /** Who it was issued to (screen id or user name); for audit, never trusted for access. */
  sub: z.string().max(120),
  /** Resources it opens: camera ids for `media`, feed ids (or '*') for `feeds`. */
  res: z.array(z.string().max(64)).max(512),
  /** Expiry, epoch seconds. */
  exp: z.number().int(),
});
export type TokenClaims = z.infer<typeof TokenClaimsSchema>;

export type TokenCheck =
  | { ok: true; claims: TokenClaims }
  | { ok: false; reason: 'malformed' | 'bad-signature' | 'expired' | 'wrong-audience' };

function mac(secret: string, body: string): Buffer {
  return createHmac('sha256', secret).update(body).digest();
}

export function signToken(secret: string, claims: TokenClaims): string {
  const body = Buffer.from(JSON.stringify(TokenClaimsSchema.parse(claims))).toString('base64url');
  return `${body}.${mac(secret, body).toString('base64url')}`;
}

export function verifyToken(
  secret: string,
  token: string,
  aud: TokenClaims['aud'],
  nowMs: number = Date.now(),
): TokenCheck {
  if (token.length > 8192) return { ok: false, reason: 'malformed' };
  const dot = token.indexOf('.');
  if (dot <= 0 || dot !== token.lastIndexOf('.')) return { ok: false, reason: 'malformed' };
  const body = token.slice(0, dot);
  const sig = Buffer.from(token.slice(dot + 1), 'base64url');
  const expected = mac(secret, body);
  if (sig.length !== expected.length || !timingSafeEqual(sig, expected)) return { ok: false, reason: 'bad-signature' };
  let claims: TokenClaims;
  try {
    const parsed = TokenClaimsSchema.safeParse(JSON.parse(Buffer.from(body, 'base64url').toString('utf8')));
    if (!parsed.success) return { ok: false, reason: 'malformed' };
    claims = parsed.data;
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (claims.aud !== aud) return { ok: false, reason: 'wrong-audience' };
  if (claims.exp * 1000 <= nowMs) return { ok: false, reason: 'expired' };
  return { ok: true, claims };
}

/** True when the token opens `resource` ('*' opens every resource of its audience). */
export function tokenAllows(claims: TokenClaims, resource: string): boolean {
  return claims.res.includes('*') || claims.res.includes(resource);
}
