import type { Container } from 'pixi.js';
import type { ScreenCrop } from '@ioc/layout-presets';
import type { SourceKind, SourceOf, StreamStatus, Tile } from '@ioc/protocol';

/**
 * What a tile renderer may use from the screen around it. Narrow on purpose: a pipe never
 * reaches into the store or the socket. Optional services are absent where a screen has none
 * (e.g. no media gateway configured); a pipe then shows a clear placeholder.
 */
export interface TileServices {
  /** Controller-corrected wall-clock time in ms. */
  now(): number;
  /** Labels language on the wall. */
  lang(): 'vi' | 'en';
  /** Widget feed delivery (issue 4). */
  feeds?: FeedSubscriber;
  /** Camera stream URLs with short-lived tokens (issue 3). */
  media?: MediaResolver;
  /** Stream health pushed by the controller from the media gateway (issue 3). */
  streams?: StreamStatusSource;
  /** Where this screen sits, for pipes that label it (test patterns); null while unplaced. */
  screen?(): { wallId: string; col: number; row: number } | null;
  /**
   * Device px per panel px: 1 on a 1080p kiosk, less where the screen is drawn smaller (the
   * demo page's iframes). Camera tiles pick their stream by the size they are shown at.
   */
  displayScale?(): number;
}

export interface FeedSubscriber {
  /** Calls `onValue` with the latest value at once if known, then on every update. */
  subscribe(feedId: string, onValue: (value: unknown, meta: { stale: boolean; asOf: number }) => void): () => void;
}

export interface MediaResolver {
  /** A playable HLS URL for the camera's profile, carrying a short-lived signed token. */
  streamUrl(cameraId: string, profile: 'main' | 'sub'): Promise<string>;
  /**
   * `url` (one this resolver issued, or a playlist/segment URL under it) carrying a currently
   * valid token. Players ask before every request, so they outlive the token they started with.
   */
  refreshUrl?(url: string, cameraId: string): Promise<string>;
  /** The gateway refused this camera's token (401/403): forget it so the next ask gets a new one. */
  invalidate?(cameraId: string): void;
  /** The gateway's WHEP endpoint for the camera's profile, with a fresh token; absent: no WebRTC. */
  whepUrl?(cameraId: string, profile: 'main' | 'sub'): Promise<string>;
}

export interface StreamStatusSource {
  /** The last known status of a camera stream; null when none was reported yet. */
  status(cameraId: string, profile: 'main' | 'sub'): StreamStatus | null;
  /** Called with every status change of any stream of this wall; returns the unsubscribe. */
  subscribe(fn: (status: StreamStatus) => void): () => void;
}

/** One tile on one screen: a pixi container positioned by the scene, fed with crops. */
export interface TileView {
  readonly container: Container;
  /**
   * Called whenever the tile's crop on this screen changes (first placement included).
   * `crop.dest` is in screen px; `crop.src` is the visible part in the tile's own px.
   */
  layout(crop: ScreenCrop): void;
  /** Called every frame while the tile is on screen. */
  tick?(now: number): void;
  /** Resolves when the view can be shown without a blank (e.g. first video frame). */
  ready?(): Promise<void>;
  destroy(): void;
}

export interface TilePipe<K extends SourceKind = SourceKind> {
  readonly kind: K;
  create(tile: Tile & { source: SourceOf<K> }, services: TileServices): TileView;
}
