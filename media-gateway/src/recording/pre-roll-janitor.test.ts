import { describe, expect, it } from 'vitest';
import { segmentsToPrune } from './pre-roll-janitor';

const playlist = ['#EXTM3U', '#EXT-X-MAP:URI="init-a-0.mp4"', '#EXTINF:1.0,', 'seg-a-19.m4s', '#EXTINF:1.0,', 'seg-a-20.m4s', ''].join('\n');
const names = ['index.m3u8', 'init-a-0.mp4', 'source.ffconcat', 'seg-a-21.m4s.tmp', ...Array.from({ length: 21 }, (_, i) => `seg-a-${i}.m4s`)];

describe('segmentsToPrune', () => {
  it('keeps the playlist and the newest unlisted segments, by number not by name', () => {
    expect(segmentsToPrune(names, playlist, 5).sort()).toEqual(Array.from({ length: 14 }, (_, i) => `seg-a-${i}.m4s`).sort());
  });

  it('never touches the playlist, inits, temp files or other files', () => {
    const pruned = segmentsToPrune(names, playlist, 0);
    expect(pruned).not.toContain('seg-a-19.m4s');
    expect(pruned).not.toContain('seg-a-20.m4s');
    expect(pruned.every((n) => /^seg-a-\d+\.m4s$/.test(n))).toBe(true);
    expect(pruned).toHaveLength(19);
  });

  it('keeps by count when there is no playlist (between two ffmpeg runs)', () => {
    expect(segmentsToPrune(names, '', 18)).toEqual(['seg-a-2.m4s', 'seg-a-1.m4s', 'seg-a-0.m4s']);
    expect(segmentsToPrune(['seg-a-1.m4s'], '', 32)).toEqual([]);
  });
});
