import { RTCPeerConnection, RTCRtpCodecParameters, type RtpPacket } from 'werift';

/**
 * A WHEP viewer in Node for the gateway's tests: a real werift peer that offers recvonly H.264,
 * as a browser would, and keeps what it receives.
 */
export class WhepTestClient {
  readonly pc: RTCPeerConnection;
  readonly packets: RtpPacket['header'][] = [];
  readonly payloads: Buffer[] = [];
  /** Packets received, kept or not. */
  count = 0;
  location: string | null = null;
  answer = '';

  /** `lossPct`: the share of incoming SRTP/SRTCP packets this viewer drops (to make it NACK). */
  private constructor(
    private readonly base: string,
    lossPct = 0,
  ) {
    this.pc = new RTCPeerConnection({
    iceServers: [],
    iceUseIpv4: false,
    iceUseIpv6: false,
    iceAdditionalHostAddresses: ['127.0.0.1'],
    iceInterfaceAddresses: { udp4: '127.0.0.1' },
    codecs: {
      video: [
        new RTCRtpCodecParameters({
          mimeType: 'video/H264',
          clockRate: 90000,
          rtcpFeedback: [{ type: 'nack' }, { type: 'nack', parameter: 'pli' }],
          parameters: 'level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f',
        }),
      ],
    },
    // werift drops a packet when `inboundPacketLoss / 100 < Math.random()`: 95 drops 5 %.
    ...(lossPct > 0 ? { debug: { inboundPacketLoss: 100 - lossPct } } : {}),
    });
  }

  /** Offers and posts to `whepUrl`; returns the client and the raw answer status. `keep: false` only counts packets. */
  static async offer(base: string, whepUrl: string, { keep = true, lossPct = 0 } = {}): Promise<{ client: WhepTestClient; status: number; body: string }> {
    const client = new WhepTestClient(base, lossPct);
    const { pc } = client;
    pc.addTransceiver('video', { direction: 'recvonly' });
    pc.onTrack.subscribe((track) => {
      track.onReceiveRtp.subscribe((rtp) => {
        client.count++;
        if (!keep) return;
        client.packets.push(rtp.header);
        client.payloads.push(rtp.payload);
      });
    });
    await pc.setLocalDescription(await pc.createOffer());
    const res = await fetch(whepUrl, { method: 'POST', headers: { 'content-type': 'application/sdp' }, body: pc.localDescription!.sdp });
    const body = await res.text();
    if (res.status === 201) {
      client.location = res.headers.get('location');
      client.answer = body;
      await pc.setRemoteDescription({ type: 'answer', sdp: body });
    }
    return { client, status: res.status, body };
  }

  async connected(timeoutMs: number): Promise<void> {
    if (this.pc.connectionState === 'connected') return;
    await this.pc.connectionStateChange.watch((s) => s === 'connected', timeoutMs);
  }

  /** Resolves once `n` packets have arrived. */
  async received(n: number, timeoutMs: number): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (this.count < n) {
      if (Date.now() > until) throw new Error(`only ${this.count} of ${n} RTP packets in ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** The received payloads depacketized (RFC 6184) into an Annex B H.264 stream. */
  annexB(): Buffer {
    const start = Buffer.from([0, 0, 0, 1]);
    const out: Buffer[] = [];
    for (const p of this.payloads) {
      const type = p[0]! & 0x1f;
      if (type === 24) {
        for (let i = 1; i + 2 < p.length; ) {
          const size = p.readUInt16BE(i);
          out.push(start, p.subarray(i + 2, i + 2 + size));
          i += 2 + size;
        }
      } else if (type === 28) {
        if (p[1]! & 0x80) out.push(start, Buffer.from([(p[0]! & 0xe0) | (p[1]! & 0x1f)]));
        out.push(p.subarray(2));
      } else {
        out.push(start, p);
      }
    }
    return Buffer.concat(out);
  }

  async delete(): Promise<number> {
    if (!this.location) return 0;
    const res = await fetch(new URL(this.location, this.base), { method: 'DELETE' });
    await res.arrayBuffer();
    return res.status;
  }

  /** A viewer that vanishes (power cut, crashed screen): its sockets close, nothing is sent. */
  vanish(): void {
    for (const t of this.pc.iceTransports) void t.connection.close();
  }

  close(): Promise<void> {
    return this.pc.close();
  }
}
