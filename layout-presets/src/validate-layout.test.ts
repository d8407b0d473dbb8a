import { AppError } from '@ioc/protocol';
import { describe, expect, it } from 'vitest';
import { formatLayoutIssues } from './format-layout-issues';
import { parseLayoutOrThrow, validateLayout } from './validate-layout';
import { MONITORING_WALL } from './walls';

const cam = (id: string, rect: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  id,
  rect,
  source: { kind: 'camera', cameraId: 'demo-cam-1' },
  ...extra,
});

function issuesOf(tiles: unknown) {
  const r = validateLayout(MONITORING_WALL, tiles);
  if (r.ok) throw new Error('expected the layout to be refused');
  return r.issues;
}

describe('validateLayout', () => {
  it('accepts a valid layout and fills defaults', () => {
    const r = validateLayout(MONITORING_WALL, [cam('a', { x: 8, y: 2, w: 1, h: 1 })]);
    expect(r).toEqual({
      ok: true,
      tiles: [{ id: 'a', rect: { x: 8, y: 2, w: 1, h: 1 }, source: { kind: 'camera', cameraId: 'demo-cam-1' }, z: 0 }],
    });
  });

  it('names the tile and field of a tile that leaves the wall', () => {
    const issues = issuesOf([cam('cam-1', { x: 0, y: 0, w: 1, h: 1 }), cam('cam-2', { x: 0, y: 1, w: 1, h: 1 }), cam('cam-3', { x: 8.5, y: 2.5, w: 1, h: 1 })]);
    expect(issues).toEqual([
      { tileId: 'cam-3', index: 2, field: 'rect.w', message: "extends past the wall's right edge (x+w = 9.5 > 9 columns)" },
      { tileId: 'cam-3', index: 2, field: 'rect.h', message: "extends past the wall's bottom edge (y+h = 3.5 > 3 rows)" },
    ]);
    expect(formatLayoutIssues(issues)).toBe(
      `tile "cam-3" (tiles[2]) rect.w: extends past the wall's right edge (x+w = 9.5 > 9 columns)\n` +
        `tile "cam-3" (tiles[2]) rect.h: extends past the wall's bottom edge (y+h = 3.5 > 3 rows)`,
    );
  });

  it('blames rect.x / rect.y when the tile starts outside the wall', () => {
    const issues = issuesOf([cam('far', { x: 9, y: 3, w: 0.5, h: 0.5 })]);
    expect(issues.map((i) => `${i.field}: ${i.message}`)).toEqual([
      "rect.x: starts past the wall's right edge (x = 9 >= 9 columns)",
      "rect.y: starts past the wall's bottom edge (y = 3 >= 3 rows)",
    ]);
  });

  it('accepts grid edges that only miss the wall edge by float noise', () => {
    expect(validateLayout(MONITORING_WALL, [cam('third', { x: 8 + 2 / 3, y: 0, w: 1 / 3 + 1e-12, h: 1 })]).ok).toBe(true);
  });

  it('maps schema errors to tile index, id and field', () => {
    const issues = issuesOf([
      cam('ok', { x: 0, y: 0, w: 1, h: 1 }),
      cam('neg', { x: 0, y: 0, w: -1, h: 1 }),
      { id: 'bad-src', rect: { x: 0, y: 0, w: 1, h: 1 }, source: { kind: 'camera' } },
      { rect: { x: 0, y: 0, w: 1, h: 1 }, source: { kind: 'clock' }, colour: 'red' },
      cam('bad id!', { x: 0, y: 0, w: 1, h: 1 }),
      cam('kind', { x: 0, y: 0, w: 1, h: 1 }, { source: { kind: 'hologram' } }),
    ]);
    const lines = formatLayoutIssues(issues).split('\n');
    expect(lines).toContain('tile "neg" (tiles[1]) rect.w: Too small: expected number to be >0');
    expect(lines).toContain('tile "bad-src" (tiles[2]) source.cameraId: is required');
    expect(lines).toContain('tiles[3] id: is required');
    expect(lines).toContain('tiles[3] colour: unknown field');
    expect(issues.find((i) => i.index === 4)).toMatchObject({ tileId: 'bad id!', field: 'id' });
    expect(issues.find((i) => i.index === 5)).toMatchObject({ tileId: 'kind', field: 'source.kind' });
    expect(issues.some((i) => i.index === 0)).toBe(false);
  });

  it('refuses duplicate ids, naming the second tile and the first', () => {
    const issues = issuesOf([cam('a', { x: 0, y: 0, w: 1, h: 1 }), cam('b', { x: 1, y: 0, w: 1, h: 1 }), cam('a', { x: 2, y: 0, w: 1, h: 1 })]);
    expect(formatLayoutIssues(issues)).toBe('tile "a" (tiles[2]) id: duplicate id (also used by tiles[0])');
  });

  it('allows one incident tile only', () => {
    const inc = { role: 'incident' };
    expect(validateLayout(MONITORING_WALL, [cam('i1', { x: 0, y: 0, w: 2, h: 2 }, inc)]).ok).toBe(true);
    const issues = issuesOf([cam('i1', { x: 0, y: 0, w: 2, h: 2 }, inc), cam('i2', { x: 2, y: 0, w: 1, h: 1 }, inc)]);
    expect(issues).toEqual([
      { tileId: 'i2', index: 1, field: 'role', message: 'only one tile may have role "incident" (tiles[0] already has it)' },
    ]);
  });

  it('refuses a non-array and too many tiles', () => {
    expect(formatLayoutIssues(issuesOf({ tiles: [] }))).toBe('tiles: must be an array of tiles');
    const many = Array.from({ length: 513 }, (_, i) => cam(`t${i}`, { x: 0, y: 0, w: 0.1, h: 0.1 }));
    expect(formatLayoutIssues(issuesOf(many))).toBe('tiles: too many tiles (513 > 512)');
  });

  it('parseLayoutOrThrow throws LAYOUT_INVALID (400) carrying the issues', () => {
    let err: unknown;
    try {
      parseLayoutOrThrow(MONITORING_WALL, [cam('cam-3', { x: 8.5, y: 0, w: 1, h: 1 })]);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AppError);
    const app = err as AppError;
    expect(app.code).toBe('LAYOUT_INVALID');
    expect(app.status).toBe(400);
    expect(app.message).toContain('tile "cam-3" (tiles[0]) rect.w');
    expect(app.details).toEqual({ issues: [expect.objectContaining({ tileId: 'cam-3', field: 'rect.w' })] });
  });
});
