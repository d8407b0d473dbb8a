import { AppError, MAX_TILES, TileSchema, type Tile, type WallSpec } from '@ioc/protocol';
import { formatLayoutIssues } from './format-layout-issues';
import { UNIT_EPSILON } from './geometry';
import type { LayoutIssue } from './types';

export type LayoutValidation = { ok: true; tiles: Tile[] } | { ok: false; issues: LayoutIssue[] };

interface IssueLike {
  code: string;
  path: PropertyKey[];
  message: string;
  keys?: string[];
}

const show = (n: number): string => String(Number(n.toFixed(6)));

function rawId(raw: unknown): string | null {
  if (raw && typeof raw === 'object' && 'id' in raw && typeof raw.id === 'string') return raw.id;
  return null;
}

function fieldOf(path: readonly PropertyKey[]): string {
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : String(p))).join('.').replace(/\.\[/g, '[');
}

/** One zod issue of tile `index` -> layout issues (one per unknown key, so each names its field). */
function fromZod(issue: IssueLike, index: number, tileId: string | null): LayoutIssue[] {
  if (issue.code === 'unrecognized_keys' && issue.keys?.length) {
    return issue.keys.map((k) => ({ tileId, index, field: fieldOf([...issue.path, k]), message: 'unknown field' }));
  }
  const message =
    issue.code === 'invalid_type' && /received undefined$/.test(issue.message) ? 'is required' : issue.message;
  return [{ tileId, index, field: fieldOf(issue.path) || 'tile', message }];
}

function boundsIssues(wall: WallSpec, t: Tile, index: number): LayoutIssue[] {
  const out: LayoutIssue[] = [];
  const at = (field: string, message: string) => out.push({ tileId: t.id, index, field, message });
  const { x, y, w, h } = t.rect;
  if (x >= wall.cols - UNIT_EPSILON) {
    at('rect.x', `starts past the wall's right edge (x = ${show(x)} >= ${wall.cols} columns)`);
  } else if (x + w > wall.cols + UNIT_EPSILON) {
    at('rect.w', `extends past the wall's right edge (x+w = ${show(x + w)} > ${wall.cols} columns)`);
  }
  if (y >= wall.rows - UNIT_EPSILON) {
    at('rect.y', `starts past the wall's bottom edge (y = ${show(y)} >= ${wall.rows} rows)`);
  } else if (y + h > wall.rows + UNIT_EPSILON) {
    at('rect.h', `extends past the wall's bottom edge (y+h = ${show(y + h)} > ${wall.rows} rows)`);
  }
  return out;
}

/**
 * Checks tiles against the schema and against `wall`: in bounds, unique ids, at most one
 * incident tile. Every issue names the tile (id and index) and the field, so the console can
 * point at it; all issues are reported at once rather than the first one.
 */
export function validateLayout(wall: WallSpec, tiles: unknown): LayoutValidation {
  if (!Array.isArray(tiles)) {
    return { ok: false, issues: [{ tileId: null, index: null, field: 'tiles', message: 'must be an array of tiles' }] };
  }
  const issues: LayoutIssue[] = [];
  if (tiles.length > MAX_TILES) {
    issues.push({ tileId: null, index: null, field: 'tiles', message: `too many tiles (${tiles.length} > ${MAX_TILES})` });
  }
  const parsed: Tile[] = [];
  const firstById = new Map<string, number>();
  let incidentAt: number | null = null;
  tiles.forEach((raw: unknown, index) => {
    const r = TileSchema.safeParse(raw);
    if (!r.success) {
      const id = rawId(raw);
      for (const zi of r.error.issues) issues.push(...fromZod(zi as IssueLike, index, id));
      return;
    }
    const t = r.data;
    parsed.push(t);
    issues.push(...boundsIssues(wall, t, index));
    const first = firstById.get(t.id);
    if (first === undefined) firstById.set(t.id, index);
    else issues.push({ tileId: t.id, index, field: 'id', message: `duplicate id (also used by tiles[${first}])` });
    if (t.role === 'incident') {
      if (incidentAt === null) incidentAt = index;
      else {
        issues.push({
          tileId: t.id,
          index,
          field: 'role',
          message: `only one tile may have role "incident" (tiles[${incidentAt}] already has it)`,
        });
      }
    }
  });
  return issues.length ? { ok: false, issues } : { ok: true, tiles: parsed };
}

/** For callers that answer with an error: LAYOUT_INVALID (400) carrying every issue. */
export function parseLayoutOrThrow(wall: WallSpec, tiles: unknown): Tile[] {
  const r = validateLayout(wall, tiles);
  if (r.ok) return r.tiles;
  throw new AppError('LAYOUT_INVALID', `invalid layout for wall "${wall.id}": ${formatLayoutIssues(r.issues, '; ')}`, {
    issues: r.issues,
  });
}
