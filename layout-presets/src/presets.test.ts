import { LayoutSchema, type Layout } from '@ioc/protocol';
import { describe, expect, it } from 'vitest';
import { cropsForScreen } from './geometry';
import { demoCamera, gridTiles } from './grid-tiles';
import { PRESETS, presetById, presetsForWall } from './presets';
import { formatLayoutIssues } from './format-layout-issues';
import { validateLayout } from './validate-layout';
import { defaultWalls } from './walls';

const walls = defaultWalls({ left: 6, right: 6, top: 5, bottom: 5 });
const wallOf = (p: Layout) => walls.find((w) => w.id === p.wallId);

/** Per screen: the area its crops cover, counting overlaps once (a coarse 48x27 sampling). */
function coveredFraction(p: Layout, col: number, row: number): number {
  const wall = wallOf(p)!;
  const crops = cropsForScreen(wall, p.tiles, col, row);
  let hit = 0;
  const N = 48;
  const M = 27;
  for (let j = 0; j < M; j++) {
    for (let i = 0; i < N; i++) {
      const px = ((i + 0.5) / N) * wall.screenWidth;
      const py = ((j + 0.5) / M) * wall.screenHeight;
      if (crops.some((c) => px >= c.dest.x && px < c.dest.x + c.dest.w && py >= c.dest.y && py < c.dest.y + c.dest.h)) hit++;
    }
  }
  return hit / (N * M);
}

describe('presets', () => {
  it('has at least 10 presets with unique ids across both walls', () => {
    expect(PRESETS.length).toBeGreaterThanOrEqual(10);
    expect(new Set(PRESETS.map((p) => p.id)).size).toBe(PRESETS.length);
    expect(presetsForWall('monitoring').length).toBeGreaterThanOrEqual(6);
    expect(presetsForWall('command').length).toBeGreaterThanOrEqual(4);
    expect(presetsForWall('nope')).toEqual([]);
    expect(presetById('cmd-incident')?.wallId).toBe('command');
    expect(presetById('nope')).toBeUndefined();
  });

  for (const p of PRESETS) {
    it(`${p.id} is a valid builtin layout that fills every screen of its wall`, () => {
      const wall = wallOf(p);
      expect(wall, `wall ${p.wallId}`).toBeDefined();
      expect(LayoutSchema.parse(p)).toEqual(p);
      expect(p.builtin).toBe(true);
      const r = validateLayout(wall!, p.tiles);
      expect(r.ok ? '' : formatLayoutIssues(r.issues)).toBe('');
      // A builtin preset never leaves a screen black.
      for (let row = 0; row < wall!.rows; row++) {
        for (let col = 0; col < wall!.cols; col++) {
          expect(coveredFraction(p, col, row), `screen ${col},${row}`).toBeGreaterThan(0.2);
        }
      }
    });
  }

  it('mon-cameras-16 has 16, 9 and 4 cameras per screen on different screens', () => {
    const p = presetById('mon-cameras-16')!;
    const wall = wallOf(p)!;
    const counts = [0, 3, 6].map((col) => cropsForScreen(wall, p.tiles, col, 1).length);
    expect(counts).toEqual([16, 9, 4]);
    const cams = p.tiles.map((t) => (t.source.kind === 'camera' ? `${t.source.cameraId}/${t.source.stream}` : 'x'));
    expect(new Set(cams)).toEqual(new Set(['demo-cam-1/auto', 'demo-cam-2/auto', 'demo-cam-3/auto', 'demo-cam-4/auto']));
  });

  it('sub-screen grids tile each screen exactly, edge to edge', () => {
    const p = presetById('mon-cameras-9')!;
    const wall = wallOf(p)!;
    const crops = cropsForScreen(wall, p.tiles, 4, 2);
    expect(crops).toHaveLength(9);
    const area = crops.reduce((s, c) => s + c.dest.w * c.dest.h, 0);
    expect(area).toBeCloseTo(wall.screenWidth * wall.screenHeight, 3);
    expect(Math.max(...crops.map((c) => c.dest.x + c.dest.w))).toBe(wall.screenWidth);
  });

  it('cmd-incident has exactly one incident tile over 2x2 screens, showing a camera', () => {
    const incident = presetById('cmd-incident')!.tiles.filter((t) => t.role === 'incident');
    expect(incident).toHaveLength(1);
    expect(incident[0]?.rect).toEqual({ x: 0, y: 0, w: 2, h: 2 });
    expect(incident[0]?.source.kind).toBe('camera');
  });

  it('calibration presets span the whole wall with one grid', () => {
    for (const id of ['mon-calibration', 'cmd-calibration']) {
      const p = presetById(id)!;
      const wall = wallOf(p)!;
      expect(p.tiles).toEqual([expect.objectContaining({ rect: { x: 0, y: 0, w: wall.cols, h: wall.rows }, source: { kind: 'test-pattern', pattern: 'grid' } })]);
    }
  });

  it('mon-clock-labels and mon-overview have tiles spanning bezels', () => {
    const spansBezel = (t: Layout['tiles'][number]) => Math.floor(t.rect.x) !== Math.ceil(t.rect.x + t.rect.w) - 1;
    expect(presetById('mon-clock-labels')!.tiles.filter((t) => t.rect.x % 1 !== 0 && spansBezel(t)).length).toBeGreaterThan(3);
    expect(presetById('mon-overview')!.tiles.find((t) => t.id === 'map')?.rect).toEqual({ x: 0, y: 0, w: 3, h: 2 });
  });

  it('mon-ioc-overview shows all four IOC feeds next to cameras', () => {
    const tiles = presetById('mon-ioc-overview')!.tiles;
    const feeds = new Set(tiles.flatMap((t) => (t.source.kind === 'widget' ? [t.source.feedId] : [])));
    expect(feeds).toEqual(new Set(['field-reports', 'public-services', 'socio-economic', 'soc-alerts']));
    expect(tiles.some((t) => t.source.kind === 'camera')).toBe(true);
  });

  it('offers the monitoring wall one dashboard per IOC service, each next to cameras', () => {
    const ids = presetsForWall('monitoring').map((p) => p.id);
    for (const id of ['mon-dash-field-reports', 'mon-dash-public-services', 'mon-dash-socio-economic', 'mon-dash-soc-alerts']) {
      expect(ids).toContain(id);
      const tiles = presetById(id)!.tiles;
      expect(tiles.some((t) => t.source.kind === 'widget')).toBe(true);
      expect(tiles.some((t) => t.source.kind === 'camera')).toBe(true);
    }
  });
});

describe('gridTiles', () => {
  it('numbers cells row-major across the area and edges meet exactly', () => {
    const tiles = gridTiles({ idPrefix: 'c', area: { x: 1, y: 0, w: 2, h: 1 }, perSide: 2, source: demoCamera, startIndex: 10 });
    expect(tiles.map((t) => t.id)).toEqual(['c-10', 'c-11', 'c-12', 'c-13', 'c-14', 'c-15', 'c-16', 'c-17']);
    expect(tiles.map((t) => [t.rect.x, t.rect.y])).toEqual([
      [1, 0], [1.5, 0], [2, 0], [2.5, 0],
      [1, 0.5], [1.5, 0.5], [2, 0.5], [2.5, 0.5],
    ]);
    expect(tiles[4]?.source).toEqual({ kind: 'camera', cameraId: 'demo-cam-1', stream: 'auto' });
    expect(() => gridTiles({ idPrefix: 'c', area: { x: 0, y: 0, w: 1, h: 1 }, perSide: 0, source: demoCamera })).toThrow(RangeError);
  });
});
