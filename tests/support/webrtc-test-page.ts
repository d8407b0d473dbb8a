/**
 * Browser entry for tests/e2e/webrtc-tile.test.ts (bundled by esbuild): the wall's WhepPlayer on
 * a bare page, driven through `window.__iocWebrtc`.
 */
import { liveVideoCounts } from '../../wall-client/src/renderer/video/live-counts';
import { livePeerCount } from '../../wall-client/src/renderer/video/live-counts';
import { WhepPlayer, type WhepPlayerOptions } from '../../wall-client/src/renderer/video/whep-player';

const players = new Map<string, WhepPlayer>();
/** Every state change: [player id, state, reason, Date.now()]. */
const transitions: [string, string, string, number][] = [];

type StartOptions = Pick<WhepPlayerOptions, 'stallMs' | 'startTimeoutMs' | 'iceTimeoutMs'>;

function start(id: string, url: string, opts: StartOptions = {}): void {
  const p = new WhepPlayer({ resolveUrl: async () => url, onStateChange: (s, r) => transitions.push([id, s, r, Date.now()]), ...opts });
  players.set(id, p);
}

function info(id: string) {
  const p = players.get(id);
  if (!p) return null;
  return { ...p.getStats(), frames: p.video.getVideoPlaybackQuality().totalVideoFrames };
}

function stop(id: string): void {
  players.get(id)?.destroy();
  players.delete(id);
}

/** Players created and destroyed like fast layout switches; every 25th plays to a first frame. */
async function cycle(url: string, n: number): Promise<{ maxLive: number; firstFrames: number }> {
  let maxLive = 0;
  let firstFrames = 0;
  for (let i = 0; i < n; i++) {
    const p = new WhepPlayer({ resolveUrl: async () => url });
    if (i % 25 === 0) {
      await Promise.race([p.ready(), new Promise((r) => setTimeout(r, 5000))]);
      if (p.getState() === 'playing') firstFrames++;
    } else {
      await new Promise((r) => setTimeout(r, i % 3 === 0 ? 20 : 0));
    }
    maxLive = Math.max(maxLive, liveVideoCounts().players);
    p.destroy();
  }
  return { maxLive, firstFrames };
}

function counts() {
  return { ...liveVideoCounts(), peers: livePeerCount() };
}

const api = { start, info, stop, cycle, counts, transitions };
export type WebrtcTestApi = typeof api;
(globalThis as unknown as { __iocWebrtc: WebrtcTestApi }).__iocWebrtc = api;
