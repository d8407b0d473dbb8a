import type { Mapping } from './feed-config';

/** Splits a dot-path (`a.b.0`) or JSON pointer (`/a/b/0`); `$` or '' is the root. */
export function splitPath(path: string): string[] {
  if (path === '$' || path === '') return [];
  if (path.startsWith('/')) return path.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  return path.replace(/^\$\./, '').split('.');
}

export function getPath(doc: unknown, path: string): unknown {
  let cur: unknown = doc;
  for (const key of splitPath(path)) {
    if (cur === null || typeof cur !== 'object') return undefined;
    if (!Object.prototype.hasOwnProperty.call(cur, key)) return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  // `$` as a target spreads an object into the value's root (e.g. `{ "$": "data" }`).
  if (path === '$') {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) Object.assign(target, value);
    return;
  }
  const keys = path.split('.');
  let cur = target;
  keys.forEach((k, i) => {
    // Mapped keys come from config, but never let a path reach the prototype chain.
    if (k === '__proto__' || k === 'constructor' || k === 'prototype') throw new Error(`forbidden mapping key "${k}"`);
    if (i === keys.length - 1) {
      cur[k] = value;
      return;
    }
    const next = cur[k];
    if (next === null || typeof next !== 'object') cur[k] = {};
    cur = cur[k] as Record<string, unknown>;
  });
}

/** Builds our value from an upstream document; absent sources stay absent (zod names them). */
export function applyMapping(doc: unknown, mapping: Mapping): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [target, spec] of Object.entries(mapping)) {
    if (typeof spec === 'string') {
      const v = getPath(doc, spec);
      if (v !== undefined) setPath(out, target, v);
      continue;
    }
    const list = getPath(doc, spec.from);
    setPath(out, target, Array.isArray(list) ? list.map((item) => applyMapping(item, spec.each)) : list);
  }
  return out;
}
