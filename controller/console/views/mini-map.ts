import { h } from '../dom';
import { screenHealthText } from './screen-health-text';
import type { ScreenSync, Source, Tile, WallSpec, WallSync } from '@ioc/protocol';

export type SyncStatus = 'in-sync' | 'behind' | 'offline' | 'empty';

const STATUS_TEXT: Record<SyncStatus, string> = {
  'in-sync': 'in sync',
  behind: 'behind',
  offline: 'offline',
  empty: 'no screen',
};

export function syncStatusOf(screen: ScreenSync | undefined): SyncStatus {
  if (!screen) return 'empty';
  if (!screen.online) return 'offline';
  return screen.inSync ? 'in-sync' : 'behind';
}

export function sourceSummary(source: Source): string {
  switch (source.kind) {
    case 'camera':
      return `camera ${source.cameraId}`;
    case 'widget':
      return `${source.feedId} / ${source.view}`;
    case 'label':
      return source.text;
    case 'test-pattern':
      return `test pattern: ${source.pattern}`;
    default:
      return source.kind;
  }
}

const pct = (v: number, of: number): string => `${(v / of) * 100}%`;

/**
 * The wall drawn to scale: one cell per screen, coloured by sync status when `sync` is given,
 * and the tiles on top, placed by their rect in screen units.
 */
export function renderMiniMap(wall: WallSpec, tiles: readonly Tile[], sync: WallSync | null, caption: string, id: string): HTMLElement {
  const map = h('div', { class: 'minimap', id, role: 'img', 'aria-label': caption });
  const ratio = (wall.cols * wall.screenWidth) / (wall.rows * wall.screenHeight);
  map.style.aspectRatio = String(ratio);
  // A square-ish wall (3x3) would otherwise fill the whole viewport height.
  map.style.width = `min(100%, calc(42vh * ${ratio.toFixed(4)}))`;
  const byPos = new Map((sync?.screens ?? []).map((s) => [`${s.col},${s.row}`, s]));
  let inSync = 0;
  for (let row = 0; row < wall.rows; row++) {
    for (let col = 0; col < wall.cols; col++) {
      const screen = byPos.get(`${col},${row}`);
      const status = sync ? syncStatusOf(screen) : 'empty';
      if (status === 'in-sync') inSync++;
      const cell = h('div', {
        class: `cell${sync ? ` cell-${status}` : ''}`,
        'data-col': col,
        'data-row': row,
        'data-status': sync ? status : null,
        title: screen
          ? `${screen.screenId} at ${col},${row}: ${STATUS_TEXT[status]}, acked v${screen.ackedVersion ?? '–'}${screenHealthText(screen.lastHeartbeat)}`
          : `${col},${row}: no screen paired`,
      });
      place(cell, { x: col, y: row, w: 1, h: 1 }, wall);
      if (sync) {
        cell.append(h('span', { class: 'badge' }, screen ? `v${screen.ackedVersion ?? '–'} ${STATUS_TEXT[status]}` : STATUS_TEXT.empty));
      }
      map.append(cell);
    }
  }
  const layer = h('div', { class: 'tiles' });
  for (const t of [...tiles].sort((a, b) => a.z - b.z)) {
    const text = t.label ?? sourceSummary(t.source);
    const el = h('div', { class: `tile tile-${t.source.kind}${t.role ? ` tile-${t.role}` : ''}`, 'data-tile-id': t.id, title: `${t.id}: ${text}` }, h('span', { class: 'tile-label' }, text));
    place(el, t.rect, wall);
    layer.append(el);
  }
  map.append(layer);
  const summary = sync
    ? h('p', { class: 'sync-summary', 'data-testid': `${id}-summary` }, `${inSync} of ${wall.cols * wall.rows} screens in sync with v${sync.version}`)
    : null;
  return h('figure', { class: 'minimap-figure' }, h('figcaption', {}, caption), map, summary);
}

function place(el: HTMLElement, r: { x: number; y: number; w: number; h: number }, wall: WallSpec): void {
  // CSSOM writes, not style attributes: allowed under a strict style-src CSP.
  el.style.left = pct(r.x, wall.cols);
  el.style.top = pct(r.y, wall.rows);
  el.style.width = pct(Math.min(r.w, wall.cols - r.x), wall.cols);
  el.style.height = pct(Math.min(r.h, wall.rows - r.y), wall.rows);
}

export function legend(): HTMLElement {
  return h(
    'ul',
    { class: 'legend', 'aria-label': 'Legend' },
    ...(['in-sync', 'behind', 'offline', 'empty'] as const).map((s) => h('li', { class: `legend-${s}` }, STATUS_TEXT[s])),
  );
}
