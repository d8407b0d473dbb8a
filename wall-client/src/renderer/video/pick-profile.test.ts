import { describe, expect, it } from 'vitest';
import { markNoSubStream, pickProfile } from './pick-profile';

describe('pickProfile', () => {
  it('picks sub for 9 or 16 tiles per screen and main for 4, 1 or spanning tiles', () => {
    expect(pickProfile(undefined, { screenShare: 1 / 16 })).toBe('sub');
    expect(pickProfile('auto', { screenShare: 1 / 9 })).toBe('sub');
    expect(pickProfile('auto', { screenShare: 1 / 4 })).toBe('main');
    expect(pickProfile('auto', { screenShare: 1 })).toBe('main');
    expect(pickProfile('auto', { screenShare: 6 })).toBe('main');
  });
  it('honours an explicit choice', () => {
    expect(pickProfile('main', { screenShare: 1 / 16 })).toBe('main');
    expect(pickProfile('sub', { screenShare: 4 })).toBe('sub');
  });
  it('an auto tile plays main for a camera known to have no sub stream', () => {
    expect(pickProfile('auto', { screenShare: 1 / 16 }, 'cam-nosub')).toBe('sub');
    markNoSubStream('cam-nosub');
    expect(pickProfile('auto', { screenShare: 1 / 16 }, 'cam-nosub')).toBe('main');
    expect(pickProfile(undefined, { screenShare: 1 / 16 }, 'cam-other')).toBe('sub');
    expect(pickProfile('sub', { screenShare: 1 / 16 }, 'cam-nosub')).toBe('sub');
  });
  it('picks sub for a tile drawn small, whatever its share of the screen (the demo page)', () => {
    expect(pickProfile('auto', { screenShare: 1, widthPx: 171 })).toBe('sub');
    expect(pickProfile('auto', { screenShare: 0.25, widthPx: 960 })).toBe('main');
    expect(pickProfile('auto', { screenShare: 1 / 9, widthPx: 640 })).toBe('sub');
    expect(pickProfile('main', { screenShare: 1, widthPx: 100 })).toBe('main');
  });
});
