import { AppError, IdentifySchema, parseOrThrow } from '@ioc/protocol';
import type { Actor } from '../auth/sessions';
import type { Store } from '../db/store';
import { requirePermission } from '../permissions';
import type { Hub } from './hub';

/** Flashes each screen's position on a wall, so a technician can check the cabling. */
export function createIdentify(store: Store, hub: Hub, now: () => number) {
  return function identify(actor: Actor, body: unknown): { wallId: string; until: number } {
    requirePermission(actor, 'screen.identify');
    const cmd = parseOrThrow(IdentifySchema, body, 'identify');
    if (!store.walls.wall(cmd.wallId)) throw new AppError('WALL_NOT_FOUND', `wall "${cmd.wallId}" does not exist`);
    const until = now() + cmd.durationMs;
    store.tx(() => store.audit.write({ actor: actor.username, action: 'screen.identify', target: cmd.wallId, details: { durationMs: cmd.durationMs } }));
    hub.emit('identify', cmd.wallId, { durationMs: cmd.durationMs, until });
    return { wallId: cmd.wallId, until };
  };
}
