import { describe, expect, it } from 'vitest';
import type { Layout, Tile } from '@ioc/protocol';
import { fold, matches, parseDragId, replaceSource, sourceDragId, swapTiles, tileDragId, widgetSources } from './tiles';

const tile = (id: string, x: number, source: Tile['source'], label?: string): Tile => ({ id, rect: { x, y: 0, w: 1, h: 1 }, z: 0, source, ...(label ? { label } : {}) });
const cam = (cameraId: string) => ({ kind: 'camera' as const, cameraId });

describe('operator tile edits', () => {
  const tiles = [tile('a', 0, cam('c1'), 'Cam one'), tile('b', 1, cam('c2')), tile('c', 2, { kind: 'clock' })];

  it('replaces one tile’s source, keeps its place and drops the label that named the old source', () => {
    const next = replaceSource(tiles, 'a', cam('cam-bridge'))!;
    expect(next[0]).toEqual({ id: 'a', rect: { x: 0, y: 0, w: 1, h: 1 }, z: 0, source: cam('cam-bridge') });
    expect(next.slice(1)).toEqual(tiles.slice(1));
    expect(replaceSource(tiles, 'nope', cam('x'))).toBeNull();
  });

  it('swaps two tiles’ sources and labels; places stay', () => {
    const next = swapTiles(tiles, 'a', 'b')!;
    expect(next.map((t) => t.rect.x)).toEqual([0, 1, 2]);
    expect(next[0]).toMatchObject({ id: 'a', source: cam('c2') });
    expect(next[0]!.label).toBeUndefined();
    expect(next[1]).toMatchObject({ id: 'b', source: cam('c1'), label: 'Cam one' });
    expect(swapTiles(tiles, 'a', 'a')).toBeNull();
    expect(swapTiles(tiles, 'a', 'zz')).toBeNull();
  });

  it('round-trips drag ids', () => {
    expect(parseDragId(sourceDragId('camera:cam-1'))).toEqual({ type: 'source', key: 'camera:cam-1' });
    expect(parseDragId(tileDragId('cam-3'))).toEqual({ type: 'tile', key: 'cam-3' });
    expect(parseDragId('other')).toBeNull();
  });

  it('lists each widget view of the presets once', () => {
    const w = (feedId: string, view: string, options?: Record<string, unknown>) => ({ kind: 'widget' as const, feedId, view, ...(options ? { options } : {}) });
    const layouts = [
      { id: 'l1', wallId: 'w', name: 'x', builtin: true, tiles: [tile('1', 0, w('f', 'kpi-cards')), tile('2', 1, w('f', 'bar-chart', { groupBy: 'a' }))] },
      { id: 'l2', wallId: 'w', name: 'y', builtin: true, tiles: [tile('3', 0, w('f', 'kpi-cards')), tile('4', 1, cam('c'))] },
    ] as Layout[];
    expect(widgetSources(layouts).map((s) => s.key)).toEqual(['widget:f:bar-chart:{"groupBy":"a"}', 'widget:f:kpi-cards:{}']);
  });

  it('searches without diacritics, every word in some field', () => {
    expect(fold('Cầu Rồng, Đà Nẵng')).toBe('cau rong, da nang');
    expect(matches('hai chau', ['Saigon bridge', 'Hải Châu', 'cam-bridge'])).toBe(true);
    expect(matches('bridge chau', ['Saigon bridge', 'Hải Châu'])).toBe(true);
    expect(matches('dome', ['Saigon bridge', 'Hải Châu'])).toBe(false);
    expect(matches('  ', ['anything'])).toBe(true);
  });
});
