import { AppError, parseOrThrow, WallSettingsSchema, type WallSpec } from '@ioc/protocol';
import type { Actor } from '../auth/sessions';
import type { Store } from '../db/store';
import { can, requirePermission } from '../permissions';
import type { Hub } from './hub';

/**
 * `PATCH /api/walls/:wallId`: bezels (calibration) and the widgets' language. A technician drags a
 * bezel slider, so this comes several times a second: one small UPDATE and its audit row, and the
 * spec pushed to the wall's screens (`wall`), which re-lay out what they draw. A value equal to
 * the stored one writes nothing.
 */
export function createWallSettings(store: Store, hub: Hub) {
  return function updateWall(actor: Actor, wallId: string, body: unknown): WallSpec {
    // Refused before the body is read when the role may change neither setting.
    if (!can(actor.roles, 'walls.settings')) requirePermission(actor, 'walls.language');
    const cmd = parseOrThrow(WallSettingsSchema, body, 'wall settings');
    if (cmd.bezel !== undefined) requirePermission(actor, 'walls.settings');
    if (cmd.widgetLanguage !== undefined) requirePermission(actor, 'walls.language');
    const changed = store.tx(() => {
      const wall = store.walls.wall(wallId);
      if (!wall) throw new AppError('WALL_NOT_FOUND', `wall "${wallId}" does not exist`);
      const same =
        (cmd.bezel === undefined || JSON.stringify(cmd.bezel) === JSON.stringify(wall.bezel)) &&
        (cmd.widgetLanguage === undefined || cmd.widgetLanguage === wall.widgetLanguage);
      if (same) return null;
      store.walls.setSettings(wallId, { ...store.walls.settings(wallId), ...cmd });
      store.audit.write({
        actor: actor.username,
        action: 'wall.settings',
        target: wallId,
        details: {
          ...(cmd.bezel ? { bezel: cmd.bezel, bezelBefore: wall.bezel } : {}),
          ...(cmd.widgetLanguage ? { widgetLanguage: cmd.widgetLanguage, widgetLanguageBefore: wall.widgetLanguage ?? null } : {}),
        },
      });
      return store.walls.wall(wallId) as WallSpec;
    });
    if (changed) hub.emit('wall', changed);
    return changed ?? (store.walls.wall(wallId) as WallSpec);
  };
}
export type UpdateWall = ReturnType<typeof createWallSettings>;
