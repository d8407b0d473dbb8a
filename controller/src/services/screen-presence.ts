import type { Hub } from './hub';

/** One switch every screen online at the time has acked (`switchCompleted` on the hub). */
export interface SwitchCompleted {
  wallId: string;
  version: number;
  /** Screens that acked it: those online when it was broadcast, less those that left since. */
  screens: number;
  /** From the command (the state's `createdAt`) to the last ack, controller clock. */
  latencyMs: number;
  /** Latest minus earliest swap time (`appliedAt`, moved onto the controller clock). */
  skewMs: number;
}

interface Pending {
  version: number;
  createdAt: number;
  waiting: Set<string>;
  applied: number[];
}

/**
 * Which screens are connected, since when a screen is offline (the screen-offline alert), and
 * when a switch has been acked by every screen that was online to get it (switch latency and
 * skew). Fed by sync-status; in memory, like the rest of the live status.
 */
export function createScreenPresence(hub: Hub, now: () => number) {
  const startedAt = now();
  /** Open sockets per screen, and per wall the screens with at least one. */
  const sockets = new Map<string, number>();
  const onWall = new Map<string, Set<string>>();
  const leftAt = new Map<string, number>();
  const pending = new Map<string, Pending>();

  const finish = (wallId: string, p: Pending): void => {
    if (p.waiting.size > 0) return;
    pending.delete(wallId);
    if (p.applied.length === 0) return;
    const at = now();
    hub.emit('switchCompleted', {
      wallId,
      version: p.version,
      screens: p.applied.length,
      latencyMs: Math.max(0, at - p.createdAt),
      skewMs: Math.max(...p.applied) - Math.min(...p.applied),
    });
  };

  hub.on('state', (st) => {
    const online = onWall.get(st.wallId);
    // A newer state replaces one still waiting for acks: that switch never completed.
    if (!online || online.size === 0) pending.delete(st.wallId);
    else pending.set(st.wallId, { version: st.version, createdAt: st.createdAt, waiting: new Set(online), applied: [] });
  });

  return {
    connected(screenId: string, wallId: string): void {
      sockets.set(screenId, (sockets.get(screenId) ?? 0) + 1);
      let set = onWall.get(wallId);
      if (!set) onWall.set(wallId, (set = new Set()));
      set.add(screenId);
      leftAt.delete(screenId);
    },
    disconnected(screenId: string, wallId: string): void {
      const n = Math.max(0, (sockets.get(screenId) ?? 0) - 1);
      if (n > 0) return void sockets.set(screenId, n);
      sockets.delete(screenId);
      onWall.get(wallId)?.delete(screenId);
      leftAt.set(screenId, now());
      // A screen gone before acking no longer holds the switch back.
      const p = pending.get(wallId);
      if (p?.waiting.delete(screenId)) finish(wallId, p);
    },
    acked(screenId: string, wallId: string, version: number, controllerAppliedAt: number): void {
      const p = pending.get(wallId);
      if (!p || p.version !== version || !p.waiting.delete(screenId)) return;
      p.applied.push(controllerAppliedAt);
      finish(wallId, p);
    },
    /** Null while connected; else when its last socket closed, or this process's start if never seen. */
    offlineSince(screenId: string): number | null {
      return sockets.has(screenId) ? null : (leftAt.get(screenId) ?? startedAt);
    },
    forget(screenId: string): void {
      leftAt.delete(screenId);
    },
  };
}
export type ScreenPresence = ReturnType<typeof createScreenPresence>;
