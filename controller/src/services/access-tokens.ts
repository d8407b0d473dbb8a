import { AppError, type AccessToken, type AccessTokenRequest, type Screen, type WallState } from '@ioc/protocol';
import { signToken, type TokenClaims } from '@ioc/protocol/signed-token';
import type { Actor } from '../auth/sessions';
import type { ControllerConfig } from '../config';
import type { Store } from '../db/store';
import { requirePermission } from '../permissions';
import { cameraOnRecord } from './demo-cameras';

/** After a switch, the previous state still counts this long (screens activating late, skewed clocks). */
const PREVIOUS_STATE_GRACE_MS = 15_000;

/** Camera ids a wall shows now or is about to show: its latest state, and the one before while just replaced. */
export function camerasOnWall(store: Store, wallId: string, now: number): Set<string> {
  const ids = new Set<string>();
  const [latest, previous] = store.states.history(wallId, 2);
  // The layout's cameras and the escalated ones drawn over it.
  const add = (state: WallState) => {
    for (const t of state.tiles) if (t.source.kind === 'camera') ids.add(t.source.cameraId);
    for (const e of state.incident?.escalations ?? []) ids.add(e.cameraId);
  };
  if (latest) add(latest);
  if (latest && previous && latest.activateAt + PREVIOUS_STATE_GRACE_MS > now) add(previous);
  return ids;
}

/**
 * Issues the short-lived signed tokens the media gateway checks (HLS: aud 'media', per camera;
 * widget feeds: aud 'feeds'). Screens get media tokens only for cameras their wall shows.
 */
export function createAccessTokens(store: Store, config: ControllerConfig, now: () => number) {
  const mg = config.mediaGateway;
  const gatewayUrl = () => (mg.publicUrl ?? mg.url)?.replace(/\/+$/, '') ?? null;

  const cameraKnown = (id: string) => cameraOnRecord(store, id);

  const issue = (aud: TokenClaims['aud'], sub: string, res: string[], ttlS: number): AccessToken => {
    const url = gatewayUrl();
    if (!mg.secret || !url) throw new AppError('UPSTREAM_FAILED', 'no media gateway is configured (mediaGateway.url and mediaGateway.secret)');
    const exp = Math.floor(now() / 1000) + ttlS;
    return { token: signToken(mg.secret, { aud, sub: sub.slice(0, 120), res, exp }), expiresAt: exp * 1000, gatewayUrl: url };
  };

  return {
    gatewayUrl,
    forScreen(screen: Screen, req: AccessTokenRequest): AccessToken {
      if (req.aud === 'feeds') return issue('feeds', `screen:${screen.id}`, ['*'], mg.feedsTokenTtlS);
      if (!cameraKnown(req.resource)) throw new AppError('CAMERA_NOT_FOUND', `camera "${req.resource}" does not exist`);
      if (!camerasOnWall(store, screen.wallId, now()).has(req.resource)) {
        throw new AppError('FORBIDDEN', `wall "${screen.wallId}" does not show camera "${req.resource}"`);
      }
      return issue('media', `screen:${screen.id}`, [req.resource], mg.mediaTokenTtlS);
    },
    /** Consoles (any role): a media token for one camera, for previews and thumbnails. */
    forUser(actor: Actor, cameraId: string): AccessToken {
      requirePermission(actor, 'media.token');
      if (!cameraKnown(cameraId)) throw new AppError('CAMERA_NOT_FOUND', `camera "${cameraId}" does not exist`);
      return issue('media', `user:${actor.username}`, [cameraId], mg.mediaTokenTtlS);
    },
  };
}
export type AccessTokens = ReturnType<typeof createAccessTokens>;
