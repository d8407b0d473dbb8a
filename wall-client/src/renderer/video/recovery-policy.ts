/**
 * What a player that is down does next, decided from what the last playlist probe saw. Pure,
 * so the rules are tested alone; the player only carries the action out.
 *
 * Why probing rather than rebuilding the player blindly on a timer: a dead camera leaves a
 * frozen playlist behind (or the gateway answers 404/502 while it restarts ffmpeg). Rebuilding
 * hls.js against it replays seconds of old video, stalls again and doubles the backoff, so a
 * camera that came back waited out a stall, a backoff and a replay before it showed: 6-15 s.
 * A probe is one small GET; the player is rebuilt as soon as the playlist lists a segment it has
 * not seen, which is the moment the camera is back.
 */
export type ProbeOutcome =
  /** 200 with a playlist whose newest segment is this URI (relative as listed). */
  | { kind: 'playlist'; newest: string | null }
  /** 401/403: the token in the URL is stale or revoked. */
  | { kind: 'auth' }
  /** Network error, timeout, 404, 5xx: the stream is not there (yet). */
  | { kind: 'error' };

export interface RecoveryInput {
  outcome: ProbeOutcome;
  /** Newest segment URI the player had seen when it went down; null when it never saw one. */
  frozenNewest: string | null;
  /** Rebuilds since the player last played: each failed one lengthens the wait before the next. */
  attempts: number;
  /** Probes in a row that met an error: after a minute of them, probes slow down. */
  errorsInARow: number;
}

export type RecoveryAction =
  | { kind: 'rebuild'; delayMs: number }
  | { kind: 'probe'; delayMs: number; refreshToken: boolean };

export const PROBE_INTERVAL_MS = 500;
export const PROBE_ERROR_MAX_MS = 1000;
/**
 * Errors in a row (404 or 502 while the gateway waits for the camera) probed at the plain
 * interval before backing off: a minute. A camera that reboots or loses its link for a moment is
 * found within half a second of its first segment, not a second (in the tiles bench, 10 of 10
 * HLS returns had already backed off to 1 s, and the return's p95 was 4.2-5.0 s against a 5 s
 * target); a camera that is gone for good costs one small GET a second.
 */
export const PROBE_ERRORS_BEFORE_BACKOFF = 120;
export const REBUILD_BACKOFF_MAX_MS = 3000;

export function decideRecovery(input: RecoveryInput): RecoveryAction {
  const { outcome } = input;
  if (outcome.kind === 'auth') return { kind: 'probe', delayMs: 100, refreshToken: true };
  if (outcome.kind === 'error') {
    const delayMs = input.errorsInARow < PROBE_ERRORS_BEFORE_BACKOFF ? PROBE_INTERVAL_MS : PROBE_ERROR_MAX_MS;
    return { kind: 'probe', delayMs, refreshToken: false };
  }
  const fresh = outcome.newest !== null && outcome.newest !== input.frozenNewest;
  if (!fresh) return { kind: 'probe', delayMs: PROBE_INTERVAL_MS, refreshToken: false };
  // New video is listed. The first rebuild goes at once; if rebuilds keep failing on a
  // playlist that moves (a stream the browser cannot play), they space out up to 3 s.
  const delayMs = input.attempts === 0 ? 0 : Math.min(REBUILD_BACKOFF_MAX_MS, 250 * 2 ** input.attempts);
  return { kind: 'rebuild', delayMs };
}

/** The newest media segment URI listed in an HLS media playlist, or null when none is. */
export function newestSegment(playlist: string): string | null {
  if (!playlist.startsWith('#EXTM3U')) return null;
  let newest: string | null = null;
  for (const raw of playlist.split('\n')) {
    const line = raw.trim();
    if (line && !line.startsWith('#')) newest = line;
  }
  return newest;
}

/**
 * Media seconds that count as playback between two watchdog checks. A jump larger than the
 * wall time that passed (with room for catch-up at 1.5x) is a seek to the live edge, not
 * playback. Measured against elapsed time, not a fixed 1 s, so a page that draws at 1 fps
 * (software WebGL, a busy main thread) still counts its video as advancing.
 */
export function playedBetweenChecks(mediaDeltaS: number, wallDeltaMs: number): number {
  if (mediaDeltaS <= 0) return 0;
  return mediaDeltaS <= (wallDeltaMs / 1000) * 1.6 + 0.1 ? mediaDeltaS : 0;
}
