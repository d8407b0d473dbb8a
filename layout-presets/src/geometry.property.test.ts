import type { Tile, WallSpec } from '@ioc/protocol';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cropsForScreen } from './geometry';
import type { ScreenCrop } from './types';

// Floats are kept unrounded; 1e-6 px is far below anything a panel can show.
const TOL = 1e-6;
const RUNS = { numRuns: 200 };

const wallArb = fc
  .record({
    cols: fc.integer({ min: 1, max: 12 }),
    rows: fc.integer({ min: 1, max: 6 }),
    screenWidth: fc.integer({ min: 160, max: 4096 }),
    screenHeight: fc.integer({ min: 120, max: 2160 }),
    left: fc.integer({ min: 0, max: 120 }),
    right: fc.integer({ min: 0, max: 120 }),
    top: fc.integer({ min: 0, max: 120 }),
    bottom: fc.integer({ min: 0, max: 120 }),
  })
  .map(
    ({ left, right, top, bottom, ...w }): WallSpec => ({ id: 'w', name: 'w', ...w, bezel: { left, right, top, bottom } }),
  );

/** An interval inside [0, n]: edges are either "nice" fractions (hit panel edges) or any float. */
const span = (n: number) => {
  const edge = fc.oneof(
    fc.integer({ min: 0, max: n * 12 }).map((k) => k / 12),
    fc.double({ min: 0, max: n, noNaN: true }),
  );
  return fc
    .tuple(edge, edge)
    .filter(([a, b]) => Math.abs(a - b) > 1e-6)
    .map(([a, b]) => ({ start: Math.min(a, b), len: Math.abs(a - b) }));
};

const caseArb = wallArb.chain((wall) =>
  fc.record({ wall: fc.constant(wall), xs: span(wall.cols), ys: span(wall.rows) }).map(({ xs, ys }) => {
    const tile: Tile = {
      id: 't',
      rect: { x: xs.start, y: ys.start, w: xs.len, h: ys.len },
      source: { kind: 'test-pattern', pattern: 'grid' },
      z: 0,
    };
    return { wall, tile };
  }),
);

function allCrops(wall: WallSpec, tile: Tile): Map<string, ScreenCrop> {
  const out = new Map<string, ScreenCrop>();
  for (let r = 0; r < wall.rows; r++) {
    for (let c = 0; c < wall.cols; c++) {
      const crops = cropsForScreen(wall, [tile], c, r);
      expect(crops.length).toBeLessThanOrEqual(1);
      if (crops[0]) out.set(`${c},${r}`, crops[0]);
    }
  }
  return out;
}

/** How much of panel k the interval [a, a+len] covers, in screen units. */
const overlap = (a: number, len: number, k: number) => Math.min(a + len, k + 1) - Math.max(a, k);

