import { describe, expect, it } from 'vitest';
import { fallbackDecision, initialTransport } from './transport-policy';

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

describe('fallbackDecision', () => {
  const base = { requested: 'auto' as const, current: 'webrtc' as const, reason: 'ice-failed', streamState: 'live' as const, waited: false };
  it('an auto tile falls back to HLS at once when ICE or signalling fails', () => {
    expect(fallbackDecision(base)).toBe('now');
    expect(fallbackDecision({ ...base, requested: undefined, reason: 'http-404', streamState: null })).toBe('now');
  });
  it('media stopping waits for the gateway: a dead camera stays on WebRTC, a live stream we cannot get falls back', () => {
    expect(fallbackDecision({ ...base, reason: 'stalled' })).toBe('wait');
    expect(fallbackDecision({ ...base, reason: 'stalled', waited: true })).toBe('now');
    expect(fallbackDecision({ ...base, reason: 'stalled', waited: true, streamState: 'stalled' })).toBe('stay');
    expect(fallbackDecision({ ...base, reason: 'no-start', waited: true, streamState: null })).toBe('stay');
  });
  it('not when the gateway reports the camera down: HLS would fail too', () => {
    expect(fallbackDecision({ ...base, streamState: 'offline' })).toBe('stay');
  });
  it('never for an explicit transport, nor from HLS', () => {
    expect(fallbackDecision({ ...base, requested: 'webrtc' })).toBe('stay');
    expect(fallbackDecision({ ...base, current: 'hls' })).toBe('stay');
  });
});
