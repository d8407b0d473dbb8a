import type { KioskApi, KioskIdentity } from '../kiosk-api';
import { createMemoryStorage } from './memory-storage';
import type { KeyValueStore } from './types';

export const STORAGE_KEYS = { identity: 'identity', state: 'state' } as const;

/**
 * Maps the client's two persistent keys onto the Electron preload API, which keeps them on
 * disk outside the renderer. Other keys live in memory only.
 */
export function createKioskStorage(kiosk: KioskApi): KeyValueStore {
  const rest = createMemoryStorage();
  return {
    async get(key) {
      if (key === STORAGE_KEYS.identity) {
        const id = await kiosk.loadIdentity();
        return id ? JSON.stringify(id) : null;
      }
      if (key === STORAGE_KEYS.state) return kiosk.loadCachedState();
      return rest.get(key);
    },
    async set(key, value) {
      if (key === STORAGE_KEYS.identity) {
        const parsed = JSON.parse(value) as { deviceId: string; token?: string | null };
        const id: KioskIdentity = { deviceId: parsed.deviceId };
        if (parsed.token) id.token = parsed.token;
        return kiosk.saveIdentity(id);
      }
      if (key === STORAGE_KEYS.state) return kiosk.saveCachedState(value);
      return rest.set(key, value);
    },
    async remove(key) {
      if (key === STORAGE_KEYS.identity) {
        const cur = await kiosk.loadIdentity();
        if (cur) return kiosk.saveIdentity({ deviceId: cur.deviceId });
        return;
      }
      if (key === STORAGE_KEYS.state) return kiosk.saveCachedState('');
      return rest.remove(key);
    },
  };
}
