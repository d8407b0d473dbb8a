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

export function pickProfile(stream: SourceOf<'camera'>['stream'], screenShare: number, cameraId?: string): StreamProfile {
  if (stream === 'main' || stream === 'sub') return stream;
  if (cameraId !== undefined && withoutSub.has(cameraId)) return 'main';
  return screenShare < SUB_STREAM_MAX_SCREEN_SHARE ? 'sub' : 'main';
}
