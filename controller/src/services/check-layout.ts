import { AppError, type Tile, type WallSpec } from '@ioc/protocol';
import { formatLayoutIssues, validateLayout, type LayoutIssue } from '@ioc/layout-presets';
import type { Store } from '../db/store';
import { cameraOnRecord } from './demo-cameras';

/** Which cameras and widget feeds exist, for refusing a layout that names one that does not. */
export interface KnownSources {
  camera(id: string): boolean;
  feed(id: string): boolean;
}

/**
 * The registry's cameras plus the demo cameras (the built-in presets show them, and the gateway
 * generates them), and the feed ids the gateway serves (`feeds.ids`).
 */
export function knownSources(store: Store, feedIds: readonly string[]): KnownSources {
  const feeds = new Set(feedIds);
  return { camera: (id) => cameraOnRecord(store, id), feed: (id) => feeds.has(id) };
}

function unknownSources(tiles: readonly Tile[], known: KnownSources): LayoutIssue[] {
  return tiles.flatMap((t, index): LayoutIssue[] => {
    const s = t.source;
    if (s.kind === 'camera' && !known.camera(s.cameraId)) {
      return [{ tileId: t.id, index, field: 'source.cameraId', message: `camera "${s.cameraId}" does not exist` }];
    }
    if (s.kind === 'widget' && !known.feed(s.feedId)) {
      return [{ tileId: t.id, index, field: 'source.feedId', message: `feed "${s.feedId}" does not exist` }];
    }
    return [];
  });
}

/**
 * Parses and bounds-checks raw tiles for a wall, or throws LAYOUT_INVALID (400) whose message and
 * `details.issues` name each offending tile and field, e.g. `tile "cam-3" (tiles[2]) rect.w: ...`.
 * A well-formed layout naming a camera or feed that does not exist gets UNKNOWN_SOURCE (400),
 * naming the tiles the same way: a wall must not switch to "signal lost" by a typo.
 */
export function checkLayout(wall: WallSpec, raw: unknown, known: KnownSources): Tile[] {
  const r = validateLayout(wall, raw);
  if (!r.ok) {
    throw new AppError('LAYOUT_INVALID', `invalid layout for wall "${wall.id}": ${formatLayoutIssues(r.issues, '; ')}`, {
      issues: r.issues,
    });
  }
  const issues = unknownSources(r.tiles, known);
  if (issues.length > 0) {
    throw new AppError('UNKNOWN_SOURCE', `layout for wall "${wall.id}" names sources that do not exist: ${formatLayoutIssues(issues.slice(0, 10), '; ')}`, {
      issues,
    });
  }
  return r.tiles;
}
