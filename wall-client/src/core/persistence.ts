import { z } from 'zod';
import { IdSchema, WallSpecSchema, WallStateSchema } from '@ioc/protocol';
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
  const parsed = CachedStateSchema.safeParse(raw);
  if (!parsed.success) {
    console.warn('[wall] ignoring an unreadable cached state');
    return null;
  }
  return parsed.data;
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
  await storage.set(STORAGE_KEYS.state, JSON.stringify({ state, placement }));
}

export async function clearCachedState(storage: KeyValueStore): Promise<void> {
  await storage.remove(STORAGE_KEYS.state);
}
