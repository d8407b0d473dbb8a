import { randomBytes } from 'node:crypto';
import type { RTCPeerConnectionConfig } from 'werift';
import { AppError, type StreamProfile } from '@ioc/protocol';
import type { SourceInput } from '../catalog';
import type { GatewayConfig } from '../config';
import type { Logger } from '../logger';
import type { StreamSupervisor } from '../supervisor';
import { hostAddresses, iceConfig } from './ice-config';
import { PortPool } from './port-pool';
import type { RtpFanout } from './rtp-fanout';
import { prepareOffer, type PreparedOffer } from './sdp-offer';
import { warmUpWerift } from './warm-up';
import { NoPortError, WhepPeer } from './whep-peer';

/**
 * Blocks tried before a viewer is told that no port is free (sooner when the pool has none left:
 * every block that failed cools). With 4, a viewer whose blocks all fell on ports another
 * program holds was refused while free blocks remained: with a third of the range held, about
 * 1 in 80 viewers set up at once (a CI run of whep.test.ts). A try that fails costs a
 * millisecond or two.
 */
const PORT_TRIES = 32;

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
  /** Offers the gateway is still answering: their ports are held, they are not peers yet. */
  settingUp: number;
  /** UDP ports of `webrtc.portRange` held by peers (one per host address each, and a spare). */
  portsInUse: number;
}

/**
 * Every WHEP session of the gateway. A session holds its stream in the supervisor (so the one
 * ffmpeg of that camera and profile runs while the peer lives) and releases it exactly once,
 * whatever ends the peer: DELETE, ICE timeout, silence, failure, the stream ending, or close.
 */
export class WhepHub {
  private readonly sessions = new Map<string, Session>();
  private ice: RTCPeerConnectionConfig | null = null;
  /** A block of ports for each peer (see port-pool.ts), so that peers are set up side by side. */
  private ports: PortPool | null = null;
  private addressCount = 1;
  /** Setups under way, counted against `maxPeers` and awaited by close(). */
  private readonly setups = new Set<Promise<unknown>>();
  private closed = false;

  constructor(private readonly d: WhepHubDeps) {}

  /**
   * Resolves the host addresses (throws, naming `webrtc.interfaces`, when one is not ours) and
   * warms werift up before the first viewer comes (see warm-up.ts).
   */
  async start(): Promise<void> {
    const addresses = hostAddresses(this.d.config);
    this.ice = iceConfig(this.d.config, addresses);
    this.addressCount = addresses.length;
    this.ports = new PortPool(this.d.config.portRange.min, this.d.config.portRange.max);
    const warmUpMs = await warmUpWerift();
    if (warmUpMs === null) this.d.log.warn('webrtc warm-up handshake did not complete');
    this.d.log.info('webrtc ready', { addresses, announce: this.d.config.host, ports: this.d.config.portRange, warmUpMs });
  }

  /** Validates the offer, starts or joins the stream, and answers. */
  async create(cameraId: string, profile: StreamProfile, input: SourceInput, offerSdp: string): Promise<{ id: string; answer: string }> {
    const offer = prepareOffer(offerSdp);
    if (this.closed || !this.ice) throw new AppError('UPSTREAM_FAILED', 'gateway is not serving WebRTC');
    if (this.sessions.size + this.setups.size >= this.d.config.maxPeers) {
      throw new AppError('RATE_LIMITED', `too many WebRTC viewers (webrtc.maxPeers = ${this.d.config.maxPeers})`);
    }
    const setup = this.setUp(cameraId, profile, input, offer);
    this.setups.add(setup);
    try {
      return await setup;
    } finally {
      this.setups.delete(setup);
    }
  }

  private async setUp(cameraId: string, profile: StreamProfile, input: SourceInput, offer: PreparedOffer): Promise<{ id: string; answer: string }> {
    const stream = await this.d.supervisor.acquire(cameraId, profile, input);
    const release = this.d.supervisor.hold(cameraId, profile);
    const fanout = stream.rtp;
    if (!fanout) {
      release();
      throw new AppError('UPSTREAM_FAILED', 'stream has no WebRTC output');
    }
    // Unguessable: the session URL is what lets its holder DELETE it.
    const id = randomBytes(16).toString('hex');
    let created: { peer: WhepPeer; answer: string };
    try {
      created = await this.negotiate(id, `${cameraId}/${profile}`, offer, fanout, () => {
        release();
        this.sessions.delete(id);
      });
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

  /**
   * Builds the peer on a block of ports of its own. When werift could bind none of them (another
   * process holds one), the block cools and the next is tried. `onClosed` runs once, for a peer
   * that was set up; the ports go back whatever happens.
   */
  private async negotiate(id: string, stream: string, offer: PreparedOffer, fanout: RtpFanout, onClosed: () => void): Promise<{ peer: WhepPeer; answer: string }> {
    const ports = this.ports!;
    for (let attempt = 1; ; attempt++) {
      // One port per host address, and a spare: werift refuses a range of one port, and binds
      // the spare only when another process holds one of the others.
      const block = ports.take(this.addressCount + 1);
      if (!block) {
        const { min, max } = this.d.config.portRange;
        throw new AppError('RATE_LIMITED', `no free WebRTC port (webrtc.portRange ${min}-${max} is in use)`);
      }
      let live = false;
      try {
        const created = await WhepPeer.create({
          id,
          stream,
          offer,
          ice: { ...this.ice!, icePortRange: block },
          announce: this.d.config.host,
          fanout,
          timeoutMs: this.d.config.peerTimeoutMs,
          log: this.d.log,
          onClosed: () => {
            ports.release(block);
            if (live) onClosed();
          },
        });
        live = true;
        return created;
      } catch (err) {
        if (err instanceof NoPortError && attempt < PORT_TRIES) {
          ports.cool(block);
          continue;
        }
        throw err instanceof NoPortError ? new AppError('RATE_LIMITED', err.message) : err;
      }
    }
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
    return { peers: this.sessions.size, connected, byStream, settingUp: this.setups.size, portsInUse: this.ports?.inUse ?? 0 };
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.allSettled([...this.setups]);
    const all = [...this.sessions.values()];
    this.sessions.clear();
    await Promise.all(all.map((s) => s.peer.close('gateway-closing')));
  }
}
