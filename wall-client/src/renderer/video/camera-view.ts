import { CanvasSource, Graphics, Sprite, Texture, VideoSource } from 'pixi.js';
import type { ScreenCrop } from '@ioc/layout-presets';
import type { SourceOf, StreamState, StreamStatus, Tile, VideoTileHealth, VideoTileState } from '@ioc/protocol';
import type { TileServices, TileView } from '../tile-pipe';
import { TileFrame } from '../tile-frame';
import { HlsPlayer } from './hls-player';
import type { PlayerState } from './hls-player';
import { fallbackDecision, initialTransport, STALL_VERDICT_MS, WEBRTC_RETRY_MS, type Transport } from './transport-policy';
import type { VideoPlayer } from './video-player';
import { WhepPlayer } from './whep-player';
import { countDown, countUp } from './live-counts';
import { markNoSubStream, pickProfile } from './pick-profile';
import type { StreamProfile } from './pick-profile';
import { ConnectingHint, NO_GATEWAY_TEXT, SignalLostOverlay } from './signal-lost-overlay';
import { connectingText, streamDownText } from './stream-status-text';

export interface CameraTileDebug {
  tileId: string;
  cameraId: string;
  profile: StreamProfile;
  state: PlayerState | 'no-gateway';
  /** What the shown player plays over; null without a gateway. */
  transport: Transport | null;
  overlayVisible: boolean;
  overlayText: string;
  /** The gateway's reason under the headline ("mất kết nối camera"), '' when none. */
  overlayDetail: string;
  /** Last status the gateway reported for the shown stream; null when none yet. */
  streamState: StreamState | null;
  /** The discreet "connecting…" note is shown. */
  connecting: boolean;
  /** True while the last good frame is shown frozen under the overlay. */
  frozen: boolean;
  currentTime: number;
  videoWidth: number;
  videoHeight: number;
  spawns: number;
  /** 401/403 answers the player met and retried with a fresh token. */
  authRefusals: number;
  /** What the live video sprite draws: texture px and whether it is shown. */
  videoSprite: { visible: boolean; textureWidth: number; textureHeight: number; width: number; height: number };
}

const liveViews = new Set<CameraTileView>();

/** Every camera tile alive on this screen, for tests and devtools. */
export function cameraTilesDebug(): CameraTileDebug[] {
  return [...liveViews].map((v) => v.debug());
}

/** Every camera tile's health, for the screen's heartbeat. */
export function cameraTilesHealth(): VideoTileHealth[] {
  return [...liveViews].map((v) => v.health());
}

/**
 * One camera tile on one screen. Every screen a tile spans plays the same stream and shows
 * its own crop (TileFrame maps tile space to this screen). While the stream is down the last
 * frame stays, frozen, under a "signal lost" overlay, and the player recovers by itself.
 */
export class CameraTileView implements TileView {
  private readonly frame = new TileFrame();
  private readonly bg = new Graphics();
  private readonly videoSprite = new Sprite();
  private readonly freezeSprite = new Sprite();
  private readonly overlay: SignalLostOverlay;
  private readonly hint: ConnectingHint;
  private unsubscribeStatus: (() => void) | null = null;
  private streamState: StreamState | null = null;
  /** The gateway says the stream is down, and the player has not played since it said so. */
  private statusDown = false;
  private playerDown = false;
  /** The status that raised the overlay, kept as its reason while the gateway retries. */
  private lastDownState: StreamState | null = null;
  private readonly source: SourceOf<'camera'>;
  private player: VideoPlayer | null = null;
  private transport: Transport = 'hls';
  /** An `auto` tile that fell back to HLS tries WebRTC again when this fires. */
  private webrtcRetry: ReturnType<typeof setTimeout> | null = null;
  /** A WebRTC player whose media stopped waits this long for the gateway's word. */
  private stallVerdict: ReturnType<typeof setTimeout> | null = null;
  /** A player for a new profile, shown once its first frame is presented. */
  private pending: { player: VideoPlayer; profile: StreamProfile; trial: boolean } | null = null;
  private profile: StreamProfile = 'main';
  private videoTexture: Texture | null = null;
  private freezeCanvas: HTMLCanvasElement | null = null;
  private freezeTexture: Texture | null = null;
  private frameDirty = false;
  private frameHandle: number | null = null;
  private tileSize = { w: 1, h: 1 };
  /** Panel area in wall px, learnt from the first layout (tile px / tile screen units). */
  private panelArea: number | null = null;
  private readonly firstReady: Promise<void>;
  private resolveFirstReady: (() => void) | null = null;
  private destroyed = false;

