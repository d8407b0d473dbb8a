/** What the fan-out needs from one RTP packet's header (RFC 3550). */
export interface RtpInfo {
  ssrc: number;
  seq: number;
  ts: number;
  marker: boolean;
  payloadOffset: number;
  payloadEnd: number;
}

/**
 * RTCP shares the port (ffmpeg is told `rtcpport` = the RTP port): second byte 192..223 is an
 * RTCP packet type (RFC 5761 section 4), never an RTP marker+payload type we send.
 */
export function isRtcp(buf: Buffer): boolean {
  const b = buf[1] ?? 0;
  return b >= 192 && b <= 223;
}

export function parseRtp(buf: Buffer): RtpInfo | null {
  if (buf.length < 12 || (buf[0]! & 0xc0) !== 0x80) return null;
  const csrc = buf[0]! & 0x0f;
  let offset = 12 + csrc * 4;
  if (buf[0]! & 0x10) {
    if (buf.length < offset + 4) return null;
    offset += 4 + buf.readUInt16BE(offset + 2) * 4;
  }
  let end = buf.length;
  if (buf[0]! & 0x20) end -= buf[end - 1] ?? 0;
  if (offset >= end) return null;
  return { ssrc: buf.readUInt32BE(8), seq: buf.readUInt16BE(2), ts: buf.readUInt32BE(4), marker: (buf[1]! & 0x80) !== 0, payloadOffset: offset, payloadEnd: end };
}

const NAL_IDR = 5;
const STAP_A = 24;
const FU_A = 28;

/**
 * Whether this packet carries (the start of) an IDR slice (RFC 6184: single NAL unit, STAP-A or
 * FU-A start fragment). An access unit with one is where a new viewer can start decoding.
 */
export function carriesIdr(buf: Buffer, info: RtpInfo): boolean {
  const p = buf.subarray(info.payloadOffset, info.payloadEnd);
  const type = (p[0] ?? 0) & 0x1f;
  if (type === NAL_IDR) return true;
  if (type === FU_A) return p.length > 1 && (p[1]! & 0x80) !== 0 && (p[1]! & 0x1f) === NAL_IDR;
  if (type === STAP_A) {
    for (let i = 1; i + 2 < p.length; ) {
      const size = p.readUInt16BE(i);
      if (((p[i + 2] ?? 0) & 0x1f) === NAL_IDR) return true;
      i += 2 + size;
    }
  }
  return false;
}
