import { describe, expect, it } from 'vitest';
import { WallStateSchema, type EscalationOverlay, type WallState } from '@ioc/protocol';
import { frameAlpha, formatSince, headline, queueLine } from './incident-text';
import { INCIDENT_BANNER_TILE, INCIDENT_CAMERA_TILE, sceneTiles } from './incident-tiles';

const esc = (id: string, priority: number, extra: Partial<EscalationOverlay> = {}): EscalationOverlay => ({
  id,
  cameraId: `cam-${id}`,
  cameraName: `Camera ${id}`,
  reason: `reason ${id}`,
  priority,
  createdBy: 'duty1',
  createdAt: 1_000,
  acknowledged: false,
  ...extra,
});

const base: WallState = WallStateSchema.parse({
  wallId: 'command',
  version: 3,
  layoutId: 'cmd-default',
  tiles: [{ id: 'grid', rect: { x: 0, y: 0, w: 3, h: 3 }, source: { kind: 'test-pattern', pattern: 'grid' } }],
  activateAt: 0,
  changedBy: 'op',
  reason: null,
  createdAt: 0,
});

describe('the escalation over a wall state', () => {
  it('leaves the layout untouched and adds the top escalation camera and banner over the incident area', () => {
    expect(sceneTiles(base)).toBe(base.tiles);
    const area = { x: 0, y: 0, w: 2, h: 2 };
    const tiles = sceneTiles({ ...base, incident: { area, escalations: [esc('a', 1), esc('b', 2)] } });
    expect(tiles.slice(0, 1)).toEqual(base.tiles);
    expect(tiles[1]).toMatchObject({ id: INCIDENT_CAMERA_TILE, rect: area, source: { kind: 'camera', cameraId: 'cam-a', stream: 'main' } });
    expect(tiles[2]).toMatchObject({ id: INCIDENT_BANNER_TILE, rect: area, source: { kind: 'incident' } });
    expect(tiles[2]!.z).toBeGreaterThan(tiles[1]!.z);
    expect(tiles[1]!.z).toBeGreaterThan(1000);
  });

  it('reads a state cached by an older screen (no incident field) as having none', () => {
    const old = { ...base } as Record<string, unknown>;
    delete old.incident;
    expect(WallStateSchema.parse(old).incident).toBeNull();
  });

  it('writes the banner lines in both languages, with the time since and the queue', () => {
    expect(formatSince(42_000)).toBe('0:42');
    expect(formatSince(3_723_000)).toBe('1:02:03');
    expect(headline(esc('a', 1), 43_000, 'en')).toEqual({ title: 'P1 · Camera a', reason: 'reason a', meta: 'escalated by duty1 · 0:42 · AWAITING ACKNOWLEDGEMENT' });
    expect(headline(esc('a', 1, { acknowledged: true }), 43_000, 'vi').meta).toBe('chuyển bởi duty1 · 0:42 · Đã xác nhận');
    expect(queueLine([], 0, 'en')).toBe('');
    expect(queueLine([esc('b', 2)], 181_000, 'vi')).toBe('Hàng đợi (1): P2 Camera b — reason b · 3 phút');
  });

  it('pulses slowly while unacknowledged (a 2 s breath, never off) and holds steady once acknowledged', () => {
    const samples = Array.from({ length: 40 }, (_, i) => frameAlpha(false, i * 50));
    expect(Math.min(...samples)).toBeGreaterThanOrEqual(0.4);
    expect(Math.max(...samples)).toBeLessThanOrEqual(1);
    // No strobe: between two frames at 60 fps the alpha moves by little.
    for (let t = 0; t < 2000; t += 16) expect(Math.abs(frameAlpha(false, t + 16) - frameAlpha(false, t))).toBeLessThan(0.04);
    expect(frameAlpha(true, 123)).toBe(1);
  });
});
