import { AccessTokenSchema, type AccessToken } from '@ioc/protocol';
import { api } from './state/session';

/**
 * Media tokens for the console's own views of cameras (thumbnails, the live preview), one per
 * camera, renewed a minute before they expire. Tokens go in URL paths, never in logs.
 */
const tokens = new Map<string, Promise<AccessToken>>();

export async function mediaToken(cameraId: string): Promise<AccessToken> {
  const cached = tokens.get(cameraId);
  if (cached) {
    const t = await cached.catch(() => null);
    if (t && t.expiresAt - Date.now() > 60_000) return t;
  }
  const fresh = api.request('POST', `/api/cameras/${encodeURIComponent(cameraId)}/token`, AccessTokenSchema, {});
  tokens.set(cameraId, fresh);
  fresh.catch(() => tokens.delete(cameraId));
  return fresh;
}

/** A camera's JPEG snapshot from the gateway (`bust` defeats the browser cache on refresh). */
export async function snapshotUrl(cameraId: string, bust = Date.now()): Promise<string> {
  const t = await mediaToken(cameraId);
  return `${t.gatewayUrl.replace(/\/$/, '')}/snapshot/${encodeURIComponent(t.token)}/${encodeURIComponent(cameraId)}.jpg?t=${bust}`;
}

/** The WHEP endpoint (RFC 9725) for a camera profile: POST an SDP offer there. */
export async function whepUrl(cameraId: string, profile: 'main' | 'sub' = 'sub'): Promise<string> {
  const t = await mediaToken(cameraId);
  return `${t.gatewayUrl.replace(/\/$/, '')}/whep/${encodeURIComponent(t.token)}/${encodeURIComponent(cameraId)}/${profile}`;
}

export function forgetMediaTokens(): void {
  tokens.clear();
}
