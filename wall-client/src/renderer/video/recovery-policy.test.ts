import { describe, expect, it } from 'vitest';
import { decideRecovery, newestSegment, playedBetweenChecks, PROBE_INTERVAL_MS } from './recovery-policy';

const base = { frozenNewest: 'seg-a-41.m4s', attempts: 0, errorsInARow: 0 };

describe('decideRecovery', () => {
  it('rebuilds at once when the playlist lists a segment the player has not seen', () => {
    expect(decideRecovery({ ...base, outcome: { kind: 'playlist', newest: 'seg-b-0.m4s' } })).toEqual({ kind: 'rebuild', delayMs: 0 });
  });

  it('keeps probing a frozen playlist (a dead camera) instead of replaying its old video', () => {
    expect(decideRecovery({ ...base, outcome: { kind: 'playlist', newest: 'seg-a-41.m4s' } })).toEqual({ kind: 'probe', delayMs: PROBE_INTERVAL_MS, refreshToken: false });
    expect(decideRecovery({ ...base, outcome: { kind: 'playlist', newest: null } }).kind).toBe('probe');
  });

  it('a player that never saw a segment rebuilds on the first playlist with one', () => {
    expect(decideRecovery({ ...base, frozenNewest: null, outcome: { kind: 'playlist', newest: 'seg-a-0.m4s' } }).kind).toBe('rebuild');
  });

  it('spaces out rebuilds that keep failing on a moving playlist, up to 3 s', () => {
    const delays = [1, 2, 3, 4, 8].map((attempts) => decideRecovery({ ...base, attempts, outcome: { kind: 'playlist', newest: 'x.m4s' } }));
    expect(delays.map((d) => d.delayMs)).toEqual([500, 1000, 2000, 3000, 3000]);
  });

  it('a refused token is dropped and the probe retried soon with a fresh one', () => {
    expect(decideRecovery({ ...base, outcome: { kind: 'auth' } })).toEqual({ kind: 'probe', delayMs: 100, refreshToken: true });
  });

  it('errors (gateway restarting, camera away) are probed every 500 ms for a minute, then every second', () => {
    const delays = [0, 1, 10, 119, 120, 1000].map((errorsInARow) => decideRecovery({ ...base, errorsInARow, outcome: { kind: 'error' } }).delayMs);
    expect(delays).toEqual([500, 500, 500, 500, 1000, 1000]);
  });
});

describe('newestSegment', () => {
  it('reads the last URI of a media playlist', () => {
    const pl = '#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXT-X-MAP:URI="init-1.mp4"\n#EXTINF:1.0,\nseg-1-7.m4s\n#EXTINF:1.0,\nseg-1-8.m4s\n';
    expect(newestSegment(pl)).toBe('seg-1-8.m4s');
  });
  it('is null for an empty playlist or an error page', () => {
    expect(newestSegment('#EXTM3U\n#EXT-X-TARGETDURATION:1\n')).toBeNull();
    expect(newestSegment('{"code":"UPSTREAM_FAILED"}')).toBeNull();
  });
});

describe('playedBetweenChecks', () => {
  it('counts normal playback and catch-up at 1.5x', () => {
    expect(playedBetweenChecks(0.25, 250)).toBe(0.25);
    expect(playedBetweenChecks(0.37, 250)).toBe(0.37);
  });
  it('counts a second of video seen a second later (a page drawing at 1 fps)', () => {
    expect(playedBetweenChecks(1.04, 1000)).toBe(1.04);
  });
  it('does not count a seek to the live edge or a jump back', () => {
    expect(playedBetweenChecks(6, 250)).toBe(0);
    expect(playedBetweenChecks(-3, 250)).toBe(0);
  });
});