  constructor(
    private readonly tile: Tile & { source: SourceOf<'camera'> },
    private readonly services: TileServices,
  ) {
    this.source = tile.source;
    const label = tile.label ?? tile.source.cameraId;
    this.overlay = new SignalLostOverlay(label, services.media ? undefined : NO_GATEWAY_TEXT);
    this.freezeSprite.visible = false;
    this.frame.content.addChild(this.bg, this.videoSprite, this.freezeSprite);
    this.hint = new ConnectingHint(connectingText(services.lang()));
    this.frame.container.addChild(this.overlay.container, this.hint.container);
    countUp('cameraViews');
    liveViews.add(this);
    if (!services.media) {
      this.overlay.visible = true;
      this.firstReady = Promise.resolve();
      return;
    }
    // The player starts at the first layout(), which the scene calls right after create(): only
    // then is the tile's size on screen known, and with it the stream to ask for.
    this.firstReady = new Promise((resolve) => (this.resolveFirstReady = resolve));
    const streams = services.streams;
    if (streams) {
      const cameraId = this.source.cameraId;
      this.unsubscribeStatus = streams.subscribe((s) => {
        if (s.cameraId === cameraId && s.profile === this.profile) this.applyStatus(s);
      });
      countUp('streamSubscriptions');
    }
  }

  private startFirst(profile: StreamProfile): void {
    this.profile = profile;
    this.transport = initialTransport(this.source.transport, this.webrtcAvailable());
    const player = this.startPlayer(profile, this.transport);
    this.player = player;
    this.watchFrames(player);
    void player.ready().then(() => this.resolveFirstReady?.());
    this.applyStatus(this.services.streams?.status(this.source.cameraId, profile) ?? null);
  }

  get container() {
    return this.frame.container;
  }

  ready(): Promise<void> {
    return this.firstReady;
  }

  layout(crop: ScreenCrop): void {
    this.frame.place(crop);
    this.tileSize = { ...crop.tileSize };
    const area = crop.tileSize.w * crop.tileSize.h;
    this.panelArea ??= area / Math.max(1e-6, this.tile.rect.w * this.tile.rect.h);
    this.bg.clear().rect(0, 0, crop.tileSize.w, crop.tileSize.h).fill(0x000000);
    this.fitSprites();
    this.overlay.place(this.frame.dest);
    this.hint.place(this.frame.dest);
    const scale = this.services.displayScale?.();
    const widthPx = scale === undefined ? undefined : crop.tileSize.w * scale;
    const wanted = pickProfile(this.source.stream, { screenShare: area / this.panelArea, ...(widthPx === undefined ? {} : { widthPx }) }, this.source.cameraId);
    if (!this.services.media || this.destroyed) return;
    if (!this.player && !this.pending) {
      this.startFirst(wanted);
      return;
    }
    const target = this.pending?.profile ?? this.profile;
    if (wanted !== target) this.switchTo(wanted, this.pending?.player.transport ?? this.transport);
  }

