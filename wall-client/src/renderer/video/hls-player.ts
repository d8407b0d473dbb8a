import Hls from 'hls.js';
import type { ErrorData, HlsConfig } from 'hls.js';
import { LIVE_HLS_CONFIG } from './hls-config';
import { countDown, countUp } from './live-counts';
import { LivePlayer, type PlayerState, type PlayerStats } from './live-player';
import { decideRecovery, newestSegment, playedBetweenChecks, PROBE_INTERVAL_MS, type ProbeOutcome } from './recovery-policy';

export type { PlayerState } from './live-player';

export interface HlsPlayerOptions {
  /** Called for every (re)start, so an expired stream token is replaced by a fresh one. */
  resolveUrl: () => Promise<string>;
  /**
   * Rewrites every playlist and segment URL just before hls.js requests it, so that the token
   * in the path is a currently valid one (hls.js would otherwise reuse the first URL forever).
   */
  rewriteUrl?: (url: string) => Promise<string>;
  /** The server answered 401/403: the token is stale; forget it before the player retries. */
  onAuthRefused?: () => void;
  /** The playlist answered 404: no such camera or profile (e.g. a camera without a sub stream). */
  onNotFound?: () => void;
  /** `startLoad()` attempts after 401/403 before recreating (each with a fresh token). */
  authRetries?: number;
  /** Playing, but the playhead has not moved for this long: the stream is down. */
  stallMs?: number;
  /** Started, but nothing played for this long: the stream is down. */
  startTimeoutMs?: number;
  /**
   * The live playlist, loaded again and again, listed no new segment for this long: the camera
   * is gone, even if the player still has a few buffered seconds to play (up to 4 when it was
   * catching up). Loads that fail (a refused token being replaced) do not count.
   */
  frozenPlaylistMs?: number;
  /**
   * After being down, media seconds that must play before the stream counts as back. The
   * player rebuilds only once the playlist lists new video, so this only rides out a rebuild
   * that plays a moment and stalls again.
   */
  healthyAdvanceS?: number;
  /** `startLoad()` attempts after fatal network errors before recreating. */
  networkRetries?: number;
  /** At most one `recoverMediaError()` per this interval; a second one swaps the audio codec. */
  mediaRecoverIntervalMs?: number;
  hlsConfig?: Partial<HlsConfig>;
  onStateChange?: (state: PlayerState, reason: string) => void;
}

/** Kept for callers of the HLS-only days; every player reports the same stats. */
export type HlsPlayerStats = PlayerStats;

/** A probe held longer than this (a gateway holds a cold playlist request) is retried. */
const PROBE_TIMEOUT_MS = 5000;

/**
 * A probe asks the gateway not to hold it while the stream starts (`?wait=0`): held probes of
 * many down tiles would take the browser's 6 connections per host, and the playing tiles'
 * segment loads would queue behind them. An unheld probe is one short request.
 */
function noWait(url: string): string {
  const u = new URL(url, location.href);
  u.searchParams.set('wait', '0');
  return u.href;
}

/**
 * One live HLS stream in one muted, inline video element, with its own recovery. Plain class,
 * no pixi: the camera pipe draws `video`; tests drive it on a bare page.
 */
export class HlsPlayer extends LivePlayer {
  readonly transport = 'hls' as const;
  private hls: Hls | null = null;
  private readonly opts: Required<Omit<HlsPlayerOptions, 'hlsConfig' | 'onStateChange' | 'rewriteUrl' | 'onAuthRefused' | 'onNotFound'>> &
    HlsPlayerOptions;
  private readonly listeners = new AbortController();
  private frameCallback: number | null = null;
  private spawnedAt = 0;
  /** Media seconds played since the last (re)start; seeks (jumps of 1 s or more) do not count. */
  private playedSinceSpawn = 0;
  private lastTime = 0;
  private lastAdvanceAt = 0;
  private lastCheckAt = 0;
  /** Newest segment URI hls.js saw listed: a probe that lists the same one sees a frozen stream. */
  private newestSeen: string | null = null;
  private newestChangedAt = 0;
  /** Playlist loads since the newest segment last changed: refused or failed loads are no proof of a frozen camera. */
  private unchangedLoads = 0;
  private probing = false;
  private probeErrors = 0;
  private probeAbort: AbortController | null = null;
  private attempts = 0;
  private networkTries = 0;
  private authTries = 0;
  private lastMediaRecoverAt = -Infinity;
  private swappedAudio = false;

  constructor(options: HlsPlayerOptions) {
    super(options.onStateChange);
    this.opts = {
      stallMs: 2500,
      startTimeoutMs: 8000,
      frozenPlaylistMs: 4000,
      healthyAdvanceS: 0.5,
      networkRetries: 3,
      authRetries: 3,
      mediaRecoverIntervalMs: 5000,
      ...options,
    };
    // hls.js fetches segments into MSE; the texture upload needs CORS-clean frames.
    this.video.crossOrigin = 'anonymous';
    this.video.preload = 'auto';
    this.watchFirstFrame();
    this.startWatchdog();
    void this.spawn();
  }

