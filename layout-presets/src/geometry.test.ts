import type { Tile, WallSpec } from '@ioc/protocol';
import { describe, expect, it } from 'vitest';
import { cropsForScreen, rectToWallPx, screenViewport, wallCanvasSize } from './geometry';
import { COMMAND_WALL, defaultWalls, MONITORING_WALL } from './walls';

const wall: WallSpec = { ...COMMAND_WALL, bezel: { left: 10, right: 12, top: 7, bottom: 9 } };
const tile = (id: string, x: number, y: number, w: number, h: number, z = 0): Tile => ({
  id,
  rect: { x, y, w, h },
  source: { kind: 'test-pattern', pattern: 'grid' },
  z,
});

describe('walls', () => {
  it('has the reference walls with a configurable bezel', () => {
    expect([MONITORING_WALL.cols, MONITORING_WALL.rows, COMMAND_WALL.cols, COMMAND_WALL.rows]).toEqual([9, 3, 3, 3]);
    const [mon, cmd] = defaultWalls({ left: 4, right: 4 });
    expect(mon?.bezel).toEqual({ left: 4, right: 4, top: 0, bottom: 0 });
    expect(cmd?.screenWidth).toBe(1920);
    expect(MONITORING_WALL.bezel.left).toBe(0);
  });
});

describe('geometry', () => {
  it('sizes the canvas with every panel pitch, outer bezels included', () => {
    expect(wallCanvasSize(wall)).toEqual({ w: 3 * (1920 + 22), h: 3 * (1080 + 16) });
  });

  it('puts a screen viewport on its active area', () => {
    expect(screenViewport(wall, 1, 2)).toEqual({ col: 1, row: 2, x: 1942 + 10, y: 2 * 1096 + 7, w: 1920, h: 1080 });
  });

  it('maps a one-screen tile exactly onto that screen, bezels excluded', () => {
    expect(rectToWallPx(wall, { x: 0, y: 0, w: 1, h: 1 })).toEqual({ x: 10, y: 7, w: 1920, h: 1080 });
    expect(rectToWallPx(wall, { x: 1, y: 1, w: 1, h: 1 })).toEqual({ x: 1952, y: 1103, w: 1920, h: 1080 });
    const crops = cropsForScreen(wall, [tile('a', 1, 1, 1, 1)], 1, 1);
    expect(crops).toEqual([
      { tileId: 'a', dest: { x: 0, y: 0, w: 1920, h: 1080 }, src: { x: 0, y: 0, w: 1920, h: 1080 }, tileSize: { w: 1920, h: 1080 }, z: 0 },
    ]);
    // It does not bleed into the neighbours.
    expect(cropsForScreen(wall, [tile('a', 1, 1, 1, 1)], 0, 1)).toEqual([]);
    expect(cropsForScreen(wall, [tile('a', 1, 1, 1, 1)], 2, 1)).toEqual([]);
  });

  it('counts the bezel as hidden px when a tile spans it, so the picture continues', () => {
    const t = tile('span', 0.5, 0, 1, 1);
    expect(rectToWallPx(wall, t.rect)).toEqual({ x: 10 + 960, y: 7, w: 960 + 22 + 960, h: 1080 });
    const [left] = cropsForScreen(wall, [t], 0, 0);
    const [right] = cropsForScreen(wall, [t], 1, 0);
    expect(left?.dest).toEqual({ x: 960, y: 0, w: 960, h: 1080 });
    expect(right?.dest).toEqual({ x: 0, y: 0, w: 960, h: 1080 });
    expect(left?.src).toEqual({ x: 0, y: 0, w: 960, h: 1080 });
    // Right crop starts where the left one ends plus exactly the bezel px (10 + 12).
    expect(right?.src.x).toBe(960 + 22);
    expect(right?.tileSize).toEqual({ w: 1942, h: 1080 });
  });

  it('spans vertically and over 2x2 screens the same way', () => {
    const t = tile('big', 0, 0, 2, 2);
    const crops = [0, 1].flatMap((r) => [0, 1].map((c) => cropsForScreen(wall, [t], c, r)[0]));
    expect(crops.map((c) => c?.src)).toEqual([
      { x: 0, y: 0, w: 1920, h: 1080 },
      { x: 1942, y: 0, w: 1920, h: 1080 },
      { x: 0, y: 1096, w: 1920, h: 1080 },
      { x: 1942, y: 1096, w: 1920, h: 1080 },
    ]);
    expect(crops.every((c) => c?.dest.x === 0 && c.dest.y === 0 && c.dest.w === 1920 && c.dest.h === 1080)).toBe(true);
  });

  it('places sub-screen tiles by fraction of the active area', () => {
    const crops = cropsForScreen(wall, [tile('q', 1.5, 0.5, 0.5, 0.5)], 1, 0);
    expect(crops[0]?.dest).toEqual({ x: 960, y: 540, w: 960, h: 540 });
    expect(crops[0]?.src).toEqual({ x: 0, y: 0, w: 960, h: 540 });
  });

  it('treats float noise at a panel edge as the edge (no sliver on the next screen)', () => {
    const t = tile('third', 2 / 3, 0, 1 / 3, 1);
    expect(cropsForScreen(wall, [t], 1, 0)).toEqual([]);
    expect(cropsForScreen(wall, [t], 0, 0)[0]?.dest.x).toBeCloseTo(1280, 9);
  });

  it('gives a sliver thinner than float noise at a panel edge zero size, not a negative one', () => {
    const t = tile('sliver', 1 - 5e-10, 0, 4e-10, 1);
    expect(rectToWallPx(wall, t.rect).w).toBe(0);
    expect([0, 1].flatMap((c) => cropsForScreen(wall, [t], c, 0))).toEqual([]);
  });

  it('orders crops by z, then by layout order, and drops tiles that only touch', () => {
    const tiles = [tile('top', 0, 0, 1, 1, 5), tile('a', 0, 0, 1, 1), tile('b', 0, 0, 0.5, 0.5), tile('touch', 1, 0, 1, 1)];
    expect(cropsForScreen(wall, tiles, 0, 0).map((c) => c.tileId)).toEqual(['a', 'b', 'top']);
  });
});
