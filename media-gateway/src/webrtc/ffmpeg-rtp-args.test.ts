import { describe, expect, it } from 'vitest';
import type { SourceInput } from '../catalog';
import { buildFfmpegArgs, type HlsOutputOptions } from '../ffmpeg-args';

const o: HlsOutputOptions = {
  dir: '/tmp/hls/cam-1/main/abc', segmentSeconds: 1, listSize: 4, instance: 'abc', generation: 0,
  startNumber: 0, transcode: false, h264Encoder: 'libx264', fontFile: null,
};
const rtsp: SourceInput = { kind: 'rtsp', url: "rtsp://admin:p%40ss'w@10.0.0.5/ch1" };
const lavfi: SourceInput = { kind: 'lavfi', pattern: 'testsrc2', width: 640, height: 360, fps: 25, label: 'Demo' };

describe('ffmpeg arguments with the WebRTC (RTP) output', () => {
  it('append an RTP copy of the same packets after the HLS arguments, which stay exactly as they were', () => {
    const hlsOnly = buildFfmpegArgs(rtsp, o);
    const both = buildFfmpegArgs(rtsp, { ...o, rtpPort: 50123 });
    expect(both.slice(0, hlsOnly.length)).toEqual(hlsOnly);
    expect(both.slice(hlsOnly.length)).toEqual([
      '-map', '0:v:0', '-an', '-c:v', 'copy', '-bsf:v', 'dump_extra', '-f', 'rtp', '-payload_type', '96',
      'rtp://127.0.0.1:50123?pkt_size=1200&rtcpport=50123',
    ]);
    expect(both.join(' ')).not.toContain('rtsp://');
  });

  it('share one encoder through tee when transcoding, with the same HLS options', () => {
    for (const [input, opts] of [[lavfi, o], [rtsp, { ...o, transcode: true, generation: 2, startNumber: 17 }]] as const) {
      const args = buildFfmpegArgs(input, { ...opts, rtpPort: 50124 });
      expect(args.filter((a) => a === '-c:v')).toHaveLength(1);
      expect(args.filter((a) => a === '-map')).toHaveLength(1);
      expect(args.slice(-4, -1)).toEqual(['+global_header', '-f', 'tee']);
      const [hls, rtp] = args.at(-1)!.split('|');
      const hlsOnly = buildFfmpegArgs(input, opts);
      const flags = hlsOnly[hlsOnly.indexOf('-hls_flags') + 1]!;
      expect(hls).toBe(
        `[f=hls:hls_time=1:hls_list_size=4:hls_segment_type=fmp4:hls_fmp4_init_filename=init-abc-${opts.generation}.mp4:` +
          `hls_segment_filename=/tmp/hls/cam-1/main/abc/seg-abc-%d.m4s:start_number=${opts.startNumber}:hls_flags=${flags}]/tmp/hls/cam-1/main/abc/index.m3u8`,
      );
      expect(rtp).toBe('[f=rtp:payload_type=96:bsfs/v=dump_extra:onfail=ignore]rtp://127.0.0.1:50124?pkt_size=1200&rtcpport=50124');
    }
  });
});
