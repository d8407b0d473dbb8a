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

export function countUp(key: keyof typeof counts): void {
  counts[key]++;
}

export function countDown(key: keyof typeof counts): void {
  counts[key]--;
}
