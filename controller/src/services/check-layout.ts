import { AppError, type Tile, type WallSpec } from '@ioc/protocol';
import { formatLayoutIssues, validateLayout } from '@ioc/layout-presets';

/**
 * Parses and bounds-checks raw tiles for a wall, or throws LAYOUT_INVALID (400) whose message and
 * `details.issues` name each offending tile and field, e.g. `tile "cam-3" (tiles[2]) rect.w: ...`.
 */
export function checkLayout(wall: WallSpec, raw: unknown): Tile[] {
  const r = validateLayout(wall, raw);
  if (r.ok) return r.tiles;
  throw new AppError('LAYOUT_INVALID', `invalid layout for wall "${wall.id}": ${formatLayoutIssues(r.issues, '; ')}`, {
    issues: r.issues,
  });
}
