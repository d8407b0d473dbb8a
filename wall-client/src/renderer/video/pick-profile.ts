import type { SourceOf } from '@ioc/protocol';

export type StreamProfile = 'main' | 'sub';

/**
 * Tiles smaller than this share of one screen (9 or 16 per screen) get the sub stream: a
 * 640x360 sub stream looks the same there and costs a tenth of the decode. 4 per screen
 * (exactly 0.25) and larger get main.
 */
export const SUB_STREAM_MAX_SCREEN_SHARE = 0.2;

export function pickProfile(stream: SourceOf<'camera'>['stream'], screenShare: number): StreamProfile {
  if (stream === 'main' || stream === 'sub') return stream;
  return screenShare < SUB_STREAM_MAX_SCREEN_SHARE ? 'sub' : 'main';
}
