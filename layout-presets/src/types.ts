import type { Rect } from '@ioc/protocol';

/** A rectangle in px. */
export interface PxRect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** One screen's window into the wall's virtual canvas (wall px, bezels counted as hidden px). */
export interface Viewport extends PxRect {
  col: number;
  row: number;
}

/** The part of one tile that one screen shows. */
export interface ScreenCrop {
  tileId: string;
  /** Where to draw on this screen, in screen px (0..screenWidth, 0..screenHeight). */
  dest: PxRect;
  /** Which part of the tile that is, in the tile's own px (0..tileSize.w, 0..tileSize.h). */
  src: PxRect;
  /** The whole tile's size in wall px, bezels included. */
  tileSize: { w: number; h: number };
  z: number;
}

export interface LayoutIssue {
  tileId: string | null;
  index: number | null;
  /** e.g. `rect.w`, `source.cameraId`, `id`. */
  field: string;
  message: string;
}

export type { Rect };
