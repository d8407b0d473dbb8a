import { describe, expect, it } from 'vitest';
import { pickEvictions, type ClipUsage } from './eviction';

const clip = (id: string, bytes: number, endedAt: number, active = false): ClipUsage => ({ id, bytes, endedAt, active });

describe('pickEvictions', () => {
  it('deletes nothing under the budget', () => {
    expect(pickEvictions([clip('a', 10, 1), clip('b', 10, 2)], 20)).toEqual([]);
    expect(pickEvictions([], 0)).toEqual([]);
  });

  it('deletes the finished clips that ended longest ago until the rest fits', () => {
    const clips = [clip('new', 40, 300), clip('old', 30, 100), clip('mid', 30, 200)];
    expect(pickEvictions(clips, 70)).toEqual(['old']);
    expect(pickEvictions(clips, 40)).toEqual(['old', 'mid']);
    expect(pickEvictions(clips, 10)).toEqual(['old', 'mid', 'new']);
  });

  it('never picks an active recording, though its bytes count', () => {
    const clips = [clip('open', 500, 0, true), clip('a', 10, 50), clip('b', 10, 60)];
    // The open escalation alone is over budget: every finished clip goes, the open one stays.
    expect(pickEvictions(clips, 100)).toEqual(['a', 'b']);
    expect(pickEvictions([clip('open', 500, 0, true)], 1)).toEqual([]);
    // Only as many finished clips as needed.
    expect(pickEvictions([clip('open', 50, 0, true), clip('a', 10, 50), clip('b', 10, 60)], 60)).toEqual(['a']);
  });

  it('breaks ties by id, so the same disk gives the same answer', () => {
    expect(pickEvictions([clip('b', 10, 5), clip('a', 10, 5)], 10)).toEqual(['a']);
  });
});
