import type { Rect, Tile, WallSpec } from '@ioc/protocol';
import type { PxRect, ScreenCrop, Viewport } from './types';

/**
 * Rect edges are sums of fractions like 2/3 + 1/3; an edge this close to a whole screen
 * unit is treated as sitting on the panel boundary, so float noise cannot turn a tile that
 * ends on a panel edge into one that reaches 1e-13 px into the next panel.
 */
export const UNIT_EPSILON = 1e-9;

function snap(u: number): number {
  const k = Math.round(u);
  return Math.abs(u - k) < UNIT_EPSILON ? k : u;
}

interface Axis {
  size: number;
  start: number;
  pitch: number;
}

function axes(wall: WallSpec): { x: Axis; y: Axis } {
  const { bezel } = wall;
  return {
    x: { size: wall.screenWidth, start: bezel.left, pitch: wall.screenWidth + bezel.left + bezel.right },
    y: { size: wall.screenHeight, start: bezel.top, pitch: wall.screenHeight + bezel.top + bezel.bottom },
  };
}

/**
 * Screen unit -> wall px. A start edge on a whole unit k is where panel k's picture starts;
 * an end edge on k is where panel k-1's picture ends, so [k, k+1] is exactly one panel and a
 * tile spanning a boundary counts the bezel as hidden px (the picture stays continuous).
 */
function edgeToPx(a: Axis, u: number, isEnd: boolean): number {
  const s = snap(u);
  let k = Math.floor(s);
  let frac = s - k;
  if (isEnd && frac === 0 && k > 0) {
    k -= 1;
    frac = 1;
  }
  return k * a.pitch + a.start + frac * a.size;
}

/** The whole virtual canvas, outer bezels included. */
export function wallCanvasSize(wall: WallSpec): { w: number; h: number } {
  const { x, y } = axes(wall);
  return { w: wall.cols * x.pitch, h: wall.rows * y.pitch };
}

/** Screen (col, row)'s active area in wall px. */
export function screenViewport(wall: WallSpec, col: number, row: number): Viewport {
  const { x, y } = axes(wall);
  return {
    col,
    row,
    x: col * x.pitch + x.start,
    y: row * y.pitch + y.start,
    w: wall.screenWidth,
    h: wall.screenHeight,
  };
}

/** A rect in screen units -> wall px (bezels inside the rect count as hidden px). */
export function rectToWallPx(wall: WallSpec, rect: Rect): PxRect {
  const { x, y } = axes(wall);
  const x0 = edgeToPx(x, rect.x, false);
  const x1 = edgeToPx(x, rect.x + rect.w, true);
  const y0 = edgeToPx(y, rect.y, false);
  const y1 = edgeToPx(y, rect.y + rect.h, true);
  // A sliver thinner than UNIT_EPSILON can snap onto a panel edge and invert; it shows nothing.
  return { x: x0, y: y0, w: Math.max(0, x1 - x0), h: Math.max(0, y1 - y0) };
}

/**
 * What screen (col, row) draws: one crop per tile that overlaps its active area, back to
 * front (z ascending, then layout order). Values stay unrounded floats so neighbouring crops
 * meet exactly; rounding is the renderer's business.
 */
export function cropsForScreen(wall: WallSpec, tiles: readonly Tile[], col: number, row: number): ScreenCrop[] {
  const vp = screenViewport(wall, col, row);
  const vx1 = vp.x + vp.w;
  const vy1 = vp.y + vp.h;
  const out: { crop: ScreenCrop; order: number }[] = [];
  tiles.forEach((tile, order) => {
    const t = rectToWallPx(wall, tile.rect);
    const x0 = Math.max(t.x, vp.x);
    const x1 = Math.min(t.x + t.w, vx1);
    const y0 = Math.max(t.y, vp.y);
    const y1 = Math.min(t.y + t.h, vy1);
    if (!(x1 > x0 && y1 > y0)) return;
    out.push({
      order,
      crop: {
        tileId: tile.id,
        dest: { x: x0 - vp.x, y: y0 - vp.y, w: x1 - x0, h: y1 - y0 },
        src: { x: x0 - t.x, y: y0 - t.y, w: x1 - x0, h: y1 - y0 },
        tileSize: { w: t.w, h: t.h },
        z: tile.z,
      },
    });
  });
  out.sort((a, b) => a.crop.z - b.crop.z || a.order - b.order);
  return out.map((o) => o.crop);
}
