import type { Camera, Layout, Source, Tile } from '@ioc/protocol';

/** What can be dragged onto a tile: a camera of the registry, or a widget view of a feed. */
export type SourceItem =
  | { key: string; kind: 'camera'; camera: Camera; source: Source }
  | { key: string; kind: 'widget'; feedId: string; view: string; source: Source };

/** The drag and drop ids: sources and tiles share one DndContext, so they carry a prefix. */
export const sourceDragId = (key: string): string => `source:${key}`;
export const tileDragId = (tileId: string): string => `tile:${tileId}`;
export function parseDragId(id: string | number): { type: 'source' | 'tile'; key: string } | null {
  const s = String(id);
  const i = s.indexOf(':');
  if (i < 0) return null;
  const type = s.slice(0, i);
  if (type !== 'source' && type !== 'tile') return null;
  return { type, key: s.slice(i + 1) };
}

function withoutLabel(t: Tile): Tile {
  const copy = { ...t };
  delete copy.label;
  return copy;
}

export const cameraSource = (cameraId: string): Source => ({ kind: 'camera', cameraId });

/** The wall's tiles with `tileId`'s source replaced (its place, size and stacking kept). */
export function replaceSource(tiles: readonly Tile[], tileId: string, source: Source): Tile[] | null {
  if (!tiles.some((t) => t.id === tileId)) return null;
  return tiles.map((t) => {
    if (t.id !== tileId) return t;
    // A label named the old source; the new one is named by the source itself.
    return { ...withoutLabel(t), source };
  });
}

/** The wall's tiles with the sources (and labels) of two tiles exchanged; places stay. */
export function swapTiles(tiles: readonly Tile[], a: string, b: string): Tile[] | null {
  if (a === b) return null;
  const ta = tiles.find((t) => t.id === a);
  const tb = tiles.find((t) => t.id === b);
  if (!ta || !tb) return null;
  const content = (t: Tile) => ({ source: t.source, label: t.label });
  const ca = content(ta);
  const cb = content(tb);
  return tiles.map((t) => {
    if (t.id !== a && t.id !== b) return t;
    const c = t.id === a ? cb : ca;
    const rest = withoutLabel(t);
    return c.label === undefined ? { ...rest, source: c.source } : { ...rest, source: c.source, label: c.label };
  });
}

/**
 * The widget sources an operator may put on a tile: every widget view the walls' presets use
 * (with their options), once each. They are the views the screens know how to draw.
 */
export function widgetSources(layouts: readonly Layout[]): SourceItem[] {
  const seen = new Map<string, SourceItem>();
  for (const l of layouts) {
    for (const t of l.tiles) {
      const s = t.source;
      if (s.kind !== 'widget') continue;
      const key = `widget:${s.feedId}:${s.view}:${JSON.stringify(s.options ?? {})}`;
      if (!seen.has(key)) seen.set(key, { key, kind: 'widget', feedId: s.feedId, view: s.view, source: s });
    }
  }
  return [...seen.values()].sort((x, y) => x.key.localeCompare(y.key));
}

/** Lower case without diacritics, so "quan 1" finds "Quận 1" and "cau rong" finds "Cầu Rồng". */
export function fold(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase();
}

/** Whether every word of the query occurs in one of the fields (name, district, id). */
export function matches(query: string, fields: readonly string[]): boolean {
  const words = fold(query).split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const hay = fields.map(fold).join(' \u0000 ');
  return words.every((w) => hay.includes(w));
}

/** Whether a key press is typing (in a field), where number keys must not switch the wall. */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag !== 'INPUT') return false;
  const type = (target as HTMLInputElement).type;
  return !['button', 'checkbox', 'radio', 'submit', 'reset', 'range', 'color'].includes(type);
}
