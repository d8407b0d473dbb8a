import { countDown, countUp } from './live-counts';
import { LivePlayer, type PlayerState } from './live-player';

export interface WhepPlayerOptions {
  /** The WHEP endpoint URL, with a fresh token, for every (re)start. */
  resolveUrl: () => Promise<string>;
  /** The gateway answered 401/403: the token is stale; forget it before the player retries. */
  onAuthRefused?: () => void;
  /** The gateway answered 404: no such camera or profile (e.g. a camera without a sub stream). */
  onNotFound?: () => void;
  onStateChange?: (state: PlayerState, reason: string) => void;
  /** Playing, but no new frame for this long: the stream is down. */
  stallMs?: number;
  /**
   * A connected peer whose media stopped is kept this long: the gateway's fan-out outlives
   * ffmpeg restarts, so a returning camera reaches it at once. Past this, a fresh peer.
   */
  recycleMs?: number;
  /** Connected, but no first frame for this long: the stream is down. */
  startTimeoutMs?: number;
  /** No ICE connection this long after the answer: 'ice-failed'. */
  iceTimeoutMs?: number;
  backoffInitialMs?: number;
  backoffMaxMs?: number;
}

/**
 * One live WebRTC (WHEP) stream in one muted, inline video element, with the same surface as
 * HlsPlayer so a tile can hold either. A failed or lost connection is replaced by a fresh peer
 * (new URL, new session); a connected peer whose media stopped (a dead camera) is kept, since
 * the gateway sends the camera's video to it again the moment it has some.
 */
export class WhepPlayer extends LivePlayer {
  readonly transport = 'webrtc' as const;
  private pc: RTCPeerConnection | null = null;
  private session: string | null = null;
  private readonly opts: Required<Omit<WhepPlayerOptions, 'onAuthRefused' | 'onNotFound' | 'onStateChange'>> & WhepPlayerOptions;
  private spawnedAt = 0;
  private connectedAt = 0;
  private frames = 0;
  private lastFrameAt = 0;
  private framesSeen = 0;
  private attempts = 0;
  private latency: number | null = null;
  private latencySampledAt = 0;

  constructor(options: WhepPlayerOptions) {
    super(options.onStateChange);
    this.opts = { stallMs: 2000, recycleMs: 10_000, startTimeoutMs: 8000, iceTimeoutMs: 5000, backoffInitialMs: 250, backoffMaxMs: 2000, ...options };
    this.startWatchdog();
    void this.spawn();
  }

  protected release(): void {
    this.teardownPeer();
    this.video.pause();
    this.video.srcObject = null;
  }

  private async spawn(): Promise<void> {
    const gen = ++this.generation;
    const fail = (reason: string): void => {
      if (gen === this.generation) this.recreate(reason);
    };
    let url: string;
    try {
      url = await this.opts.resolveUrl();
    } catch {
      return fail('url-failed');
    }
    if (gen !== this.generation) return;
    const pc = new RTCPeerConnection({ bundlePolicy: 'max-bundle' });
    countUp('peers');
    this.pc = pc;
    this.stats.spawns++;
    this.spawnedAt = performance.now();
    this.connectedAt = 0;
    this.frames = 0;
    this.framesSeen = this.totalFrames();
    const tr = pc.addTransceiver('video', { direction: 'recvonly' });
    this.preferH264(tr);
    this.lowLatency(tr.receiver);
    pc.ontrack = (e) => {
      this.video.srcObject = new MediaStream([e.track]);
      // A new source restarts the element's frame counter from 0.
      this.framesSeen = 0;
      this.video.play().catch(() => undefined);
    };
    pc.onconnectionstatechange = () => {
      if (pc !== this.pc) return;
      if (pc.connectionState === 'connected') this.connectedAt = performance.now();
      else if (pc.connectionState === 'failed') this.recreate('ice-failed');
    };
    try {
      await pc.setLocalDescription(await pc.createOffer());
      // No trickle: the gateway learns our address from our connectivity checks (mDNS host
      // candidates are of no use to it), so the offer goes out without waiting for gathering.
      const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/sdp' }, body: pc.localDescription!.sdp });
      const answer = await res.text();
      const location = res.headers.get('Location');
      const session = res.status === 201 && location ? new URL(location, url).href : null;
      if (gen !== this.generation) {
        // Destroyed or restarted while the gateway answered: its session is ours to end.
        if (session) void deleteSession(session);
        return;
      }
      if (res.status === 401 || res.status === 403) {
        this.stats.authRefusals++;
        this.opts.onAuthRefused?.();
        return fail(`auth-${res.status}`);
      }
      if (res.status === 404) this.opts.onNotFound?.();
      if (!session) return fail(`http-${res.status}`);
      this.session = session;
      await pc.setRemoteDescription({ type: 'answer', sdp: answer });
    } catch {
      return fail('signalling-failed');
    }
    this.later(this.opts.iceTimeoutMs, () => this.checkConnected(pc, 1));
  }

  /**
   * ICE must connect within iceTimeoutMs. Once it has, the DTLS handshake that follows runs in
   * JavaScript on the gateway and queues when many screens start at once (the demo page's 60
   * tiles): it gets up to three times as long before the peer counts as failed.
   */
  private checkConnected(pc: RTCPeerConnection, round: number): void {
    if (pc !== this.pc || pc.connectionState === 'connected') return;
    const iceUp = pc.iceConnectionState === 'connected' || pc.iceConnectionState === 'completed';
    if (iceUp && round < 3) this.later(this.opts.iceTimeoutMs, () => this.checkConnected(pc, round + 1));
    else this.recreate('ice-failed');
  }

