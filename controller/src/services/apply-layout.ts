import { z } from 'zod';
import { AppError, IdSchema, MAX_REASON, MAX_TILES, parseOrThrow, type ApplyLayoutResult, type IncidentOverlay, type Tile, type WallState } from '@ioc/protocol';
import type { Actor } from '../auth/sessions';
import type { Store } from '../db/store';
import { can, requirePermission } from '../permissions';
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
  /** The switch margin of a wall's next switch (switch-margin.ts). */
  marginFor: (wallId: string) => number;
  /** The cameras and feeds a tile may name. */
  sources: KnownSources;
  /** The open escalations drawn over this wall's new tiles (they stay on top of any layout). */
  incidentFor?: (wallId: string, tiles: readonly Tile[]) => IncidentOverlay | null;
}

/** `POST /api/walls/:wallId/undo`: back to the version before the current one, if the wall is still at `ifVersion`. */
export const UndoCommandSchema = z
  .object({
    wallId: IdSchema,
    /** Required: an undo must know which switch it takes back. */
    ifVersion: z.number().int().nonnegative(),
    reason: z.string().max(MAX_REASON).optional(),
  })
  .strict();

export function createApplyLayout({ store, hub, now, marginFor, sources, incidentFor }: ApplyDeps) {
  const checkVersion = (wallId: string, ifVersion: number | undefined): number => {
    const current = store.states.currentVersion(wallId) ?? 0;
    if (ifVersion !== undefined && ifVersion !== current) {
      throw new AppError('VERSION_CONFLICT', `wall "${wallId}" is at version ${current}, not ${ifVersion}`, { currentVersion: current });
    }
    return current;
  };

  /** Inside the caller's transaction: version N+1 with its audit row. Broadcast after commit. */
  const insertNext = (actor: Actor, wallId: string, current: number, tiles: Tile[], layoutId: string | null, reason: string | null, action: string, details: Record<string, unknown>): WallState => {
    const t = now();
    const next: WallState = {
      wallId,
      version: current + 1,
      layoutId,
      tiles,
      activateAt: t + marginFor(wallId),
      changedBy: actor.username,
      reason,
      createdAt: t,
      incident: incidentFor?.(wallId, tiles) ?? null,
    };
    store.states.insert(next);
    store.audit.write({ actor: actor.username, action, target: wallId, details: { version: next.version, layoutId, tiles: tiles.length, reason, ...details } });
    return next;
  };

  const wallOr404 = (wallId: string) => {
    const wall = store.walls.wall(wallId);
    if (!wall) throw new AppError('WALL_NOT_FOUND', `wall "${wallId}" does not exist`);
    return wall;
  };

  const published = (state: WallState): ApplyLayoutResult => {
    hub.emit('state', state);
    return { wallId: state.wallId, version: state.version, activateAt: state.activateAt };
  };

  /** A calibration layout: nothing but test patterns (what `wall.calibrate` may put up and take down). */
  const onlyTestPatterns = (tiles: readonly Tile[]): boolean => tiles.length > 0 && tiles.every((t) => t.source.kind === 'test-pattern');

  function applyLayout(actor: Actor, input: unknown): ApplyLayoutResult {
    // Refused before the body is read when the role may apply neither a layout nor the pattern.
    if (!can(actor.roles, 'layout.apply') && !can(actor.roles, 'wall.calibrate')) requirePermission(actor, 'layout.apply');
    const cmd = parseOrThrow(ApplyCommandSchema, input, 'applyLayout');
    const wall = wallOr404(cmd.wallId);
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
    if (!onlyTestPatterns(tiles)) requirePermission(actor, 'layout.apply');
    const state = store.tx(() => insertNext(actor, wall.id, checkVersion(wall.id, cmd.ifVersion), tiles, layoutId, cmd.reason ?? null, 'layout.apply', {}));
    return published(state);
  }

  /**
   * The previous version's tiles as a new version, through the same switch as apply (the open
   * escalations stay on top). Undo twice and the undone switch is back: undo takes back the last
   * switch, whatever it was.
   */
  function undo(actor: Actor, input: unknown): ApplyLayoutResult {
    if (!can(actor.roles, 'layout.undo') && !can(actor.roles, 'wall.calibrate')) requirePermission(actor, 'layout.undo');
    const cmd = parseOrThrow(UndoCommandSchema, input, 'undo');
    const wall = wallOr404(cmd.wallId);
    const state = store.tx(() => {
      const current = checkVersion(wall.id, cmd.ifVersion);
      // Without layout.undo: only the calibration pattern may be taken down (back to what was before it).
      if (!can(actor.roles, 'layout.undo') && !onlyTestPatterns(store.states.current(wall.id)?.tiles ?? [])) requirePermission(actor, 'layout.undo');
      const [, previous] = store.states.history(wall.id, 2);
      if (!previous) throw new AppError('NOTHING_TO_UNDO', `wall "${wall.id}" has no version before ${current}`, { currentVersion: current });
      // Checked again: a camera the old tiles show may have been removed since.
      const tiles = checkLayout(wall, previous.tiles, sources);
      return insertNext(actor, wall.id, current, tiles, previous.layoutId, cmd.reason ?? `undo of version ${current}`, 'layout.undo', { undoneVersion: current, restoredVersion: previous.version });
    });
    return published(state);
  }

  return Object.assign(applyLayout, { undo });
}
export type ApplyLayoutFn = ReturnType<typeof createApplyLayout>;