  protected release(): void {
    if (this.frameCallback !== null && 'cancelVideoFrameCallback' in this.video) {
      this.video.cancelVideoFrameCallback(this.frameCallback);
    }
    this.frameCallback = null;
    this.teardownHls();
    this.probeAbort?.abort();
    this.listeners.abort();
    const v = this.video;
    v.pause();
    v.removeAttribute('src');
    v.load();
  }

  private watchFirstFrame(): void {
    const done = () => this.settleReady();
    const v = this.video;
    if (typeof v.requestVideoFrameCallback === 'function') {
      this.frameCallback = v.requestVideoFrameCallback(() => {
        this.frameCallback = null;
        done();
      });
      return;
    }
    let playing = false;
    const signal = this.listeners.signal;
    v.addEventListener('playing', () => (playing = true), { signal });
    v.addEventListener('timeupdate', () => playing && v.currentTime > 0 && done(), { signal });
  }

  private async spawn(): Promise<void> {
    const gen = ++this.generation;
    let url: string;
    try {
      url = await this.opts.resolveUrl();
    } catch {
      if (gen === this.generation) this.recreate('url-failed');
      return;
    }
    if (gen !== this.generation || this.state === 'destroyed') return;
    const hls = new Hls({ ...LIVE_HLS_CONFIG, ...this.rewriteConfig(), ...this.opts.hlsConfig });
    countUp('hlsInstances');
    this.hls = hls;
    this.stats.spawns++;
    this.spawnedAt = performance.now();
    this.lastAdvanceAt = this.spawnedAt;
    this.playedSinceSpawn = 0;
    this.lastTime = this.video.currentTime;
    this.lastCheckAt = this.spawnedAt;
    this.newestChangedAt = this.spawnedAt;
    this.unchangedLoads = 0;
    this.networkTries = 0;
    this.authTries = 0;
    hls.on(Hls.Events.ERROR, (_e, data) => this.onError(hls, data));
    hls.on(Hls.Events.FRAG_BUFFERED, () => (this.networkTries = this.authTries = 0));
    hls.on(Hls.Events.MANIFEST_PARSED, () => this.play());
    hls.on(Hls.Events.LEVEL_LOADED, (_e, data) => {
      const newest = data.details.fragments.at(-1)?.relurl;
      if (newest && newest !== this.newestSeen) {
        this.newestSeen = newest;
        this.newestChangedAt = performance.now();
        this.unchangedLoads = 0;
      } else {
        this.unchangedLoads++;
      }
    });
    hls.loadSource(url);
    hls.attachMedia(this.video);
  }

  /**
   * hls.js waits for a promise from `xhrSetup` and then sends the request unless the xhr was
   * already opened: opening it here with the rewritten URL is hls.js's documented way to change
   * the URL of a request. A failed rewrite falls back to the URL as given.
   */
  private rewriteConfig(): Partial<HlsConfig> {
    const rewrite = this.opts.rewriteUrl;
    if (!rewrite) return {};
    return {
      xhrSetup: async (xhr: XMLHttpRequest, url: string) => {
        const fresh = await rewrite(url).catch(() => url);
        if (!xhr.readyState) xhr.open('GET', fresh, true);
      },
    };
  }

  private play(): void {
    // Autoplay of muted inline video is allowed; a rejection (e.g. reset mid-start) is retried by the watchdog.
    this.video.play().catch(() => undefined);
  }

  protected check(): void {
    if (this.state === 'destroyed' || !this.hls) return;
    const now = performance.now();
    const t = this.video.currentTime;
    const delta = t - this.lastTime;
    const wallMs = now - this.lastCheckAt;
    this.lastTime = t;
    this.lastCheckAt = now;
    if (this.state === 'playing' && this.unchangedLoads >= 2 && now - this.newestChangedAt > this.opts.frozenPlaylistMs) {
      this.recreate('frozen');
      return;
    }
    if (delta !== 0) {
      this.lastAdvanceAt = now;
      this.playedSinceSpawn += playedBetweenChecks(delta, wallMs);
      const needed = this.state === 'down' ? this.opts.healthyAdvanceS : 0;
      if (this.state !== 'playing' && this.playedSinceSpawn > needed) {
        this.attempts = 0;
        this.setState('playing', 'advancing');
      }
      return;
    }
    const advancedSinceSpawn = this.playedSinceSpawn > 0;
    const deadline = advancedSinceSpawn ? this.lastAdvanceAt + this.opts.stallMs : this.spawnedAt + this.opts.startTimeoutMs;
    if (now > deadline) {
      this.recreate(advancedSinceSpawn ? 'stalled' : 'no-start');
    } else if (this.video.paused && this.video.readyState >= 2) {
      this.play();
    }
  }

