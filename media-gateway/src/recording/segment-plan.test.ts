import { describe, expect, it } from 'vitest';
import { initOf, planRuns, preRollCutoff, preRollFrom, recordingSegmentName, splitStreamFiles, type FileStat } from './segment-plan';

const f = (name: string, mtimeMs: number): FileStat => ({ name, mtimeMs, ino: mtimeMs, size: 1 });

describe('segment plan', () => {
  it('keeps complete segments and inits of the stream, in write order', () => {
    const { segments, inits } = splitStreamFiles([
      f('seg-abc-10.m4s', 3000), f('index.m3u8', 3100), f('seg-abc-9.m4s', 2000), f('seg-abc-11.m4s.tmp', 3500),
      f('init-abc-1.mp4', 2500), f('init-abc-0.mp4', 100), f('source.ffconcat', 1), f('seg-abc-8.m4s', 2000),
    ]);
    expect(segments.map((s) => s.name)).toEqual(['seg-abc-8.m4s', 'seg-abc-9.m4s', 'seg-abc-10.m4s']);
    expect(inits.map((s) => s.name)).toEqual(['init-abc-0.mp4', 'init-abc-1.mp4']);
  });

  it('maps each segment to the init of the ffmpeg run that wrote it', () => {
    const inits = [f('init-abc-0.mp4', 1000), f('init-abc-1.mp4', 5000)];
    expect(initOf(f('seg-abc-3.m4s', 4000), inits)?.name).toBe('init-abc-0.mp4');
    expect(initOf(f('seg-abc-4.m4s', 5000), inits)?.name).toBe('init-abc-1.mp4');
    expect(initOf(f('seg-abc-4.m4s', 9000), inits)?.name).toBe('init-abc-1.mp4');
    expect(initOf(f('seg-abc-0.m4s', 500), inits)).toBeUndefined();
  });

  it('takes one segment more than the pre-roll and dates the first frame', () => {
    expect(preRollCutoff(100_000, 30, 1)).toBe(69_000);
    const segs = [f('seg-a-1.m4s', 68_000), f('seg-a-2.m4s', 69_000), f('seg-a-3.m4s', 70_000)];
    expect(preRollFrom(segs[1], segs, 100_000, 1)).toBe(68_000);
    expect(preRollFrom(segs[0], segs, 100_000, 1)).toBe(67_000);
    // Nothing before the start: the clip starts at the escalation.
    expect(preRollFrom(undefined, segs, 100_000, 1)).toBe(100_000);
    expect(preRollFrom(f('seg-a-9.m4s', 100_500), [], 100_000, 1)).toBe(100_000);
  });

  it('cuts linked segments into runs that share an init', () => {
    const names = [recordingSegmentName(2, 0), recordingSegmentName(1, 0), 'i0.mp4', recordingSegmentName(3, 1), recordingSegmentName(10, 1), recordingSegmentName(11, 2), 'meta.json'];
    expect(planRuns(names)).toEqual([
      { init: 'i0.mp4', segments: ['s0000001-i0.m4s', 's0000002-i0.m4s'] },
      { init: 'i1.mp4', segments: ['s0000003-i1.m4s', 's0000010-i1.m4s'] },
      { init: 'i2.mp4', segments: ['s0000011-i2.m4s'] },
    ]);
    expect(planRuns([])).toEqual([]);
  });
});
