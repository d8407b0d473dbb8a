import { MediaStreamTrack, RTCPeerConnection, RTCRtpCodecParameters, useOPUS, usePCMU, type RTCPeerConnectionConfig } from 'werift';
import { AppError } from '@ioc/protocol';
import type { Logger } from '../logger';
import type { RtpFanout } from './rtp-fanout';
import { announceHost, type PreparedOffer } from './sdp-offer';

export type PeerCloseReason = 'deleted' | 'ice-timeout' | 'silent' | 'failed' | 'stream-ended' | 'gateway-closing' | 'setup-failed';

export interface WhepPeerDeps {
  id: string;
  /** `camera/profile`, for logs. */
  stream: string;
  offer: PreparedOffer;
  ice: RTCPeerConnectionConfig;
  announce: string | null;
  fanout: RtpFanout;
  timeoutMs: number;
  log: Logger;
  onClosed: (reason: PeerCloseReason) => void;
}

/** werift could bind none of the peer's ports: another process holds them. */
export class NoPortError extends Error {}

/**
 * Video the viewer can NACK (werift keeps the last 128 packets and resends them) and report on;
 * sender reports go out on werift's own RTCP timer once media flows. The payload type is the
 * viewer's own: the offer was narrowed to it, and werift answers with the offered formats.
 */
function videoCodec(payloadType: number): RTCRtpCodecParameters {
  return new RTCRtpCodecParameters({
    mimeType: 'video/H264',
    clockRate: 90000,
    payloadType,
    rtcpFeedback: [{ type: 'nack' }, { type: 'nack', parameter: 'pli' }],
  });
}

/**
 * One viewer: a sendonly H.264 peer fed by the stream's fan-out from the moment it connects.
 * It closes itself (and tells its owner once) when ICE does not connect in time, when the
 * viewer goes silent (no STUN consent checks and no RTCP for `timeoutMs`: a closed tab or a
 * dead screen sends nothing), when the connection fails, or when its stream ends.
 */
export class WhepPeer {
  private readonly pc: RTCPeerConnection;
  private readonly track = new MediaStreamTrack({ kind: 'video' });
  private detach: (() => void) | null = null;
  private lastHeardAt = Date.now();
  private readonly timers: NodeJS.Timeout[] = [];
  private closing: Promise<void> | null = null;
  connected = false;

  private constructor(private readonly d: WhepPeerDeps) {
    this.pc = new RTCPeerConnection({
      ...d.ice,
      codecs: { video: [videoCodec(d.offer.payloadType)], audio: [useOPUS(), usePCMU()] },
      headerExtensions: { video: [], audio: [] },
      // Every STUN request from the viewer (its connectivity and consent checks) proves it is there.
      iceFilterStunResponse: () => {
        this.lastHeardAt = Date.now();
        return true;
      },
    });
  }

  /** Builds the peer and its SDP answer; throws AppError (400 for an offer werift rejects). */
  static async create(d: WhepPeerDeps): Promise<{ peer: WhepPeer; answer: string }> {
    const peer = new WhepPeer(d);
    try {
      return { peer, answer: await peer.negotiate() };
    } catch (err) {
      await peer.close('setup-failed');
      throw err;
    }
  }

  private async negotiate(): Promise<string> {
    const { pc, d } = this;
    try {
      await pc.setRemoteDescription({ type: 'offer', sdp: d.offer.sdp });
    } catch (err) {
      throw new AppError('VALIDATION_FAILED', `bad SDP offer: ${err instanceof Error ? err.message : String(err)}`);
    }
    const video = pc.getTransceivers().find((t) => t.kind === 'video');
    if (!video) throw new AppError('VALIDATION_FAILED', 'bad SDP offer: no video m-line');
    video.setDirection('sendonly');
    await video.sender.replaceTrack(this.track);
    await pc.setLocalDescription(await pc.createAnswer());
    const sdp = pc.localDescription?.sdp ?? '';
    // werift gathers before resolving; no candidate means it could bind none of its ports.
    if (!/^a=candidate:/m.test(sdp)) throw new NoPortError(`no free WebRTC port (ports ${d.ice.icePortRange?.join('-') ?? 'any'} are taken)`);

    pc.connectionStateChange.subscribe((state) => {
      if (state === 'connected') this.onConnected();
      else if (state === 'failed' || state === 'closed') void this.close('failed');
    });
    pc.dtlsTransports[0]?.onRtcp.subscribe(() => (this.lastHeardAt = Date.now()));
    this.later(d.timeoutMs, () => !this.connected && void this.close('ice-timeout'));
    const watch = setInterval(() => Date.now() - this.lastHeardAt > d.timeoutMs && void this.close('silent'), Math.min(1_000, d.timeoutMs / 4));
    watch.unref();
    this.timers.push(watch);
    return announceHost(sdp, d.announce);
  }

  private onConnected(): void {
    if (this.connected || this.closing) return;
    this.connected = true;
    this.lastHeardAt = Date.now();
    this.d.log.info('webrtc peer connected', { peer: this.d.id, stream: this.d.stream });
    this.detach = this.d.fanout.attach({
      send: (packet) => this.track.writeRtp(packet),
      ended: () => void this.close('stream-ended'),
    });
  }

  /** Idempotent; resolves when werift has closed the peer and its sockets. */
  close(reason: PeerCloseReason): Promise<void> {
    if (this.closing) return this.closing;
    // Assigned before pc.close() runs: it emits 'closed' synchronously, which calls us again.
    let done!: () => void;
    this.closing = new Promise<void>((r) => (done = r));
    for (const t of this.timers) clearTimeout(t);
    this.detach?.();
    this.detach = null;
    this.track.stop();
    this.d.log.info('webrtc peer closed', { peer: this.d.id, stream: this.d.stream, reason });
    this.d.onClosed(reason);
    void this.pc.close().catch(() => undefined).finally(done);
    return this.closing;
  }

  private later(ms: number, fn: () => void): void {
    const t = setTimeout(fn, ms);
    t.unref();
    this.timers.push(t);
  }
}
