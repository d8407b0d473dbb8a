import { defaultWalls, PRESETS, presetsForWall } from '@ioc/layout-presets';
import type { Bezel, LayoutInput, WallState } from '@ioc/protocol';
import { LayoutSchema } from '@ioc/protocol';
import type { Store } from '../db/store';

/**
 * On every start: upsert the built-in walls (with the configured bezel) and presets from
 * layout-presets, drop built-in presets the code no longer has, and give a wall without any
 * state its first preset as version 1, so a new screen never starts blank.
 */
export function seedBuiltins(store: Store, bezel: Bezel, now: () => number): void {
  store.tx(() => {
    for (const wall of defaultWalls(bezel)) store.walls.upsertWall(wall);
    const ids = new Set<string>();
    for (const preset of PRESETS as readonly LayoutInput[]) {
      const layout = LayoutSchema.parse({ ...preset, builtin: true });
      store.layouts.upsert(layout, 'system');
      ids.add(layout.id);
    }
    for (const id of store.layouts.builtinIds()) if (!ids.has(id)) store.layouts.remove(id);
    for (const wall of store.walls.walls()) {
      if (store.states.currentVersion(wall.id) !== null) continue;
      const presets = presetsForWall(wall.id) as LayoutInput[];
      const first = presets.find((p) => p.id.endsWith('default')) ?? presets[0];
      const t = now();
      const state: WallState = {
        wallId: wall.id,
        version: 1,
        layoutId: first?.id ?? null,
        tiles: first ? LayoutSchema.parse(first).tiles : [],
        activateAt: t,
        changedBy: 'system',
        reason: 'first start',
        createdAt: t,
        incident: null,
      };
      store.states.insert(state);
      store.audit.write({ actor: 'system', action: 'layout.apply', target: wall.id, details: { version: 1, layoutId: state.layoutId, reason: state.reason } });
    }
  });
}
