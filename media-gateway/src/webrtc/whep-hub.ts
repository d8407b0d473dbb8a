import { randomBytes } from 'node:crypto';
import type { RTCPeerConnectionConfig } from 'werift';
import { AppError, type StreamProfile } from '@ioc/protocol';
import type { SourceInput } from '../catalog';
import type { GatewayConfig } from '../config';
import type { Logger } from '../logger';
import type { StreamSupervisor } from '../supervisor';
import { hostAddresses, iceConfig } from './ice-config';
import { prepareOffer } from './sdp-offer';
import { warmUpWerift } from './warm-up';
import { WhepPeer } from './whep-peer';

export interface WhepHubDeps {
  config: GatewayConfig['webrtc'];
  supervisor: Pick<StreamSupervisor, 'acquire' | 'hold'>;
  log: Logger;
}

interface Session {
  peer: WhepPeer;
  cameraId: string;
  profile: StreamProfile;
}

export interface WebrtcStats {
  peers: number;
  connected: number;
  byStream: Record<string, number>;
}

/**
 * Every WHEP session of the gateway. A session holds its stream in the supervisor (so the one
 * ffmpeg of that camera and profile runs while the peer lives) and releases it exactly once,
 * whatever ends the peer: DELETE, ICE timeout, silence, failure, the stream ending, or close.
 */
export class WhepHub {
  private readonly sessions = new Map<string, Session>();
  private ice: RTCPeerConnectionConfig | null = null;
  /** Peers are set up one at a time: werift probes for a free port, then binds it. */
  private gate: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(private readonly d: WhepHubDeps) {}

  /**
   * Resolves the host addresses (throws, naming `webrtc.interfaces`, when one is not ours) and
   * warms werift up before the first viewer comes (see warm-up.ts).
   */
  async start(): Promise<void> {
    const addresses = hostAddresses(this.d.config);
    this.ice = iceConfig(this.d.config, addresses);
    const warmUpMs = await warmUpWerift();
    if (warmUpMs === null) this.d.log.warn('webrtc warm-up handshake did not complete');
    this.d.log.info('webrtc ready', { addresses, announce: this.d.config.host, ports: this.d.config.portRange, warmUpMs });
  }

  /** Validates the offer, starts or joins the stream, and answers. */
  async create(cameraId: string, profile: StreamProfile, input: SourceInput, offerSdp: string): Promise<{ id: string; answer: string }> {
    const offer = prepareOffer(offerSdp);
    if (this.closed || !this.ice) throw new AppError('UPSTREAM_FAILED', 'gateway is not serving WebRTC');
    if (this.sessions.size >= this.d.config.maxPeers) throw new AppError('RATE_LIMITED', `too many WebRTC viewers (webrtc.maxPeers = ${this.d.config.maxPeers})`);
    const stream = await this.d.supervisor.acquire(cameraId, profile, input);
    const release = this.d.supervisor.hold(cameraId, profile);
    const fanout = stream.rtp;
    if (!fanout) {
      release();
      throw new AppError('UPSTREAM_FAILED', 'stream has no WebRTC output');
    }
    // Unguessable: the session URL is what lets its holder DELETE it.
    const id = randomBytes(16).toString('hex');
    const ice = this.ice;
    const setup = this.gate.then(() =>
      WhepPeer.create({
        id,
        stream: `${cameraId}/${profile}`,
        offer,
        ice,
        announce: this.d.config.host,
        fanout,
        timeoutMs: this.d.config.peerTimeoutMs,
        log: this.d.log,
        onClosed: () => {
          release();
          this.sessions.delete(id);
        },
      }),
    );
    this.gate = setup.catch(() => undefined);
    let created: Awaited<typeof setup>;
    try {
      created = await setup;
    } catch (err) {
      release();
      throw err;
    }
    const { peer, answer } = created;
    if (this.closed) {
      await peer.close('gateway-closing');
      throw new AppError('UPSTREAM_FAILED', 'gateway is closing');
    }
    this.sessions.set(id, { peer, cameraId, profile });
    this.d.log.info('webrtc session created', { peer: id, stream: `${cameraId}/${profile}`, payloadType: offer.payloadType });
    return { id, answer };
  }

  /** Ends a session of that camera and profile; false when there is none (already gone). */
  async delete(id: string, cameraId: string, profile: StreamProfile): Promise<boolean> {
    const s = this.sessions.get(id);
    if (!s || s.cameraId !== cameraId || s.profile !== profile) return false;
    this.sessions.delete(id);
    await s.peer.close('deleted');
    return true;
  }

  stats(): WebrtcStats {
    const byStream: Record<string, number> = {};
    let connected = 0;
    for (const s of this.sessions.values()) {
      const key = `${s.cameraId}/${s.profile}`;
      byStream[key] = (byStream[key] ?? 0) + 1;
      if (s.peer.connected) connected++;
    }
    return { peers: this.sessions.size, connected, byStream };
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.gate;
    const all = [...this.sessions.values()];
    this.sessions.clear();
    await Promise.all(all.map((s) => s.peer.close('gateway-closing')));
  }
}
