import { describe, expect, it } from 'vitest';
import type { WallState } from '@ioc/protocol';
import { createHub } from './hub';
import { createSwitchMargins, MARGIN_WINDOW } from './switch-margin';

const config = { marginMs: 60, adaptiveMargin: true, minMarginMs: 20, maxMarginMs: 1000 };
const state = (wallId: string, version: number, createdAt: number): WallState => ({
  wallId,
  version,
  layoutId: null,
  tiles: [],
  activateAt: createdAt + 60,
  changedBy: 'admin',
  reason: null,
  createdAt,
  incident: null,
});

function rig(c = config) {
  const hub = createHub((_e, err) => {
    throw err;
  });
  const m = createSwitchMargins(c, hub);
  let version = 0;
  /** One switch of `wallId` whose screens were ready `deliveries` ms after it was created. */
  const switchWith = (wallId: string, ...deliveries: number[]) => {
    const createdAt = 1_000_000 + version * 10_000;
    hub.emit('state', state(wallId, ++version, createdAt));
    for (const d of deliveries) m.observe(wallId, version, createdAt + d);
    return version;
  };
  return { hub, m, switchWith };
}

describe('switch margin per wall', () => {
  it('starts at switch.marginMs, then follows the slowest screen of the recent switches with headroom', () => {
    const { m, switchWith } = rig();
    expect(m.forWall('command')).toBe(60);
    switchWith('command', 40, 90, 120);
    // The next switch already follows the one its screens have just acked.
    expect(m.forWall('command')).toBe(Math.ceil(120 * 1.25 + 8));
    switchWith('command', 50, 60);
    expect(m.forWall('command')).toBe(Math.ceil(60 * 1.25 + 8));
    switchWith('command', 70);
    expect(m.forWall('command')).toBe(Math.ceil(70 * 1.25 + 8));
    // The other wall is measured on its own.
    expect(m.forWall('monitoring')).toBe(60);
  });

  it('ignores one slow switch in its window, follows a second one, and comes down when they leave it', () => {
    const { m, switchWith } = rig();
    switchWith('command', 30);
    switchWith('command', 200); // a stall
    switchWith('command', 30);
    switchWith('command', 30);
    expect(m.forWall('command')).toBe(Math.ceil(30 * 1.25 + 8));
    switchWith('command', 120); // slower again: the room got slower
    switchWith('command', 30);
    expect(m.forWall('command')).toBe(Math.ceil(120 * 1.25 + 8));
    for (let i = 0; i < MARGIN_WINDOW; i++) switchWith('command', 30);
    expect(m.forWall('command')).toBe(Math.ceil(30 * 1.25 + 8));
  });

  it('stays within [minMarginMs, maxMarginMs]', () => {
    const { m, switchWith } = rig();
    switchWith('command', 0);
    switchWith('command', 0);
    expect(m.forWall('command')).toBe(20);
    for (let i = 0; i < 3; i++) switchWith('command', 1_900);
    expect(m.forWall('command')).toBe(1000);
  });

  it('counts only the latest switch: an ack of an older version or a resync long after says nothing', () => {
    const { m, switchWith } = rig();
    const old = switchWith('command', 30);
    switchWith('command', 30);
    m.observe('command', old, 5_000_000); // a late ack of the version before
    m.observe('command', old + 1, 1_000_000 + old * 10_000 + 60_000); // a screen back a minute later
    switchWith('command', 30);
    expect(m.forWall('command')).toBe(Math.ceil(30 * 1.25 + 8));
  });

  it('is switch.marginMs, whatever the screens report, when adaptiveMargin is false', () => {
    const { m, switchWith } = rig({ ...config, adaptiveMargin: false });
    for (let i = 0; i < 3; i++) switchWith('command', 500);
    expect(m.forWall('command')).toBe(60);
  });
});
