import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { AppError, MAX_TILES, parseOrThrow, SaveLayoutBodySchema, type Layout } from '@ioc/protocol';
import type { Actor } from '../auth/sessions';
import type { Store } from '../db/store';
import { requirePermission } from '../permissions';
import { checkLayout, type KnownSources } from './check-layout';

// Tiles stay loose so checkLayout can answer LAYOUT_INVALID naming the tile id.
const SaveBodySchema = SaveLayoutBodySchema.extend({ tiles: z.array(z.unknown()).max(MAX_TILES) });

/** Saving and deleting user layouts. Built-in presets are the code's: never overwritten or deleted here. */
export function createLayoutCommands(store: Store, sources: KnownSources) {
  return {
    save(actor: Actor, wallId: string, body: unknown): Layout {
      requirePermission(actor, 'layout.save');
      const wall = store.walls.wall(wallId);
      if (!wall) throw new AppError('WALL_NOT_FOUND', `wall "${wallId}" does not exist`);
      const input = parseOrThrow(SaveBodySchema, body, 'layout');
      const tiles = checkLayout(wall, input.tiles, sources);
      const id = input.id ?? `user-${randomBytes(5).toString('hex')}`;
      const layout: Layout = {
        id,
        wallId,
        name: input.name,
        ...(input.description === undefined ? {} : { description: input.description }),
        tiles,
        builtin: false,
      };
      store.tx(() => {
        const existing = store.layouts.get(id);
        if (existing && (existing.builtin || existing.wallId !== wallId)) {
          throw new AppError('ALREADY_EXISTS', `layout "${id}" already exists${existing.builtin ? ' as a built-in preset' : ` on wall "${existing.wallId}"`}`);
        }
        store.layouts.upsert(layout, actor.username);
        store.audit.write({ actor: actor.username, action: existing ? 'layout.update' : 'layout.save', target: id, details: { wallId, tiles: tiles.length } });
      });
      return layout;
    },

    remove(actor: Actor, id: string): void {
      requirePermission(actor, 'layout.delete');
      store.tx(() => {
        const existing = store.layouts.get(id);
        if (!existing) throw new AppError('LAYOUT_NOT_FOUND', `layout "${id}" does not exist`);
        if (existing.builtin) throw new AppError('FORBIDDEN', `layout "${id}" is a built-in preset and cannot be deleted`);
        store.layouts.remove(id);
        store.audit.write({ actor: actor.username, action: 'layout.delete', target: id, details: { wallId: existing.wallId } });
      });
    },
  };
}
export type LayoutCommands = ReturnType<typeof createLayoutCommands>;