  private onError(hls: Hls, data: ErrorData): void {
    if (hls !== this.hls) return;
    const code = data.response?.code;
    if (code === 404 && data.details === Hls.ErrorDetails.MANIFEST_LOAD_ERROR) this.opts.onNotFound?.();
    if (data.type === Hls.ErrorTypes.NETWORK_ERROR && (code === 401 || code === 403)) {
      // A token that expired or was revoked under us: not a dead stream, just a stale key.
      this.stats.authRefusals++;
      this.opts.onAuthRefused?.();
      if (data.fatal && this.authTries < this.opts.authRetries) {
        this.authTries++;
        this.later(100 * this.authTries, () => hls === this.hls && hls.startLoad());
        return;
      }
    }
    if (!data.fatal) return;
    if (data.type === Hls.ErrorTypes.NETWORK_ERROR && this.networkTries < this.opts.networkRetries) {
      this.networkTries++;
      this.stats.networkRecoveries++;
      this.later(500 * this.networkTries, () => hls === this.hls && hls.startLoad());
      return;
    }
    if (data.type === Hls.ErrorTypes.MEDIA_ERROR) {
      const now = performance.now();
      if (now - this.lastMediaRecoverAt >= this.opts.mediaRecoverIntervalMs) {
        this.lastMediaRecoverAt = now;
        this.stats.mediaRecoveries++;
        hls.recoverMediaError();
        return;
      }
      if (!this.swappedAudio) {
        this.swappedAudio = true;
        this.stats.mediaRecoveries++;
        hls.swapAudioCodec();
        hls.recoverMediaError();
        return;
      }
    }
    this.recreate(`fatal ${data.type}/${data.details}`);
  }

  /**
   * The stream is down: tear hls.js down (the tile keeps the last frame) and probe the playlist
   * until it lists new video, then rebuild. What to do after each probe is `decideRecovery`'s.
   */
  private recreate(reason: string): void {
    if (this.state === 'destroyed') return;
    this.generation++;
    this.setState('down', reason);
    this.settleReady();
    this.teardownHls();
    this.swappedAudio = false;
    this.probeErrors = 0;
    this.scheduleProbe(this.attempts === 0 ? 0 : PROBE_INTERVAL_MS);
  }

  /** hls.js's live latency: how far the playhead is behind the live edge (program date time). */
  override latencyMs(): number | null {
    const s = this.hls?.latency;
    return typeof s === 'number' && Number.isFinite(s) && s > 0 ? Math.round(s * 1000) : null;
  }

  /** Probes at once when the player is down (the gateway just said the stream is live). */
  retryNow(): void {
    if (this.state !== 'down' || this.hls || this.probing) return;
    this.clearTimers();
    void this.probe(this.generation);
  }

  private scheduleProbe(delayMs: number): void {
    const gen = this.generation;
    this.later(delayMs, () => void this.probe(gen));
  }

  private async probe(gen: number): Promise<void> {
    if (gen !== this.generation || this.state !== 'down') return;
    this.probing = true;
    const outcome = await this.fetchOutcome();
    this.probing = false;
    if (gen !== this.generation || this.state !== 'down') return;
    if (outcome.kind === 'error') this.probeErrors++;
    else this.probeErrors = 0;
    const action = decideRecovery({ outcome, frozenNewest: this.newestSeen, attempts: this.attempts, errorsInARow: this.probeErrors });
    if (action.kind === 'probe') {
      if (action.refreshToken) this.opts.onAuthRefused?.();
      this.scheduleProbe(action.delayMs);
      return;
    }
    this.attempts++;
    this.later(action.delayMs, () => gen === this.generation && void this.spawn());
  }

  private async fetchOutcome(): Promise<ProbeOutcome> {
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), PROBE_TIMEOUT_MS);
    this.probeAbort = abort;
    try {
      const res = await fetch(noWait(await this.opts.resolveUrl()), { cache: 'no-store', signal: abort.signal });
      if (res.status === 401 || res.status === 403) {
        this.stats.authRefusals++;
        return { kind: 'auth' };
      }
      if (res.status === 404) this.opts.onNotFound?.();
      if (!res.ok) return { kind: 'error' };
      return { kind: 'playlist', newest: newestSegment(await res.text()) };
    } catch {
      return { kind: 'error' };
    } finally {
      clearTimeout(timer);
      this.probeAbort = null;
    }
  }

  private teardownHls(): void {
    const hls = this.hls;
    if (!hls) return;
    this.hls = null;
    // destroy() detaches the media (its controllers listen for that) and then drops every
    // listener, ours included; removing listeners first would leave MediaSource handlers behind.
    hls.destroy();
    countDown('hlsInstances');
  }
}