describe('geometry properties', () => {
  let runsWithNeighbours = 0;

  it('crops stay inside their screen and inside their tile, and exist exactly where the tile is', () => {
    fc.assert(
      fc.property(caseArb, ({ wall, tile }) => {
        const crops = allCrops(wall, tile);
        for (let r = 0; r < wall.rows; r++) {
          for (let c = 0; c < wall.cols; c++) {
            const crop = crops.get(`${c},${r}`);
            const ox = overlap(tile.rect.x, tile.rect.w, c);
            const oy = overlap(tile.rect.y, tile.rect.h, r);
            if (ox > 1e-7 && oy > 1e-7) expect(crop, `screen ${c},${r}`).toBeDefined();
            if (ox <= 0 || oy <= 0) expect(crop, `screen ${c},${r}`).toBeUndefined();
            if (!crop) continue;
            const { dest, src, tileSize } = crop;
            expect(dest.w).toBeGreaterThan(0);
            expect(dest.h).toBeGreaterThan(0);
            expect(dest.x).toBeGreaterThanOrEqual(0);
            expect(dest.y).toBeGreaterThanOrEqual(0);
            expect(dest.x + dest.w).toBeLessThanOrEqual(wall.screenWidth + TOL);
            expect(dest.y + dest.h).toBeLessThanOrEqual(wall.screenHeight + TOL);
            expect(src.x).toBeGreaterThanOrEqual(0);
            expect(src.y).toBeGreaterThanOrEqual(0);
            expect(src.x + src.w).toBeLessThanOrEqual(tileSize.w + TOL);
            expect(src.y + src.h).toBeLessThanOrEqual(tileSize.h + TOL);
            // One tile px is one screen px: no stretching between screens.
            expect(src.w).toBe(dest.w);
            expect(src.h).toBe(dest.h);
          }
        }
      }),
      RUNS,
    );
  });

  it('crops of one tile on neighbouring screens line up, the bezel hiding exactly its px', () => {
    fc.assert(
      fc.property(caseArb, ({ wall, tile }) => {
        const crops = allCrops(wall, tile);
        const bx = wall.bezel.left + wall.bezel.right;
        const by = wall.bezel.top + wall.bezel.bottom;
        let pairs = 0;
        for (const [key, a] of crops) {
          const [c, r] = key.split(',').map(Number) as [number, number];
          const right = crops.get(`${c + 1},${r}`);
          if (right) {
            pairs++;
            expect(right.dest.y).toBe(a.dest.y);
            expect(right.dest.h).toBe(a.dest.h);
            expect(right.src.y).toBe(a.src.y);
            expect(a.dest.x + a.dest.w).toBeCloseTo(wall.screenWidth, 6);
            expect(right.dest.x).toBe(0);
            expect(right.src.x).toBeCloseTo(a.src.x + a.src.w + bx, 6);
          }
          const below = crops.get(`${c},${r + 1}`);
          if (below) {
            pairs++;
            expect(below.dest.x).toBe(a.dest.x);
            expect(below.dest.w).toBe(a.dest.w);
            expect(below.src.x).toBe(a.src.x);
            expect(a.dest.y + a.dest.h).toBeCloseTo(wall.screenHeight, 6);
            expect(below.dest.y).toBe(0);
            expect(below.src.y).toBeCloseTo(a.src.y + a.src.h + by, 6);
          }
        }
        if (pairs > 0) runsWithNeighbours++;
      }),
      RUNS,
    );
    // The property only means something if many generated tiles do span panel boundaries.
    expect(runsWithNeighbours).toBeGreaterThan(RUNS.numRuns / 4);
  });

  it('visible px plus the hidden bezel px between spanned screens add up to the whole tile', () => {
    fc.assert(
      fc.property(caseArb, ({ wall, tile }) => {
        const crops = [...allCrops(wall, tile).entries()];
        const first = crops[0]?.[1];
        expect(first).toBeDefined();
        if (!first) return;
        const cols = new Set(crops.map(([k]) => k.split(',')[0]));
        const rows = new Set(crops.map(([k]) => k.split(',')[1]));
        const firstRow = crops.filter(([k]) => k.split(',')[1] === crops[0]?.[0].split(',')[1]);
        const firstCol = crops.filter(([k]) => k.split(',')[0] === crops[0]?.[0].split(',')[0]);
        const visibleW = firstRow.reduce((s, [, c]) => s + c.dest.w, 0);
        const visibleH = firstCol.reduce((s, [, c]) => s + c.dest.h, 0);
        const hiddenW = (cols.size - 1) * (wall.bezel.left + wall.bezel.right);
        const hiddenH = (rows.size - 1) * (wall.bezel.top + wall.bezel.bottom);
        expect(visibleW + hiddenW).toBeCloseTo(first.tileSize.w, 6);
        expect(visibleH + hiddenH).toBeCloseTo(first.tileSize.h, 6);
        const visibleArea = crops.reduce((s, [, c]) => s + c.dest.w * c.dest.h, 0);
        expect(visibleArea).toBeCloseTo(visibleW * visibleH, 3);
      }),
      RUNS,
    );
  });
});
