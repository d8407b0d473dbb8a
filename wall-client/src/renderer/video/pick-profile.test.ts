import { describe, expect, it } from 'vitest';
import { pickProfile } from './pick-profile';

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
});
