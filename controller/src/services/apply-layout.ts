import { z } from 'zod';
import { AppError, IdSchema, MAX_REASON, MAX_TILES, parseOrThrow, type ApplyLayoutResult, type IncidentOverlay, type Tile, type WallState } from '@ioc/protocol';
import type { Actor } from '../auth/sessions';
import type { Store } from '../db/store';
import { requirePermission } from '../permissions';
import { checkLayout, type KnownSources } from './check-layout';
import type { Hub } from './hub';

/**
 * The `applyLayout` command as both REST and the console socket accept it. Tiles stay loose here
 * so that checkLayout can answer LAYOUT_INVALID naming the tile id, not just an array index.
 */
export const ApplyCommandSchema = z
  .object({
    wallId: IdSchema,
    layoutId: IdSchema.optional(),
    tiles: z.array(z.unknown()).max(MAX_TILES).optional(),
    ifVersion: z.number().int().nonnegative().optional(),
    reason: z.string().max(MAX_REASON).optional(),
  })
  .strict()
  .refine((c) => (c.layoutId === undefined) !== (c.tiles === undefined), {
    message: 'give exactly one of layoutId or tiles',
    path: ['layoutId'],
  });

export interface ApplyDeps {
  store: Store;
  hub: Hub;
  now: () => number;
  marginMs: number;
  /** The cameras and feeds a tile may name. */
  sources: KnownSources;
  /** The open escalations drawn over this wall's new tiles (they stay on top of any layout). */
  incidentFor?: (wallId: string, tiles: readonly Tile[]) => IncidentOverlay | null;
}

export function createApplyLayout({ store, hub, now, marginMs, sources, incidentFor }: ApplyDeps) {
  return function applyLayout(actor: Actor, input: unknown): ApplyLayoutResult {
    requirePermission(actor, 'layout.apply');
    const cmd = parseOrThrow(ApplyCommandSchema, input, 'applyLayout');
    const wall = store.walls.wall(cmd.wallId);
    if (!wall) throw new AppError('WALL_NOT_FOUND', `wall "${cmd.wallId}" does not exist`);
    let raw: unknown = cmd.tiles;
    let layoutId: string | null = null;
    if (cmd.layoutId !== undefined) {
      const layout = store.layouts.get(cmd.layoutId);
      if (!layout || layout.wallId !== wall.id) {
        throw new AppError('LAYOUT_NOT_FOUND', `layout "${cmd.layoutId}" does not exist for wall "${wall.id}"`);
      }
      raw = layout.tiles;
      layoutId = layout.id;
    }
    const tiles = checkLayout(wall, raw, sources);

    const state = store.tx((): WallState => {
      const current = store.states.currentVersion(wall.id) ?? 0;
      if (cmd.ifVersion !== undefined && cmd.ifVersion !== current) {
        throw new AppError('VERSION_CONFLICT', `wall "${wall.id}" is at version ${current}, not ${cmd.ifVersion}`, {
          currentVersion: current,
        });
      }
      const t = now();
      const next: WallState = {
        wallId: wall.id,
        version: current + 1,
        layoutId,
        tiles,
        activateAt: t + marginMs,
        changedBy: actor.username,
        reason: cmd.reason ?? null,
        createdAt: t,
        incident: incidentFor?.(wall.id, tiles) ?? null,
      };
      store.states.insert(next);
      store.audit.write({
        actor: actor.username,
        action: 'layout.apply',
        target: wall.id,
        details: { version: next.version, layoutId, tiles: tiles.length, reason: next.reason },
      });
      return next;
    });
    hub.emit('state', state);
    return { wallId: state.wallId, version: state.version, activateAt: state.activateAt };
  };
}
export type ApplyLayoutFn = ReturnType<typeof createApplyLayout>;
