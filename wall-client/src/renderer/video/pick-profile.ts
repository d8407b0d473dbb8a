import type { SourceOf } from '@ioc/protocol';

export type StreamProfile = 'main' | 'sub';

/**
 * Tiles smaller than this share of one screen (9 or 16 per screen) get the sub stream: a
 * 640x360 sub stream looks the same there and costs a tenth of the decode. 4 per screen
 * (exactly 0.25) and larger get main.
 */
export const SUB_STREAM_MAX_SCREEN_SHARE = 0.2;

/**
 * Cameras whose gateway answered 404 for their sub stream: many cameras have only one, and an
 * `auto` tile must then play main rather than show "signal lost" forever. Shared by every tile
 * on the screen, so the second tile of such a camera asks for main at once.
 */
const withoutSub = new Set<string>();

export function markNoSubStream(cameraId: string): void {
  withoutSub.add(cameraId);
}

/**
 * Tiles shown narrower than this, in device px, get the sub stream whatever their share of a
 * screen: on a 1080p panel that is 9 or 16 per screen again, and on a screen drawn small (the
 * demo page's 36 screens in one window) every tile, since 78 decoders of 720p do not fit in
 * one PC, and a 640x360 stream looks the same in a 100 px tile.
 */
export const SUB_STREAM_MAX_WIDTH_PX = 800;

export interface TileDisplay {
  /** Tile area over one panel's area. */
  screenShare: number;
  /** Tile width as drawn, in device px; omitted when unknown. */
  widthPx?: number;
}

export function pickProfile(stream: SourceOf<'camera'>['stream'], display: TileDisplay, cameraId?: string): StreamProfile {
  if (stream === 'main' || stream === 'sub') return stream;
  if (cameraId !== undefined && withoutSub.has(cameraId)) return 'main';
  const small = display.screenShare < SUB_STREAM_MAX_SCREEN_SHARE || (display.widthPx !== undefined && display.widthPx < SUB_STREAM_MAX_WIDTH_PX);
  return small ? 'sub' : 'main';
}