  /** H.264 first (the gateway only sends H.264), packetization-mode=1 first among those. */
  private preferH264(tr: RTCRtpTransceiver): void {
    const codecs = RTCRtpReceiver.getCapabilities?.('video')?.codecs ?? [];
    const h264 = codecs.filter((c) => c.mimeType.toLowerCase() === 'video/h264');
    if (h264.length === 0 || typeof tr.setCodecPreferences !== 'function') return;
    const mode1 = (c: { sdpFmtpLine?: string }) => (/packetization-mode=1/.test(c.sdpFmtpLine ?? '') ? 0 : 1);
    tr.setCodecPreferences([...h264].sort((a, b) => mode1(a) - mode1(b)));
  }

  /** The smallest playout delay: `jitterBufferTarget` (Chromium 114+), else the older hint. */
  private lowLatency(receiver: RTCRtpReceiver): void {
    const r = receiver as unknown as { jitterBufferTarget?: number | null; playoutDelayHint?: number };
    if ('jitterBufferTarget' in r) r.jitterBufferTarget = 0;
    else r.playoutDelayHint = 0;
  }

  /**
   * Frames, not currentTime: a MediaStream's clock runs on with no media. The presented-frame
   * counter works for a video element outside the DOM (the tile draws it into a texture).
   */
  private totalFrames(): number {
    return this.video.getVideoPlaybackQuality?.().totalVideoFrames ?? 0;
  }

  override latencyMs(): number | null {
    return this.state === 'playing' ? this.latency : null;
  }

  /**
   * Jitter-buffer delay of the frames played plus half the round trip, from the peer's stats:
   * what WebRTC adds to the camera's own delay. Sampled every 2 s, off the watchdog's path.
   */
  private sampleLatency(pc: RTCPeerConnection, now: number): void {
    if (now - this.latencySampledAt < 2000) return;
    this.latencySampledAt = now;
    void pc.getStats().then(
      (report) => {
        let jitterMs: number | null = null;
        let rttMs = 0;
        report.forEach((s: { type: string; kind?: string; jitterBufferDelay?: number; jitterBufferEmittedCount?: number; state?: string; nominated?: boolean; currentRoundTripTime?: number }) => {
          if (s.type === 'inbound-rtp' && s.kind === 'video' && s.jitterBufferEmittedCount) jitterMs = ((s.jitterBufferDelay ?? 0) / s.jitterBufferEmittedCount) * 1000;
          if (s.type === 'candidate-pair' && s.state === 'succeeded' && s.nominated && s.currentRoundTripTime !== undefined) rttMs = s.currentRoundTripTime * 1000;
        });
        if (pc === this.pc) this.latency = jitterMs === null ? null : Math.round(jitterMs + rttMs / 2);
      },
      () => undefined,
    );
  }

  protected check(): void {
    if (this.state === 'destroyed' || !this.pc || !this.session) return;
    const now = performance.now();
    this.sampleLatency(this.pc, now);
    const total = this.totalFrames();
    if (total < this.framesSeen) this.framesSeen = 0;
    if (total > this.framesSeen && this.video.videoWidth > 0) {
      this.frames += total - this.framesSeen;
      this.framesSeen = total;
      this.lastFrameAt = now;
      if (this.state !== 'playing') {
        this.attempts = 0;
        this.setState('playing', 'advancing');
        this.settleReady();
      }
      return;
    }
    if (this.frames > 0 && now - this.lastFrameAt > this.opts.stallMs) {
      if (this.state !== 'down') {
        this.stats.mediaRecoveries++;
        this.setState('down', 'stalled');
      }
      const connected = this.pc.connectionState === 'connected';
      if (!connected || now - this.lastFrameAt > this.opts.recycleMs) this.recreate('stalled');
    } else if (this.frames === 0 && this.connectedAt > 0 && now - this.connectedAt > this.opts.startTimeoutMs) {
      this.recreate('no-start');
    }
  }

  /** Drops the peer (and its gateway session) and starts a fresh one after a backoff. */
  private recreate(reason: string): void {
    if (this.state === 'destroyed') return;
    this.generation++;
    if (reason !== 'stalled') this.stats.networkRecoveries++;
    this.setState('down', reason);
    this.settleReady();
    this.teardownPeer();
    const delay = Math.min(this.opts.backoffMaxMs, this.opts.backoffInitialMs * 2 ** this.attempts);
    this.attempts++;
    this.later(delay, () => void this.spawn());
  }

  private teardownPeer(): void {
    const pc = this.pc;
    if (!pc) return;
    this.pc = null;
    pc.ontrack = null;
    pc.onconnectionstatechange = null;
    pc.close();
    countDown('peers');
    if (this.session) void deleteSession(this.session);
    this.session = null;
  }
}

/** Best effort: the gateway also closes a peer that goes silent, so a lost DELETE leaks nothing. */
function deleteSession(url: string): Promise<void> {
  return fetch(url, { method: 'DELETE', keepalive: true }).then(
    (r) => void r.body?.cancel(),
    () => undefined,
  );
}