  tick(): void {
    const player = this.player;
    if (!player || this.destroyed) return;
    const v = player.video;
    // Upload only once a frame is decoded: WebGL given a video with metadata but no frame
    // allocates nothing, and pixi then keeps sub-uploading into a texture with no storage.
    const hasFrame = v.videoWidth > 0 && v.readyState >= 2;
    if (!this.videoTexture && hasFrame) {
      const source = new VideoSource({ resource: v, autoLoad: true, autoPlay: false });
      // Frames are pushed from tick() when the video presents one; pixi's own loop is off.
      source.autoUpdate = false;
      this.videoTexture = new Texture({ source });
      this.videoSprite.texture = this.videoTexture;
      this.frameDirty = true;
      this.fitSprites();
    }
    if (this.frameDirty && this.videoTexture && hasFrame) {
      this.frameDirty = false;
      this.videoTexture.source.update();
      this.fitSprites();
    }
  }

  debug(): CameraTileDebug {
    const stats = this.player?.getStats();
    return {
      tileId: this.tile.id,
      cameraId: this.source.cameraId,
      transport: this.player ? this.player.transport : null,
      profile: this.profile,
      state: stats?.state ?? 'no-gateway',
      overlayVisible: this.overlay.visible && this.frame.container.visible,
      overlayText: this.overlay.headline,
      overlayDetail: this.overlay.visible ? this.overlay.detail : '',
      streamState: this.streamState,
      connecting: this.hint.visible && this.frame.container.visible,
      frozen: this.freezeSprite.visible,
      currentTime: stats?.currentTime ?? 0,
      videoWidth: stats?.videoWidth ?? 0,
      videoHeight: stats?.videoHeight ?? 0,
      spawns: stats?.spawns ?? 0,
      authRefusals: stats?.authRefusals ?? 0,
      videoSprite: {
        visible: this.videoSprite.visible,
        textureWidth: this.videoSprite.texture.width,
        textureHeight: this.videoSprite.texture.height,
        width: this.videoSprite.width,
        height: this.videoSprite.height,
      },
    };
  }

  /**
   * What the room sees of this tile: `lost` when the gateway says the camera is gone (or there
   * is no gateway), `stalled` while the player recovers on its own, `starting` before a first
   * frame. The overlay and the player's state decide, as they decide what is drawn.
   */
  health(): VideoTileHealth {
    const player = this.player;
    const stats = player?.getStats();
    let state: VideoTileState;
    if (!player) state = this.services.media ? 'starting' : 'lost';
    else if (this.overlay.visible) state = this.streamState === 'offline' || (this.statusDown && this.lastDownState === 'offline') ? 'lost' : 'stalled';
    else state = stats?.state === 'playing' ? 'playing' : stats?.state === 'down' ? 'stalled' : 'starting';
    const dropped = player?.video.getVideoPlaybackQuality?.().droppedVideoFrames;
    return {
      tileId: this.tile.id.slice(0, 64),
      cameraId: this.source.cameraId,
      state,
      transport: player ? player.transport : null,
      latencyMs: state === 'playing' ? (player?.latencyMs() ?? null) : null,
      ...(dropped === undefined ? {} : { droppedFrames: dropped }),
      ...(state === 'playing' || !stats ? {} : { reason: (this.statusDown && this.streamState ? this.streamState : stats.reason).slice(0, 120) }),
    };
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    liveViews.delete(this);
    countDown('cameraViews');
    if (this.unsubscribeStatus) {
      this.unsubscribeStatus();
      this.unsubscribeStatus = null;
      countDown('streamSubscriptions');
    }
    this.pending?.player.destroy();
    this.pending = null;
    if (this.webrtcRetry !== null) clearTimeout(this.webrtcRetry);
    this.webrtcRetry = null;
    if (this.stallVerdict !== null) clearTimeout(this.stallVerdict);
    this.stallVerdict = null;
    this.releasePlayer();
    this.resolveFirstReady?.();
    this.overlay.destroy();
    this.hint.destroy();
    this.frame.destroy();
    this.freezeTexture?.destroy(true);
    this.freezeTexture = null;
    if (this.freezeCanvas) this.freezeCanvas.width = this.freezeCanvas.height = 0;
    this.freezeCanvas = null;
  }

  private webrtcAvailable(): boolean {
    return typeof RTCPeerConnection === 'function' && typeof this.services.media?.whepUrl === 'function';
  }

