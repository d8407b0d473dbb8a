import { describe, expect, it } from 'vitest';
import { buildFfmpegArgs, ffconcatFor, preRollSegments, type HlsOutputOptions } from './ffmpeg-args';

const o: HlsOutputOptions = {
  dir: '/tmp/hls/cam-1/main', segmentSeconds: 1, listSize: 4, instance: 'abc', generation: 0,
  startNumber: 0, transcode: false, h264Encoder: 'libx264', fontFile: null,
};
const url = "rtsp://admin:p%40ss'w@10.0.0.5/ch1";

describe('ffmpeg arguments', () => {
  it('keep the camera URL off argv, remux by default, and write fMP4 HLS', () => {
    const args = buildFfmpegArgs({ kind: 'rtsp', url }, o);
    expect(args.join(' ')).not.toContain('rtsp://');
    expect(args.join(' ')).not.toContain('p%40ss');
    expect(args).toEqual(expect.arrayContaining(['-f', 'concat', '-c:v', 'copy', '-hls_segment_type', 'fmp4', '/tmp/hls/cam-1/main/source.ffconcat']));
    const flags = args[args.indexOf('-hls_flags') + 1];
    expect(flags).toContain('delete_segments');
    expect(flags).not.toContain('discont_start');
  });

  it('transcode and mark the discontinuity after a restart', () => {
    const args = buildFfmpegArgs({ kind: 'rtsp', url }, { ...o, transcode: true, generation: 2, startNumber: 17 });
    expect(args).toEqual(expect.arrayContaining(['-c:v', 'libx264', '-tune', 'zerolatency', '-start_number', '17', '-hls_fmp4_init_filename', 'init-abc-2.mp4']));
    expect(args[args.indexOf('-hls_flags') + 1]).toContain('discont_start');
  });

  it('leave deleting segments to the pre-roll janitor when a pre-roll is kept, in both output layouts', () => {
    const flagsOf = (args: string[]) => args[args.indexOf('-hls_flags') + 1];
    expect(flagsOf(buildFfmpegArgs({ kind: 'rtsp', url }, { ...o, preRollSeconds: 30 }))).toBe('independent_segments+temp_file+program_date_time');
    const tee = buildFfmpegArgs({ kind: 'rtsp', url }, { ...o, transcode: true, rtpPort: 5004, preRollSeconds: 30 });
    expect(tee.find((a) => a.startsWith('[f=hls:'))).not.toContain('delete_segments');
    // Sub streams are never recorded: ffmpeg deletes their segments itself.
    expect(flagsOf(buildFfmpegArgs({ kind: 'rtsp', url }, { ...o, preRollSeconds: 0 }))).toContain('delete_segments');
    expect(preRollSegments(30, 1)).toBe(32);
    expect(preRollSegments(45, 2)).toBe(25);
  });

  it('write the URL into an ffconcat file with TCP transport, quoting quotes', () => {
    const text = ffconcatFor(url);
    expect(text).toContain("file 'rtsp://admin:p%40ss'\\''w@10.0.0.5/ch1'");
    expect(text).toContain('option rtsp_transport tcp');
    expect(() => ffconcatFor('rtsp://a/\nfile /etc/passwd')).toThrow();
  });
});
