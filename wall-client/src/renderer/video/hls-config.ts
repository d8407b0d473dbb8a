import Hls from 'hls.js';
import type { HlsConfig, Loader, LoaderCallbacks, LoaderConfiguration, LoaderStats, PlaylistLoaderContext } from 'hls.js';

/** Playlist reload poll step while the next segment is due; bounds how late a segment is seen. */
const EDGE_POLL_MS = 100;
/** Longest a reload is held waiting for a change before the playlist is returned as it is. */
const EDGE_WAIT_MAX_MS = 1500;
/** A newest segment listed for less than this is handed over at once rather than held. */
const EDGE_FRESH_MS = 250;

interface EdgeState {
  /** The playlist last handed to hls.js. */
  returned: string;
  /** Local clock minus the program date-time of segment ends, learned when a change is seen. */
  offsetMs: number | null;
}

/** Per hls.js instance (its config object); hls.js makes one loader per request. */
const edgeStates = new WeakMap<object, EdgeState>();

/**
 * Playlist loader that lines up live reloads with the moment the gateway lists a new segment.
 * hls.js reloads a live playlist once per segment duration on its own clock, at a phase
 * unrelated to when ffmpeg finishes a segment, so each new segment waited 0-1 s (fixed per
 * session) before the player saw it: the random part of glass to glass. A reload that finds the
 * playlist unchanged, or whose newest segment has been listed for a while (known from its
 * program date-time and a clock offset learned here), is held and the playlist polled every
 * 100 ms from just before the next segment is due; it is answered as soon as that segment is
 * listed, as an LL-HLS blocking reload would (ffmpeg's HLS muxer cannot serve one). Errors, the
 * first load and a finished (ENDLIST) playlist pass straight through; a hold never exceeds 1.5 s.
 */
class EdgeWaitingPlaylistLoader implements Loader<PlaylistLoaderContext> {
  context: PlaylistLoaderContext | null = null;
  private inner: Loader<PlaylistLoaderContext>;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private done = false;
  private readonly config: HlsConfig;

  constructor(config: HlsConfig) {
    this.config = config;
    this.inner = this.newInner();
  }

  get stats(): LoaderStats {
    return this.inner.stats;
  }

  private newInner(): Loader<PlaylistLoaderContext> {
    const Base = Hls.DefaultConfig.loader as unknown as new (c: HlsConfig) => Loader<PlaylistLoaderContext>;
    return new Base(this.config);
  }

  load(context: PlaylistLoaderContext, loaderConfig: LoaderConfiguration, callbacks: LoaderCallbacks<PlaylistLoaderContext>): void {
    this.context = context;
    const started = Date.now();
    let first: string | null = null;
    const attempt = () => {
      if (this.done) return;
      if (first !== null) {
        this.inner.destroy();
        this.inner = this.newInner();
      }
      this.inner.load(context, loaderConfig, {
        ...callbacks,
        onSuccess: (response, stats, ctx, details) => {
          if (this.done) return;
          const body = typeof response.data === 'string' ? response.data : '';
          const state = edgeStates.get(this.config) ?? { returned: '', offsetMs: null };
          const now = Date.now();
          const end = newestEndMs(body);
          const initial = first === null;
          if (initial) first = body;
          else if (body !== first && end !== null) state.offsetMs = now - end;
          const hold =
            context.type === 'level' &&
            !body.includes('#EXT-X-ENDLIST') &&
            body === first &&
            now - started < EDGE_WAIT_MAX_MS &&
            (body === state.returned || (end !== null && state.offsetMs !== null && now - (end + state.offsetMs) > EDGE_FRESH_MS));
          if (hold) {
            const due = end !== null && state.offsetMs !== null ? end + state.offsetMs + lastSegmentMs(body) - EDGE_POLL_MS : now;
            // Overdue by more than a segment (camera frozen or slow): poll gently, not 10 times a second.
            const step = now - due > lastSegmentMs(body) ? EDGE_POLL_MS * 4 : EDGE_POLL_MS;
            this.timer = setTimeout(attempt, Math.max(step, due - now));
            return;
          }
          state.returned = body;
          edgeStates.set(this.config, state);
          this.done = true;
          callbacks.onSuccess(response, stats, ctx, details);
        },
      });
    };
    attempt();
  }

  abort(): void {
    clearTimeout(this.timer);
    this.done = true;
    this.inner.abort();
  }

  destroy(): void {
    clearTimeout(this.timer);
    this.done = true;
    this.inner.destroy();
  }
}

function lastSegmentMs(body: string): number {
  const all = [...body.matchAll(/#EXTINF:([\d.]+)/g)];
  const s = Number(all[all.length - 1]?.[1]);
  return Number.isFinite(s) && s > 0 ? s * 1000 : 1000;
}

/** Wall-clock end of the newest segment by its program date-time (server clock), if listed. */
function newestEndMs(body: string): number | null {
  const all = [...body.matchAll(/#EXT-X-PROGRAM-DATE-TIME:(\S+)/g)];
  const t = Date.parse(all[all.length - 1]?.[1] ?? '');
  return Number.isFinite(t) ? t + lastSegmentMs(body) : null;
}

/**
 * hls.js tuned for a wall of live cameras (1 s fMP4 segments from the gateway):
 * - stay ~1.5 s behind the live edge (`liveSyncDuration`), and jump back to it when more than
 *   4 s behind (`liveMaxLatencyDuration`); between the two, play up to 1.5x to catch up
 *   (`maxLiveSyncPlaybackRate`) rather than seek, so the picture never freezes to resync.
 *   hls.js refuses to mix the `*Count` and seconds forms, so the bound is in seconds: 4 s is
 *   4 target durations.
 * - buffer little ahead (`maxBufferLength` 4 s) and keep little behind (`backBufferLength`
 *   4 s): 64 tiles x 30 s of 1080p would exhaust the screen's memory.
 * - `lowLatencyMode` on: in hls.js 1.7 it is what enables the playback-rate catch-up above
 *   (without it `maxLiveSyncPlaybackRate` is ignored and a player that fell behind, e.g. after
 *   a stall, stays behind for good). Parts and blocking reloads are used only when a playlist
 *   advertises them (EXT-X-SERVER-CONTROL), which ffmpeg's never does.
 * - the playlist loader holds live reloads until the next segment is listed (see
 *   EdgeWaitingPlaylistLoader): about 0.5 s of glass to glass on average, up to 1 s.
 * - short load timeouts and few retries: a dead camera should show "signal lost" within
 *   seconds; the player's own recovery (startLoad, recreate with backoff) takes over.
 */
export const LIVE_HLS_CONFIG: Partial<HlsConfig> = {
  enableWorker: true,
  lowLatencyMode: true,
  liveSyncDuration: 1.5,
  liveMaxLatencyDuration: 4,
  maxLiveSyncPlaybackRate: 1.5,
  maxBufferLength: 4,
  maxMaxBufferLength: 8,
  backBufferLength: 4,
  initialLiveManifestSize: 1,
  startFragPrefetch: true,
  pLoader: EdgeWaitingPlaylistLoader as unknown as HlsConfig['pLoader'],
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
