import type { HlsConfig } from 'hls.js';

/**
 * hls.js tuned for a wall of live cameras (1 s fMP4 segments from the gateway):
 * - stay ~1.5 s behind the live edge (`liveSyncDuration`), and jump back to it when more than
 *   4 s behind (`liveMaxLatencyDuration`); between the two, play up to 1.5x to catch up
 *   (`maxLiveSyncPlaybackRate`) rather than seek, so the picture never freezes to resync.
 *   hls.js refuses to mix the `*Count` and seconds forms, so the bound is in seconds: 4 s is
 *   4 target durations.
 * - buffer little ahead (`maxBufferLength` 4 s) and keep little behind (`backBufferLength`
 *   4 s): 64 tiles x 30 s of 1080p would exhaust the screen's memory.
 * - `lowLatencyMode` only matters for LL-HLS parts; the gateway serves plain 1 s segments,
 *   so it stays off to avoid blocking playlist reloads the server does not support.
 * - short load timeouts and few retries: a dead camera should show "signal lost" within
 *   seconds; the player's own recovery (startLoad, recreate with backoff) takes over.
 */
export const LIVE_HLS_CONFIG: Partial<HlsConfig> = {
  enableWorker: true,
  lowLatencyMode: false,
  liveSyncDuration: 1.5,
  liveMaxLatencyDuration: 4,
  maxLiveSyncPlaybackRate: 1.5,
  maxBufferLength: 4,
  maxMaxBufferLength: 8,
  backBufferLength: 4,
  initialLiveManifestSize: 1,
  startFragPrefetch: true,
  capLevelToPlayerSize: false,
  manifestLoadPolicy: {
    default: {
      maxTimeToFirstByteMs: 4000,
      maxLoadTimeMs: 6000,
      timeoutRetry: { maxNumRetry: 1, retryDelayMs: 0, maxRetryDelayMs: 0 },
      errorRetry: { maxNumRetry: 1, retryDelayMs: 500, maxRetryDelayMs: 1000 },
    },
  },
  playlistLoadPolicy: {
    default: {
      maxTimeToFirstByteMs: 4000,
      maxLoadTimeMs: 6000,
      timeoutRetry: { maxNumRetry: 2, retryDelayMs: 0, maxRetryDelayMs: 0 },
      errorRetry: { maxNumRetry: 2, retryDelayMs: 500, maxRetryDelayMs: 2000 },
    },
  },
  fragLoadPolicy: {
    default: {
      maxTimeToFirstByteMs: 4000,
      maxLoadTimeMs: 8000,
      timeoutRetry: { maxNumRetry: 2, retryDelayMs: 0, maxRetryDelayMs: 0 },
      errorRetry: { maxNumRetry: 3, retryDelayMs: 300, maxRetryDelayMs: 2000 },
    },
  },
};
