import type { Heartbeat, ScreenHealth, ScreenSync, WallSync } from '@ioc/protocol';
import type { Store } from '../db/store';
import type { Hub } from './hub';
import { createScreenPresence } from './screen-presence';

interface Live {
  sockets: number;
  ackedVersion: number | null;
  appliedAt: number | null;
  wallId: string | null;
  lastHeartbeat: ScreenHealth | null;
}

/**
 * Per-screen live status: kept in memory on purpose. It describes connections, which do not
 * survive a restart anyway; after one, screens resync and ack again.
 */
export function createSyncStatus(store: Store, hub: Hub, now: () => number) {
  const live = new Map<string, Live>();
  // Connections per wall, offline-since and switch completion (alerts and metrics read these).
  const presence = createScreenPresence(hub, now);
  // Current version per wall, kept from the hub so an ack from each of 1000 screens costs no query.
  const versions = new Map<string, number>();
  hub.on('state', (st) => versions.set(st.wallId, Math.max(st.version, versions.get(st.wallId) ?? 0)));
  const versionOf = (wallId: string): number => {
    let v = versions.get(wallId);
    if (v === undefined) versions.set(wallId, (v = store.states.currentVersion(wallId) ?? 0));
    return v;
  };
  const entry = (screenId: string): Live => {
    let e = live.get(screenId);
    if (!e) live.set(screenId, (e = { sockets: 0, wallId: null, ackedVersion: null, appliedAt: null, lastHeartbeat: null }));
    return e;
  };
  return {
    connected(screenId: string, wallId: string): void {
      const e = entry(screenId);
      e.sockets += 1;
      e.wallId = wallId;
      presence.connected(screenId, wallId);
      hub.emit('syncChanged', wallId);
    },
    disconnected(screenId: string, wallId: string): void {
      const e = entry(screenId);
      e.sockets = Math.max(0, e.sockets - 1);
      presence.disconnected(screenId, wallId);
      hub.emit('syncChanged', wallId);
    },
    /** `controllerAppliedAt` is the screen's appliedAt already moved onto the controller clock. */
    ack(screenId: string, wallId: string, version: number, controllerAppliedAt: number): boolean {
      const e = entry(screenId);
      // An older ack arriving late must not hide a newer one.
      if (e.ackedVersion === null || version >= e.ackedVersion) {
        e.ackedVersion = version;
        e.appliedAt = controllerAppliedAt;
      }
      presence.acked(screenId, wallId, version, controllerAppliedAt);
      hub.emit('syncChanged', wallId);
      return e.ackedVersion === versionOf(wallId);
    },
    /**
     * A (re)connected screen says which version it draws. After a controller restart, or for a
     * screen that restarted from its cached state, this is the only news of it: count it as
     * an ack, keeping the appliedAt we knew for that version, if any.
     */
    resumed(screenId: string, wallId: string, version: number): void {
      const e = entry(screenId);
      if (e.ackedVersion !== null && version < e.ackedVersion) return;
      if (e.ackedVersion !== version) e.appliedAt = null;
      e.ackedVersion = version;
      hub.emit('syncChanged', wallId);
    },
    heartbeat(screenId: string, wallId: string, hb: Heartbeat): void {
      const { appliedVersion: _v, ...health } = hb;
      const e = entry(screenId);
      e.wallId = wallId;
      e.lastHeartbeat = { ...health, at: now() };
      hub.emit('syncChanged', wallId);
    },
    /** Whether a screen has a connected socket now. */
    isOnline(screenId: string): boolean {
      return (live.get(screenId)?.sockets ?? 0) > 0;
    },
    /** A screen's latest health (its last heartbeat), null before its first one. */
    health(screenId: string): ScreenHealth | null {
      return live.get(screenId)?.lastHeartbeat ?? null;
    },
    /** Every screen heard from since start: its wall, whether online, its latest health (metrics read this). */
    healthAll(): { screenId: string; wallId: string | null; online: boolean; health: ScreenHealth | null }[] {
      return [...live].map(([screenId, e]) => ({ screenId, wallId: e.wallId, online: e.sockets > 0, health: e.lastHeartbeat }));
    },
    forget(screenId: string): void {
      live.delete(screenId);
      presence.forget(screenId);
    },
    /** Null while the screen is connected; else since when it is not (this process's start at the latest). */
    offlineSince: presence.offlineSince,
    getWallSync(wallId: string): WallSync {
      const version = versionOf(wallId);
      const screens: ScreenSync[] = store.walls.screens(wallId).map((s) => {
        const e = live.get(s.id);
        const online = (e?.sockets ?? 0) > 0;
        const ackedVersion = e?.ackedVersion ?? null;
        return {
          screenId: s.id,
          col: s.col,
          row: s.row,
          online,
          ackedVersion,
          appliedAt: e?.appliedAt ?? null,
          inSync: online && ackedVersion === version,
          lastHeartbeat: e?.lastHeartbeat ?? null,
        };
      });
      return { wallId, version, screens };
    },
  };
}
export type SyncStatus = ReturnType<typeof createSyncStatus>;
