import type { TilePipe } from '../tile-pipe';
import { cameraTilesDebug, CameraTileView } from './camera-view';
import type { CameraTileDebug } from './camera-view';
import { liveVideoCounts } from './live-counts';
import type { LiveVideoCounts } from './live-counts';

/** Camera tiles: one live HLS player per tile and screen (see CameraTileView). */
export const cameraPipe: TilePipe<'camera'> = {
  kind: 'camera',
  create: (tile, services) => new CameraTileView(tile, services),
};

/**
 * `window.__wallVideo`: read-only counts and per-tile state, for tests and technicians in
 * devtools (alongside the scene's `window.__wall`).
 */
export interface WallVideoDebugHook {
  counts(): LiveVideoCounts;
  tiles(): CameraTileDebug[];
}

declare global {
  interface Window {
    __wallVideo?: WallVideoDebugHook;
  }
}

if (typeof window !== 'undefined') {
  window.__wallVideo = { counts: liveVideoCounts, tiles: cameraTilesDebug };
}
