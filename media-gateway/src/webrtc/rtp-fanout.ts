import { createSocket, type Socket } from 'node:dgram';
import { carriesIdr, isRtcp, parseRtp, type RtpInfo } from './h264-rtp';
import { RtpRewriter } from './rtp-rewriter';

/** Where one viewer's packets go (a werift track), already rewritten for it. */
export interface RtpSink {
  send(packet: Buffer): void;
  /** The stream is gone (stopped, or its camera changed): the viewer must reconnect. */
  ended(): void;
}

interface Packet {
  buf: Buffer;
  info: RtpInfo;
}

interface Member {
  sink: RtpSink;
  rewriter: RtpRewriter;
  /** Receives every packet; false while it waits for an access unit with an IDR. */
  synced: boolean;
}

/** A keyframe shown at once beats a black tile, but not a picture from before a stall. */
const REPLAY_IF_FLOWING_MS = 1_000;

/**
 * One per stream: receives the RTP that the stream's ffmpeg sends to 127.0.0.1:<port> and hands
 * every packet to every viewer of that (camera, profile). A viewer starts at an access unit with
 * an IDR: on joining it gets the last complete keyframe at once (ffmpeg cannot be asked for a
 * new one), then nothing until the next keyframe, which decodes on its own.
 */
export class RtpFanout {
  private socket: Socket | null = null;
  private readonly members = new Set<Member>();
  /** The access unit being received (packets share a timestamp); null between two. */
  private current: { ts: number; packets: Packet[]; idr: boolean } | null = null;
  private lastKeyframe: { ssrc: number; packets: Packet[] } | null = null;
  private ssrc: number | null = null;
  private lastTs = 0;
  private lastPacketAt = 0;
  private closed = false;
  port = 0;
  packetsIn = 0;
  bytesIn = 0;

  async open(): Promise<number> {
    const socket = createSocket('udp4');
    this.socket = socket;
    // Only ffmpeg on this host sends here; anything else is ignored.
    socket.on('message', (buf, from) => {
      if (from.address === '127.0.0.1') this.onPacket(buf);
    });
    socket.on('error', () => undefined);
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(0, '127.0.0.1', () => {
        socket.off('error', reject);
        resolve();
      });
    });
    try {
      // Room for a burst while the event loop is busy encrypting for many peers.
      socket.setRecvBufferSize(2 * 1024 * 1024);
    } catch {
      // capped by net.core.rmem_max: the default still works
    }
    this.port = socket.address().port;
    return this.port;
  }

  get viewers(): number {
    return this.members.size;
  }

  /** Adds a viewer whose transport is ready; returns its removal. */
  attach(sink: RtpSink): () => void {
    if (this.closed) {
      sink.ended();
      return () => undefined;
    }
    const member: Member = { sink, rewriter: new RtpRewriter(), synced: false };
    this.members.add(member);
    const now = Date.now();
    const key = this.lastKeyframe;
    if (this.current?.idr) {
      this.join(member, this.current.packets, now);
    } else if (key && key.ssrc === this.ssrc && now - this.lastPacketAt < REPLAY_IF_FLOWING_MS) {
      // Shown as the newest frame, so the next keyframe follows it in time; the frames between
      // are skipped (they depend on frames this viewer never got).
      for (const p of key.packets) sink.send(member.rewriter.rewrite(p.buf, p.info, now, this.lastTs));
      member.rewriter.skipUntilNext();
    }
    return () => void this.members.delete(member);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.socket?.close();
    this.socket = null;
    this.current = null;
    this.lastKeyframe = null;
    const ending = [...this.members];
    this.members.clear();
    for (const m of ending) m.sink.ended();
  }

  private onPacket(buf: Buffer): void {
    if (isRtcp(buf)) return;
    const info = parseRtp(buf);
    if (!info) return;
    this.packetsIn++;
    this.bytesIn += buf.length;
    const now = Date.now();
    this.lastPacketAt = now;
    if (info.ssrc !== this.ssrc) {
      // A new ffmpeg run: nobody can decode it before its first keyframe.
      this.ssrc = info.ssrc;
      this.current = null;
      this.lastKeyframe = null;
      for (const m of this.members) m.synced = false;
    }
    let cur = this.current;
    if (!cur || cur.ts !== info.ts) {
      cur = { ts: info.ts, packets: [], idr: false };
      this.current = cur;
    }
    this.lastTs = info.ts;
    const packet = { buf, info };
    cur.packets.push(packet);
    const idrNow = !cur.idr && carriesIdr(buf, info);
    if (idrNow) cur.idr = true;
    for (const m of this.members) {
      if (m.synced) m.sink.send(m.rewriter.rewrite(buf, info, now));
      // SPS/PPS came earlier in this access unit: send it from its start.
      else if (idrNow) this.join(m, cur.packets, now);
    }
    if (info.marker) {
      // Memory stays at one keyframe plus the access unit in progress.
      if (cur.idr) this.lastKeyframe = { ssrc: info.ssrc, packets: cur.packets };
      this.current = null;
    }
  }

  private join(m: Member, packets: Packet[], now: number): void {
    m.rewriter.skipUntilNext();
    for (const p of packets) m.sink.send(m.rewriter.rewrite(p.buf, p.info, now));
    m.synced = true;
  }
}
