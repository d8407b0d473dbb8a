import type { ControllerConfig } from '../config';
import type { Hub } from './hub';

/** How many of a wall's recent switches its margin looks back on. */
export const MARGIN_WINDOW = 20;
/** The margin is this much above the slowest delivery of the window ... */
const HEADROOM = 1.25;
/** ... plus this: a screen's frame and timer granularity. */
const GUARD_MS = 8;

interface WallMargins {
  /** The slowest delivery (ms from the state's creation to a screen ready to swap) of each earlier switch, oldest first. */
  recent: number[];
  /** The switch being measured: its version, creation time and slowest delivery so far. */
  open: { version: number; createdAt: number; slowest: number } | null;
}

/**
 * The switch margin per wall (`activateAt = now + margin`). A margin too short makes the screens
 * that get the state late swap late, out of step with the others; one too long delays every
 * switch. The right value depends on the room: 9 screens on a LAN get a state in a few ms, 1000
 * get the last copy much later. So each screen says, with its ack, when the state reached it and
 * its new scene was built (`readyAt`); the margin of the wall's next switch is the slowest of
 * those over its last MARGIN_WINDOW switches (the latest from its first ack on) but one, with
 * headroom, within [minMarginMs, maxMarginMs]. A room that got slower (more screens, a loaded
 * network) raises it from its second slow switch on; a quiet room brings it down as the slow
 * switches leave the window.
 */
export function createSwitchMargins(config: ControllerConfig['switch'], hub: Hub) {
  const walls = new Map<string, WallMargins>();
  const entry = (wallId: string): WallMargins => {
    let w = walls.get(wallId);
    if (!w) walls.set(wallId, (w = { recent: [], open: null }));
    return w;
  };
  const settle = (w: WallMargins): void => {
    if (!w.open || w.open.slowest < 0) return;
    w.recent.push(w.open.slowest);
    if (w.recent.length > MARGIN_WINDOW) w.recent.shift();
  };
  const marginOf = (w: WallMargins | undefined): number => {
    if (!w) return config.marginMs;
    // The switch still being acked counts as soon as a screen has reported it: its acks are
    // usually all in before the next command.
    const window = w.open && w.open.slowest >= 0 ? [...w.recent, w.open.slowest].slice(-MARGIN_WINDOW) : w.recent;
    if (window.length === 0) return config.marginMs;
    // The slowest but one: a single stall (a GC pause, a busy host) does not slow the next 20 switches.
    const slowest = [...window].sort((a, b) => b - a)[window.length > 1 ? 1 : 0]!;
    return Math.min(config.maxMarginMs, Math.max(config.minMarginMs, Math.ceil(slowest * HEADROOM + GUARD_MS)));
  };

  hub.on('state', (st) => {
    if (!config.adaptiveMargin) return;
    const w = entry(st.wallId);
    if (w.open && st.version <= w.open.version) return;
    settle(w);
    w.open = { version: st.version, createdAt: st.createdAt, slowest: -1 };
  });

  return {
    /** The margin for the wall's next switch. */
    forWall(wallId: string): number {
      return config.adaptiveMargin ? marginOf(walls.get(wallId)) : config.marginMs;
    },
    /**
     * A screen of the wall had `version` and its scene ready at `readyAt` (controller clock).
     * Only the wall's latest switch counts: a resync or an old version says nothing of delivery.
     */
    observe(wallId: string, version: number, readyAt: number): void {
      const w = walls.get(wallId);
      if (!config.adaptiveMargin || !w?.open || w.open.version !== version) return;
      const delivery = Math.max(0, readyAt - w.open.createdAt);
      // A screen that reconnected long after the switch got it by resync: not a delivery time.
      if (delivery > config.maxMarginMs * 2) return;
      if (delivery > w.open.slowest) w.open.slowest = delivery;
    },
  };
}
export type SwitchMargins = ReturnType<typeof createSwitchMargins>;
