import { afterEach, describe, expect, it, vi } from 'vitest';
import { CACHE_SCHEMA_VERSION, loadCachedState, saveCachedState } from './persistence';
import { createMemoryStorage } from './memory-storage';
import { STORAGE_KEYS } from './kiosk-storage';
import type { ScreenIdentity } from './store';

const identity: ScreenIdentity = { deviceId: 'scr-0123456789ab', token: 'token-0123456789abcdef', screenId: 'cmd-0-0', wallId: 'command', col: 0, row: 0, wall: null };
const placement = { screenId: 'cmd-0-0', wallId: 'command', col: 0, row: 0, wall: null };
/** A state as the first versions cached it: no `incident`, no tile `z`, no envelope version. */
const oldState = {
  wallId: 'command',
  version: 7,
  layoutId: 'cmd-default',
  tiles: [
    { id: 'clock', rect: { x: 0, y: 0, w: 1, h: 1 }, source: { kind: 'clock' } },
    { id: 'note', rect: { x: 1, y: 0, w: 2, h: 1 }, source: { kind: 'label', text: 'Shift B' } },
  ],
  activateAt: 1_760_000_000_000,
  changedBy: 'admin',
  reason: null,
  createdAt: 1_760_000_000_000,
};

afterEach(() => vi.restoreAllMocks());

describe('the screen cache across versions', () => {
  it('is written with its schema version', async () => {
    const storage = createMemoryStorage();
    await saveCachedState(storage, { ...oldState, incident: null, tiles: oldState.tiles.map((t) => ({ ...t, z: 0 })) } as never, identity);
    const raw = JSON.parse((await storage.get(STORAGE_KEYS.state))!) as { schemaVersion: number };
    expect(raw.schemaVersion).toBe(CACHE_SCHEMA_VERSION);
    expect((await loadCachedState(storage))?.state.version).toBe(7);
  });

  it('reads a cache an older version wrote (no version, older state shape): the screen draws it, not a blank wall', async () => {
    const storage = createMemoryStorage();
    await storage.set(STORAGE_KEYS.state, JSON.stringify({ state: oldState, placement }));
    const cached = await loadCachedState(storage);
    expect(cached?.state.version).toBe(7);
    expect(cached?.state.incident).toBeNull();
    expect(cached?.state.tiles.map((t) => [t.id, t.z])).toEqual([
      ['clock', 0],
      ['note', 0],
    ]);
    expect(cached?.placement).toEqual(placement);
  });

  it('leaves out a tile this version cannot read and draws the others, saying so', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const storage = createMemoryStorage();
    const tiles = [...oldState.tiles, { id: 'future', rect: { x: 0, y: 1, w: 1, h: 1 }, source: { kind: 'hologram', beam: 3 } }];
    await storage.set(STORAGE_KEYS.state, JSON.stringify({ schemaVersion: CACHE_SCHEMA_VERSION, state: { ...oldState, tiles }, placement }));
    const cached = await loadCachedState(storage);
    expect(cached?.state.tiles.map((t) => t.id)).toEqual(['clock', 'note']);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('1 tile(s) this version cannot read left out'));
  });

  it('ignores a cache that is not a state at all, naming what is wrong', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const storage = createMemoryStorage();
    await storage.set(STORAGE_KEYS.state, JSON.stringify({ state: { wallId: 'command' }, placement }));
    expect(await loadCachedState(storage)).toBeNull();
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('ignoring an unreadable cached state: state.version'));
  });
});
