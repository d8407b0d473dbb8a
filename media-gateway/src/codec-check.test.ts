import { describe, expect, it } from 'vitest';
import { parseInputVideo, playableInChromium } from './codec-check';
import { pickH264Encoder } from './ffmpeg-args';

describe('input codec detection', () => {
  it('reads codec, pixel format and size from ffmpeg banner lines', () => {
    const h264 = parseInputVideo('  Stream #0:0: Video: h264 (Constrained Baseline), yuv420p(tv, smpte170m, progressive), 640x360 [SAR 1:1 DAR 16:9], 25 fps, 25 tbr, 90k tbn');
    expect(h264).toEqual({ codec: 'h264', pixFmt: 'yuv420p', width: 640, height: 360 });
    expect(playableInChromium(h264!)).toBe(true);
    const hevc = parseInputVideo('  Stream #0:0: Video: hevc (Main), yuv420p(tv), 1920x1080, 25 fps, 25 tbr, 90k tbn');
    expect(hevc?.codec).toBe('hevc');
    expect(playableInChromium(hevc!)).toBe(false);
    const mjpeg = parseInputVideo('  Stream #0:0: Video: mjpeg (Baseline), yuvj422p(pc, bt470bg/unknown/unknown), 1280x720, 25 tbr, 90k tbn');
    expect(playableInChromium(mjpeg!)).toBe(false);
    const h264_422 = parseInputVideo('  Stream #0:0[0x100]: Video: h264 (High 4:2:2), yuv422p10le(progressive), 1920x1080, 25 fps');
    expect(playableInChromium(h264_422!)).toBe(false);
    expect(parseInputVideo('  Stream #0:1: Audio: aac (LC), 48000 Hz, mono, fltp')).toBeNull();
  });

  it('picks the best H.264 encoder available', () => {
    expect(pickH264Encoder(' V....D libx264              libx264 H.264 / AVC\n V....D libopenh264  x')).toBe('libx264');
    expect(pickH264Encoder(' V....D libopenh264          OpenH264')).toBe('libopenh264');
    expect(pickH264Encoder(' V....D mpeg4 MPEG-4')).toBeNull();
  });
});
