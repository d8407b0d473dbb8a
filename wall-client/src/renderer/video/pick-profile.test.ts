import { describe, expect, it } from 'vitest';
import { markNoSubStream, pickProfile } from './pick-profile';

describe('pickProfile', () => {
  it('picks sub for 9 or 16 tiles per screen and main for 4, 1 or spanning tiles', () => {
    expect(pickProfile(undefined, 1 / 16)).toBe('sub');
    expect(pickProfile('auto', 1 / 9)).toBe('sub');
    expect(pickProfile('auto', 1 / 4)).toBe('main');
    expect(pickProfile('auto', 1)).toBe('main');
    expect(pickProfile('auto', 6)).toBe('main');
  });
  it('honours an explicit choice', () => {
    expect(pickProfile('main', 1 / 16)).toBe('main');
    expect(pickProfile('sub', 4)).toBe('sub');
  });
  it('an auto tile plays main for a camera known to have no sub stream', () => {
    expect(pickProfile('auto', 1 / 16, 'cam-nosub')).toBe('sub');
    markNoSubStream('cam-nosub');
    expect(pickProfile('auto', 1 / 16, 'cam-nosub')).toBe('main');
    expect(pickProfile(undefined, 1 / 16, 'cam-other')).toBe('sub');
    expect(pickProfile('sub', 1 / 16, 'cam-nosub')).toBe('sub');
  });
});
