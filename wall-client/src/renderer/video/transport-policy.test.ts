import { describe, expect, it } from 'vitest';
import { initialTransport, shouldFallBack } from './transport-policy';

describe('initialTransport', () => {
  it('auto (or nothing) prefers WebRTC where the page has it', () => {
    expect(initialTransport(undefined, true)).toBe('webrtc');
    expect(initialTransport('auto', true)).toBe('webrtc');
    expect(initialTransport('auto', false)).toBe('hls');
  });
  it('an explicit transport is kept', () => {
    expect(initialTransport('hls', true)).toBe('hls');
    expect(initialTransport('webrtc', false)).toBe('webrtc');
  });
});

describe('shouldFallBack', () => {
  const base = { requested: 'auto' as const, current: 'webrtc' as const, streamDown: false };
  it('an auto tile falls back to HLS when WebRTC fails (ICE, media stopped)', () => {
    expect(shouldFallBack(base)).toBe(true);
    expect(shouldFallBack({ ...base, requested: undefined })).toBe(true);
  });
  it('not when the camera itself is down: HLS would fail too', () => {
    expect(shouldFallBack({ ...base, streamDown: true })).toBe(false);
  });
  it('never for an explicit transport, nor from HLS', () => {
    expect(shouldFallBack({ ...base, requested: 'webrtc' })).toBe(false);
    expect(shouldFallBack({ ...base, current: 'hls' })).toBe(false);
  });
});
