import type { KeyValueStore } from './types';

/** A store that lives as long as the process: Node harnesses and tests. */
export function createMemoryStorage(initial?: Record<string, string>): KeyValueStore & { dump(): Record<string, string> } {
  const map = new Map<string, string>(Object.entries(initial ?? {}));
  return {
    get: async (key) => map.get(key) ?? null,
    set: async (key, value) => {
      map.set(key, value);
    },
    remove: async (key) => {
      map.delete(key);
    },
    dump: () => Object.fromEntries(map),
  };
}
