import type { KeyValueStore } from './types';

/**
 * Browser-mode store. `prefix` keeps several screens on one origin apart (the demo page shows
 * a whole wall as iframes of the same origin).
 */
export function createLocalStorage(prefix: string, storage: Storage = globalThis.localStorage): KeyValueStore {
  const k = (key: string) => `${prefix}${key}`;
  return {
    get: async (key) => {
      try {
        return storage.getItem(k(key));
      } catch {
        return null;
      }
    },
    set: async (key, value) => {
      try {
        storage.setItem(k(key), value);
      } catch (err) {
        // A full or disabled storage must not stop the screen from drawing.
        console.warn(`[wall] could not persist ${key}:`, err);
      }
    },
    remove: async (key) => {
      try {
        storage.removeItem(k(key));
      } catch {
        /* nothing to remove */
      }
    },
  };
}