  private startPlayer(profile: StreamProfile, transport: Transport): VideoPlayer {
    const media = this.services.media!;
    const cameraId = this.source.cameraId;
    if (transport === 'webrtc' && media.whepUrl) {
      const whepUrl = media.whepUrl.bind(media);
      const player: WhepPlayer = new WhepPlayer({
        resolveUrl: () => whepUrl(cameraId, profile),
        onAuthRefused: () => media.invalidate?.(cameraId),
        onNotFound: () => this.onStreamMissing(profile),
        onStateChange: (state) => this.onPlayerState(player, state),
      });
      return player;
    }
    const refresh = media.refreshUrl?.bind(media);
    const player: HlsPlayer = new HlsPlayer({
      resolveUrl: () => media.streamUrl(cameraId, profile),
      ...(refresh ? { rewriteUrl: (url: string) => refresh(url, cameraId) } : {}),
      onAuthRefused: () => media.invalidate?.(cameraId),
      onNotFound: () => this.onStreamMissing(profile),
      onStateChange: (state) => this.onPlayerState(player, state),
    });
    return player;
  }

  /** An `auto` tile asked for a sub stream the camera does not have: play main instead. */
  private onStreamMissing(profile: StreamProfile): void {
    if (this.destroyed || profile !== 'sub' || this.source.stream === 'sub') return;
    markNoSubStream(this.source.cameraId);
    if ((this.pending?.profile ?? this.profile) === 'sub') this.switchTo('main', this.pending?.player.transport ?? this.transport);
  }

  private onPlayerState(player: VideoPlayer, state: PlayerState): void {
    if (player !== this.player || this.destroyed) return;
    if (state === 'down') this.considerFallback(player, false);
    const wasDown = this.playerDown;
    this.playerDown = state === 'down';
    // Fresh video outranks an older "down" status (e.g. its "live" push is still on the way).
    if (state === 'playing') this.statusDown = false;
    if (this.playerDown && !wasDown && this.overlay.visible) this.freeze();
    this.showHealth();
  }

  private applyStatus(status: StreamStatus | null): void {
    if (this.destroyed) return;
    this.streamState = status?.state ?? null;
    // `starting` during an outage is the gateway retrying, not a recovery: the overlay stays.
    if (this.streamState === 'offline' || this.streamState === 'stalled') this.statusDown = true;
    else if (this.streamState !== 'starting') this.statusDown = false;
    // The gateway has video again: a player waiting between probes looks now.
    if (this.streamState === 'live') this.player?.retryNow?.();
    this.showHealth();
  }

  /** Overlay over the frozen last frame while either the gateway or the player says down. */
  private showHealth(): void {
    const down = this.playerDown || this.statusDown;
    if (down && !this.overlay.visible) {
      this.freeze();
    } else if (!down && this.overlay.visible) {
      this.freezeSprite.visible = false;
      this.videoSprite.visible = true;
    }
    this.overlay.visible = down;
    if (this.statusDown && this.streamState !== 'starting') this.lastDownState = this.streamState;
    this.overlay.detail = this.statusDown && this.lastDownState ? streamDownText(this.lastDownState, this.services.lang()) : '';
    this.hint.visible = !down && this.streamState === 'starting' && this.player?.getState() !== 'playing';
  }

  /** Copies the frame on screen before the player resets the video element to recover. */
  private freeze(): void {
    const v = this.player?.video;
    this.videoSprite.visible = false;
    if (!v || v.readyState < 2 || !v.videoWidth) {
      return;
    }
    const canvas = (this.freezeCanvas ??= document.createElement('canvas'));
    const resized = canvas.width !== v.videoWidth || canvas.height !== v.videoHeight;
    if (resized) {
      canvas.width = v.videoWidth;
      canvas.height = v.videoHeight;
    }
    canvas.getContext('2d')?.drawImage(v, 0, 0, canvas.width, canvas.height);
    if (!this.freezeTexture || resized) {
      this.freezeTexture?.destroy(true);
      this.freezeTexture = new Texture({ source: new CanvasSource({ resource: canvas }) });
      this.freezeSprite.texture = this.freezeTexture;
    } else {
      this.freezeTexture.source.update();
    }
    this.freezeSprite.visible = true;
    this.fitSprites();
  }

