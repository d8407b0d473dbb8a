import { countDown, countUp } from './live-counts';
import type { Transport } from './transport-policy';

/**
 * - loading: first start, nothing presented yet;
 * - playing: the picture advances;
 * - down: the stream failed or froze; the player is recovering by itself (the last frame
 *   stays in the video element's texture until a new one arrives);
 * - destroyed: released, cannot be reused.
 */
export type PlayerState = 'loading' | 'playing' | 'down' | 'destroyed';

export interface PlayerStats {
  state: PlayerState;
  reason: string;
  transport: Transport;
  currentTime: number;
  videoWidth: number;
  videoHeight: number;
  /** Sessions started for this player (1 + rebuilds). */
  spawns: number;
  networkRecoveries: number;
  mediaRecoveries: number;
  /** 401/403 answers seen (each one drops the token and retries with a fresh one). */
  authRefusals: number;
}

const WATCHDOG_MS = 250;

/**
 * What every camera player shares, whatever its transport: one muted inline video element,
 * the state and its listener, the first-frame promise, timers that die with the player, the
 * watchdog tick and the live counts. Subclasses bring the session (hls.js, a peer connection),
 * `check()` and `release()`.
 */
export abstract class LivePlayer {
  readonly video: HTMLVideoElement;
  abstract readonly transport: Transport;
  protected state: PlayerState = 'loading';
  protected reason = 'start';
  /** Bumped by every (re)start and by destroy, so late callbacks of an old session do nothing. */
  protected generation = 0;
  protected readonly stats = { spawns: 0, networkRecoveries: 0, mediaRecoveries: 0, authRefusals: 0 };
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private watchdog: ReturnType<typeof setInterval> | null = null;
  private readyResolve: (() => void) | null = null;
  private readonly readyPromise: Promise<void>;

  protected constructor(private readonly onStateChange?: (state: PlayerState, reason: string) => void) {
    this.readyPromise = new Promise((resolve) => (this.readyResolve = resolve));
    const video = document.createElement('video');
    video.muted = true;
    video.defaultMuted = true;
    video.playsInline = true;
    video.autoplay = true;
    video.disablePictureInPicture = true;
    this.video = video;
    countUp('players');
    countUp('videos');
  }

  /** Resolves on the first presented frame (or when the stream is declared down first). */
  ready(): Promise<void> {
    return this.readyPromise;
  }

  getState(): PlayerState {
    return this.state;
  }

  /** The player's estimate of camera-to-screen delay in ms, null while unknown. */
  latencyMs(): number | null {
    return null;
  }

  getStats(): PlayerStats {
    const v = this.video;
    return { state: this.state, reason: this.reason, transport: this.transport, currentTime: v.currentTime, videoWidth: v.videoWidth, videoHeight: v.videoHeight, ...this.stats };
  }

  destroy(): void {
    if (this.state === 'destroyed') return;
    this.generation++;
    this.setState('destroyed', 'destroyed');
    if (this.watchdog !== null) clearInterval(this.watchdog);
    this.watchdog = null;
    this.clearTimers();
    this.release();
    countDown('players');
    countDown('videos');
    this.settleReady();
  }

  /** Called by the subclass once its own fields are set. */
  protected startWatchdog(): void {
    this.watchdog = setInterval(() => this.check(), WATCHDOG_MS);
  }

  /** Every watchdog tick (250 ms): is the stream advancing, stalled, not started? */
  protected abstract check(): void;

  /** Drops the session and resets the video element; called once, by destroy(). */
  protected abstract release(): void;

  protected settleReady(): void {
    this.readyResolve?.();
    this.readyResolve = null;
  }

  /** A timer that does nothing once the player is destroyed, and is cleared with it. */
  protected later(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      if (this.state !== 'destroyed') fn();
    }, ms);
    this.timers.add(t);
  }

  protected clearTimers(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  protected setState(state: PlayerState, reason: string): void {
    if (this.state === state && this.reason === reason) return;
    this.state = state;
    this.reason = reason;
    this.onStateChange?.(state, reason);
  }
}
