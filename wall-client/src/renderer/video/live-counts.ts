/**
 * Module-level counts of live video resources. Tests (and the screen's metrics) read them to
 * prove that thousands of layout switches leak nothing: every increment has exactly one
 * decrement in a destroy path.
 */
const counts = { players: 0, videos: 0, hlsInstances: 0, cameraViews: 0, streamSubscriptions: 0 };

export type LiveVideoCounts = Readonly<typeof counts>;

export function liveVideoCounts(): LiveVideoCounts {
  return { ...counts };
}

/**
 * WebRTC peer connections (WhepPlayer), kept out of `liveVideoCounts()` so that its shape, which
 * suites compare exactly, stays as it was.
 */
const peerCounts = { peers: 0 };

export function livePeerCount(): number {
  return peerCounts.peers;
}

export function countUp(key: keyof typeof counts | 'peers'): void {
  if (key === 'peers') peerCounts.peers++;
  else counts[key]++;
}

export function countDown(key: keyof typeof counts | 'peers'): void {
  if (key === 'peers') peerCounts.peers--;
  else counts[key]--;
}