  /**
   * Starts a player for another profile or transport and shows it once it presents a frame, so
   * the tile never blanks. A trial (WebRTC again after a fallback) replaces the shown player
   * only if it really plays; otherwise it is dropped and tried again later.
   */
  private switchTo(profile: StreamProfile, transport: Transport, trial = false): void {
    this.pending?.player.destroy();
    const player = this.startPlayer(profile, transport);
    this.pending = { player, profile, trial };
    void player.ready().then(() => {
      if (this.destroyed || this.pending?.player !== player) return;
      this.pending = null;
      if (trial && player.getState() !== 'playing') {
        player.destroy();
        this.scheduleWebrtcRetry();
        return;
      }
      this.releasePlayer();
      this.player = player;
      this.profile = profile;
      this.transport = transport;
      this.watchFrames(player);
      this.applyStatus(this.services.streams?.status(this.source.cameraId, profile) ?? null);
      this.onPlayerState(player, player.getState());
      this.scheduleWebrtcRetry();
    });
  }

  /**
   * WebRTC that cannot connect, or whose media stopped while the gateway has the camera: HLS
   * takes over (swapped in at its first frame, so the last picture stays until then).
   */
  private considerFallback(player: VideoPlayer, waited: boolean): void {
    if (this.pending || player !== this.player || player.getState() !== 'down') return;
    const decision = fallbackDecision({
      requested: this.source.transport,
      current: player.transport,
      reason: player.getStats().reason,
      streamState: this.streamState,
      waited,
    });
    if (decision === 'now') this.switchTo(this.profile, 'hls');
    else if (decision === 'wait' && this.stallVerdict === null) {
      this.stallVerdict = setTimeout(() => {
        this.stallVerdict = null;
        if (!this.destroyed) this.considerFallback(player, true);
      }, STALL_VERDICT_MS);
    }
  }

  /** An `auto` tile on HLS while the page can do WebRTC tries WebRTC again after a while. */
  private scheduleWebrtcRetry(): void {
    if (this.webrtcRetry !== null || this.destroyed) return;
    if (this.transport !== 'hls' || initialTransport(this.source.transport, this.webrtcAvailable()) !== 'webrtc') return;
    this.webrtcRetry = setTimeout(() => {
      this.webrtcRetry = null;
      if (this.destroyed || this.pending || this.transport !== 'hls') return;
      this.switchTo(this.profile, 'webrtc', true);
    }, WEBRTC_RETRY_MS);
  }

  private watchFrames(player: VideoPlayer): void {
    const v = player.video;
    if (typeof v.requestVideoFrameCallback !== 'function') {
      v.addEventListener('timeupdate', () => (this.frameDirty = true));
      return;
    }
    const onFrame = () => {
      if (this.destroyed || player !== this.player) {
        this.frameHandle = null;
        return;
      }
      this.frameDirty = true;
      this.frameHandle = v.requestVideoFrameCallback(onFrame);
    };
    this.frameHandle = v.requestVideoFrameCallback(onFrame);
  }

  private releasePlayer(): void {
    const player = this.player;
    if (!player) return;
    this.player = null;
    if (this.frameHandle !== null) player.video.cancelVideoFrameCallback(this.frameHandle);
    this.frameHandle = null;
    // The player resets the element first, so pixi's own teardown has nothing left to stop.
    player.destroy();
    this.videoSprite.texture = Texture.EMPTY;
    this.videoTexture?.destroy(true);
    this.videoTexture = null;
  }

  private fitSprites(): void {
    for (const s of [this.videoSprite, this.freezeSprite]) {
      s.position.set(0, 0);
      s.setSize(this.tileSize.w, this.tileSize.h);
    }
  }
}
