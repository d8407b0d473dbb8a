import type { Source, Tile } from '@ioc/protocol';

export interface GridTilesOptions {
  /** Tile ids are `${idPrefix}-${n}`, n counting from `startIndex` (default 1). */
  idPrefix: string;
  /** Whole screens to fill, in screen units (e.g. `{ x: 3, y: 0, w: 6, h: 2 }`). */
  area: { x: number; y: number; w: number; h: number };
  /** Cells per screen side: 1, 2 (4 per screen), 3 (9) or 4 (16). */
  perSide: number;
  /** The source of cell n (0-based, row-major across the whole area). */
  source: (n: number) => Source;
  label?: (n: number) => string | undefined;
  z?: number;
  startIndex?: number;
}

/**
 * An even grid of `perSide x perSide` cells on every screen of `area`, numbered row-major
 * across the area so that ids read left to right like the wall does.
 */
export function gridTiles(opts: GridTilesOptions): Tile[] {
  const { area, perSide: n } = opts;
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`perSide must be a positive integer, got ${n}`);
  const start = opts.startIndex ?? 1;
  const cols = area.w * n;
  const rows = area.h * n;
  const tiles: Tile[] = [];
  for (let j = 0; j < rows; j++) {
    for (let i = 0; i < cols; i++) {
      const k = j * cols + i;
      // Each edge from its own integer division, so a cell's end equals its neighbour's start.
      const x0 = area.x + i / n;
      const y0 = area.y + j / n;
      const label = opts.label?.(k);
      tiles.push({
        id: `${opts.idPrefix}-${start + k}`,
        rect: { x: x0, y: y0, w: area.x + (i + 1) / n - x0, h: area.y + (j + 1) / n - y0 },
        source: opts.source(k),
        ...(label === undefined ? {} : { label }),
        z: opts.z ?? 0,
      });
    }
  }
  return tiles;
}

export const DEMO_CAMERA_IDS = ['demo-cam-1', 'demo-cam-2', 'demo-cam-3', 'demo-cam-4'] as const;

/** Demo cameras in turn: the demo ships four, so big grids repeat them. */
export function demoCamera(n: number): Source {
  return { kind: 'camera', cameraId: DEMO_CAMERA_IDS[n % DEMO_CAMERA_IDS.length]!, stream: 'auto' };
}
