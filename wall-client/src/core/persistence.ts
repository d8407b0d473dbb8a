import { z } from 'zod';
import { IdSchema, TileSchema, WallSpecSchema, WallStateSchema } from '@ioc/protocol';
import type { WallState } from '@ioc/protocol';
import { STORAGE_KEYS } from './kiosk-storage';
import type { ScreenIdentity } from './store';
import type { KeyValueStore } from './types';

const StoredIdentitySchema = z.object({
  deviceId: z.string().min(8).max(64).regex(/^[A-Za-z0-9_-]+$/),
  token: z.string().min(16).max(256).nullish(),
});

const PlacementSchema = z.object({
  screenId: IdSchema.nullable(),
  wallId: IdSchema,
  col: z.number().int(),
  row: z.number().int(),
  wall: WallSpecSchema.nullable(),
});
export type Placement = z.infer<typeof PlacementSchema>;

/** The cache holds where the screen sits too: a cold start offline must crop like before. */
const CachedStateSchema = z.object({ state: WallStateSchema, placement: PlacementSchema });
export type CachedState = z.infer<typeof CachedStateSchema>;

/**
 * The shape of the cached state, written with it. 1: `{state, placement}` without a version
 * (every cache before this one). A screen may be upgraded while its controller is away, and then
 * starts from a cache an older version wrote: each step below turns a version into the next, so
 * the screen draws its last state instead of going blank.
 */
export const CACHE_SCHEMA_VERSION = 2;
const CACHE_MIGRATIONS: Record<number, (raw: Record<string, unknown>) => Record<string, unknown>> = {
  // 1 → 2: only the version was added. (The state's own later fields, such as `incident`, have
  // defaults in WallStateSchema.)
  1: (raw) => raw,
};

function migrateCache(raw: unknown): unknown {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return raw;
  let out = raw as Record<string, unknown>;
  const from = typeof out.schemaVersion === 'number' ? out.schemaVersion : 1;
  for (let v = from; v < CACHE_SCHEMA_VERSION; v++) out = CACHE_MIGRATIONS[v]?.(out) ?? out;
  return out;
}

/**
 * Salvage for a state one of whose tiles no longer parses (a source kind this version does not
 * know, a field it now refuses): the other tiles are drawn, rather than nothing.
 */
function withReadableTiles(raw: unknown): { value: unknown; dropped: number } {
  const state = (raw as { state?: { tiles?: unknown } } | null)?.state;
  if (!state || !Array.isArray(state.tiles)) return { value: raw, dropped: 0 };
  const tiles = state.tiles.filter((t) => TileSchema.safeParse(t).success);
  return { value: { ...(raw as object), state: { ...state, tiles } }, dropped: state.tiles.length - tiles.length };
}

export function newDeviceId(): string {
  const bytes = new Uint8Array(12);
  globalThis.crypto.getRandomValues(bytes);
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return `scr-${s}`;
}

async function readJson(storage: KeyValueStore, key: string): Promise<unknown> {
  try {
    const raw = await storage.get(key);
    return raw ? (JSON.parse(raw) as unknown) : null;
  } catch {
    return null;
  }
}

export async function loadIdentity(storage: KeyValueStore): Promise<{ deviceId: string; token: string | null }> {
  const parsed = StoredIdentitySchema.safeParse(await readJson(storage, STORAGE_KEYS.identity));
  if (parsed.success) return { deviceId: parsed.data.deviceId, token: parsed.data.token ?? null };
  const fresh = { deviceId: newDeviceId(), token: null };
  await saveIdentity(storage, fresh);
  return fresh;
}

export async function saveIdentity(storage: KeyValueStore, id: { deviceId: string; token: string | null }): Promise<void> {
  await storage.set(STORAGE_KEYS.identity, JSON.stringify({ deviceId: id.deviceId, token: id.token }));
}

export async function loadCachedState(storage: KeyValueStore): Promise<CachedState | null> {
  const raw = await readJson(storage, STORAGE_KEYS.state);
  if (raw === null) return null;
  const migrated = migrateCache(raw);
  const parsed = CachedStateSchema.safeParse(migrated);
  if (parsed.success) return parsed.data;
  const salvage = withReadableTiles(migrated);
  const again = salvage.dropped > 0 ? CachedStateSchema.safeParse(salvage.value) : null;
  if (again?.success) {
    console.warn(`[wall] cached state: ${salvage.dropped} tile(s) this version cannot read left out`);
    return again.data;
  }
  console.warn(`[wall] ignoring an unreadable cached state: ${parsed.error.issues[0]?.path.join('.') ?? ''} ${parsed.error.issues[0]?.message ?? ''}`);
  return null;
}

export async function saveCachedState(storage: KeyValueStore, state: WallState, identity: ScreenIdentity): Promise<void> {
  if (identity.wallId === null || identity.col === null || identity.row === null) return;
  const placement: Placement = {
    screenId: identity.screenId,
    wallId: identity.wallId,
    col: identity.col,
    row: identity.row,
    wall: identity.wall,
  };
  await storage.set(STORAGE_KEYS.state, JSON.stringify({ schemaVersion: CACHE_SCHEMA_VERSION, state, placement }));
}

export async function clearCachedState(storage: KeyValueStore): Promise<void> {
  await storage.remove(STORAGE_KEYS.state);
}
