import { createSocket, type Socket } from 'node:dgram';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RtpFanout, type RtpSink } from './rtp-fanout';

// A real UDP socket fed with H.264 RTP as ffmpeg packetizes it (STAP-A SPS+PPS, FU-A IDR, single-NAL P).
const SPS = Buffer.from([0x67, 0x42, 0xc0, 0x1e]);
const PPS = Buffer.from([0x68, 0xce, 0x3c, 0x80]);

function rtp(ssrc: number, seq: number, ts: number, marker: boolean, payload: Buffer): Buffer {
  const h = Buffer.alloc(12);
  h[0] = 0x80;
  h[1] = (marker ? 0x80 : 0) | 96;
  h.writeUInt16BE(seq & 0xffff, 2);
  h.writeUInt32BE(ts >>> 0, 4);
  h.writeUInt32BE(ssrc, 8);
  return Buffer.concat([h, payload]);
}
const stap = Buffer.concat([Buffer.from([24, 0, SPS.length]), SPS, Buffer.from([0, PPS.length]), PPS]);
const fuIdr = (start: boolean, end: boolean) => Buffer.from([0x7c, (start ? 0x80 : 0) | (end ? 0x40 : 0) | 5, 1, 2, 3]);
const pSlice = Buffer.from([0x41, 9, 9, 9]);

class Source {
  seq = 1000;
  ts = 90_000;
  constructor(
    private readonly sock: Socket,
    private readonly port: number,
    public ssrc: number,
  ) {}
  private send(marker: boolean, payload: Buffer): Promise<void> {
    const b = rtp(this.ssrc, this.seq++, this.ts, marker, payload);
    return new Promise((r) => this.sock.send(b, this.port, '127.0.0.1', () => r()));
  }
  async keyframe(): Promise<void> {
    await this.send(false, stap);
    await this.send(false, fuIdr(true, false));
    await this.send(true, fuIdr(false, true));
    this.ts += 3600;
  }
  async pframe(): Promise<void> {
    await this.send(true, pSlice);
    this.ts += 3600;
  }
}

interface Got {
  seq: number;
  ts: number;
  nal: number;
}
function sink(): RtpSink & { got: Got[]; isEnded: boolean } {
  const s = {
    got: [] as Got[],
    isEnded: false,
    send: (b: Buffer) => void s.got.push({ seq: b.readUInt16BE(2), ts: b.readUInt32BE(4), nal: b[12]! & 0x1f }),
    ended: () => void (s.isEnded = true),
  };
  return s;
}

let fanout: RtpFanout;
let sock: Socket;
let src: Source;
const settle = async (n: number) => {
  const until = Date.now() + 2000;
  while (fanout.packetsIn < n && Date.now() < until) await new Promise((r) => setTimeout(r, 5));
};
const contiguous = (g: Got[]) => g.every((x, i) => i === 0 || x.seq === ((g[i - 1]!.seq + 1) & 0xffff));

beforeEach(async () => {
  fanout = new RtpFanout();
  await fanout.open();
  sock = createSocket('udp4');
  src = new Source(sock, fanout.port, 0x1111);
});
afterEach(() => {
  fanout.close();
  sock.close();
});

describe('RtpFanout', () => {
  it('starts a viewer at an access unit with an IDR, from its SPS/PPS packet, with no gap', async () => {
    const s = sink();
    fanout.attach(s);
    await src.pframe();
    await src.pframe();
    await src.keyframe();
    await src.pframe();
    await settle(6);
    expect(s.got.map((g) => g.nal)).toEqual([24, 28, 28, 1]);
    expect(contiguous(s.got)).toBe(true);
  });

  it('gives a viewer joining mid-stream the last keyframe at once, as the newest frame, then waits for the next', async () => {
    await src.keyframe();
    await src.pframe();
    await src.pframe();
    await settle(5);
    const latestTs = src.ts - 3600;
    const s = sink();
    fanout.attach(s);
    expect(s.got.map((g) => g.nal)).toEqual([24, 28, 28]);
    const replayTs = s.got[0]!.ts;
    expect(new Set(s.got.map((g) => g.ts))).toEqual(new Set([replayTs]));
    await src.pframe(); // depends on frames this viewer never got: skipped
    await src.keyframe();
    await settle(9);
    expect(s.got.map((g) => g.nal)).toEqual([24, 28, 28, 24, 28, 28]);
    expect(contiguous(s.got)).toBe(true);
    // Timing follows the source from the replayed frame on (it stood for the newest one).
    expect((s.got[3]!.ts - replayTs) >>> 0).toBe(src.ts - 3600 - latestTs);
  });

  it('keeps one continuous stream across an ffmpeg restart (new SSRC), resuming at its first IDR', async () => {
    const s = sink();
    fanout.attach(s);
    await src.keyframe();
    await src.pframe();
    await settle(4);
    const last = s.got.at(-1)!;
    src.ssrc = 0x2222;
    src.seq = 7;
    src.ts = 5;
    await src.pframe();
    await new Promise((r) => setTimeout(r, 40));
    await src.keyframe();
    await settle(8);
    expect(s.got.map((g) => g.nal)).toEqual([24, 28, 28, 1, 24, 28, 28]);
    expect(contiguous(s.got)).toBe(true);
    // Later in time than the last frame of the old run, by about the wall time between them.
    const ahead = (s.got[4]!.ts - last.ts) >>> 0;
    expect(ahead).toBeGreaterThan(40 * 90 * 0.8);
    expect(ahead).toBeLessThan(1000 * 90);
  });

  it('tells every viewer when the stream ends, and detaches', async () => {
    const a = sink();
    const b = sink();
    const detachB = fanout.attach(b);
    fanout.attach(a);
    detachB();
    expect(fanout.viewers).toBe(1);
    fanout.close();
    expect(a.isEnded).toBe(true);
    expect(b.isEnded).toBe(false);
    const late = sink();
    fanout.attach(late);
    expect(late.isEnded).toBe(true);
  });
});
