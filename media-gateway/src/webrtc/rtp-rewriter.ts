import type { RtpInfo } from './h264-rtp';

/**
 * Sequence numbers and timestamps as one viewer sees them. Each viewer joins mid-stream and
 * skips what it cannot decode, and ffmpeg restarts with a new SSRC and random numbering; the
 * viewer must still see one continuous stream (a jump back or a gap would make the browser
 * wait for, or NACK, packets that never come). SSRC and payload type are set by werift.
 */
export class RtpRewriter {
  private source: number | null = null;
  private seqOffset = 0;
  private tsOffset = 0;
  private lastSeq = Math.floor(Math.random() * 0x10000);
  private lastTs = Math.floor(Math.random() * 0x100000000);
  private lastAt = 0;
  private resync = true;

  /** The next packet continues right after the last one sent (packets were skipped meanwhile). */
  skipUntilNext(): void {
    this.resync = true;
  }

  /**
   * A rewritten copy of `buf`. `asTs` replaces the input timestamp (a cached keyframe replayed
   * as if it were the newest frame). Within a run, input gaps stay gaps, so real loss is still
   * NACKed.
   */
  rewrite(buf: Buffer, info: RtpInfo, now: number, asTs = info.ts): Buffer {
    if (info.ssrc !== this.source) {
      // A new ffmpeg run: carry on from the last timestamp plus the wall time since.
      const elapsed = this.source === null ? 0 : Math.max(1, Math.round((now - this.lastAt) * 90));
      this.tsOffset = (this.lastTs + elapsed - asTs) >>> 0;
      this.source = info.ssrc;
      this.resync = true;
    }
    if (this.resync) {
      this.seqOffset = (this.lastSeq + 1 - info.seq) & 0xffff;
      this.resync = false;
    }
    const out = Buffer.from(buf);
    this.lastSeq = (info.seq + this.seqOffset) & 0xffff;
    this.lastTs = (asTs + this.tsOffset) >>> 0;
    this.lastAt = now;
    out.writeUInt16BE(this.lastSeq, 2);
    out.writeUInt32BE(this.lastTs, 4);
    return out;
  }
}
