import type { PlayerState, PlayerStats } from './live-player';
import type { Transport } from './transport-policy';

/** What a camera tile needs of a player, whichever transport it plays: HlsPlayer or WhepPlayer. */
export interface VideoPlayer {
  readonly video: HTMLVideoElement;
  readonly transport: Transport;
  ready(): Promise<void>;
  getState(): PlayerState;
  getStats(): PlayerStats;
  /** Camera-to-screen delay estimate in ms, null while unknown. */
  latencyMs(): number | null;
  /** Look for the stream now rather than at the next backoff step (the gateway says it is live). */
  retryNow?(): void;
  destroy(): void;
}
