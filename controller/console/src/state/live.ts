import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';
import type { Alert, Camera, Escalation, Layout, PairingInfo, ScreenListItem, StreamStatus, WallSpec, WallState, WallSync } from '@ioc/protocol';
import { connectConsoleSocket, type ConsoleSocket } from '../socket';
import { api, endSession } from './session';

/**
 * What the controller pushes, kept in one store: both walls, their state and sync, the cameras
 * and their streams, escalations, alerts and pending screens. Components select the slice they
 * draw, so a sync push (up to 10 a second during a switch) re-renders only what it changed.
 */
export interface LiveState {
  connection: 'connecting' | 'online' | 'offline';
  walls: WallSpec[];
  states: Record<string, WallState | null>;
  sync: Record<string, WallSync>;
  layouts: Record<string, Layout[]>;
  screens: ScreenListItem[];
  cameras: Camera[];
  /** Keyed by `${cameraId}/${profile}`. */
  streams: Record<string, StreamStatus>;
  gatewayConnected: boolean;
  escalations: Escalation[];
  alerts: Alert[];
  pending: PairingInfo[];
}

const initial = (): LiveState => ({
  connection: 'connecting',
  walls: [],
  states: {},
  sync: {},
  layouts: {},
  screens: [],
  cameras: [],
  streams: {},
  gatewayConnected: false,
  escalations: [],
  alerts: [],
  pending: [],
});

export const liveStore = createStore<LiveState>(initial);
export const useLive = <T>(pick: (s: LiveState) => T): T => useStore(liveStore, pick);

export const streamKey = (cameraId: string, profile: string): string => `${cameraId}/${profile}`;

let socket: ConsoleSocket | null = null;

const upsertBy = <T>(list: T[], item: T, same: (a: T) => boolean): T[] => {
  const i = list.findIndex(same);
  if (i < 0) return [...list, item];
  const next = list.slice();
  next[i] = item;
  return next;
};

/** Connects the console socket and loads everything the workspaces draw. */
export async function startLive(token: string): Promise<void> {
  stopLive();
  const set = liveStore.setState;
  socket = connectConsoleSocket(token, {
    onStatus: (connection) => {
      const was = liveStore.getState().connection;
      set({ connection });
      // Pushes missed while the link was down: catch up once it is back.
      if (connection === 'online' && was === 'offline') void refreshLive().catch(() => undefined);
    },
    onWallState: (state) => {
      const cur = liveStore.getState().states[state.wallId];
      if (cur && cur.version >= state.version) return;
      set((s) => ({ states: { ...s.states, [state.wallId]: state } }));
    },
    onWallSync: (sync) => set((s) => ({ sync: { ...s.sync, [sync.wallId]: sync } })),
    onPending: (pending) => set({ pending }),
    onStreamStatus: (st) => set((s) => ({ streams: { ...s.streams, [streamKey(st.cameraId, st.profile)]: st } })),
    onAlert: (a) =>
      set((s) => {
        const others = s.alerts.filter((x) => x.id !== a.id);
        return { alerts: a.clearedAt === null ? [...others, a] : others };
      }),
    onEscalation: (e) => set((s) => ({ escalations: upsertBy(s.escalations, e, (x) => x.id === e.id) })),
    onWall: (wall) => set((s) => ({ walls: upsertBy(s.walls, wall, (w) => w.id === wall.id) })),
    onSessionEnded: () => endSession('expired'),
  });
  await refreshLive();
}

/**
 * (Re)loads everything from the REST API: at start and after the socket was offline. Every call
 * runs at once, and each wall's state is stored as soon as it arrives, so the mimic draws after
 * two round trips (walls, then the wall's state), not after the slowest list.
 */
export async function refreshLive(): Promise<void> {
  const lists = Promise.all([
    api.screens().then((screens) => liveStore.setState({ screens })),
    api.cameras().then((cameras) => liveStore.setState({ cameras })),
    api
      .streamStatus()
      .catch(() => ({ streams: [] as StreamStatus[], gatewayConnected: false }))
      .then((status) =>
        liveStore.setState({
          streams: Object.fromEntries(status.streams.map((st) => [streamKey(st.cameraId, st.profile), st])),
          gatewayConnected: status.gatewayConnected,
        }),
      ),
    api.escalations('all').then((escalations) => liveStore.setState({ escalations })),
    api.alerts().then((alerts) => liveStore.setState({ alerts })),
  ]);
  const walls = await api.walls();
  liveStore.setState({ walls });
  for (const w of walls) socket?.watchWall(w.id);
  const perWall = walls.flatMap((w) => [
    api.wallState(w.id).then((state) =>
      liveStore.setState((s) => {
        const cur = s.states[w.id];
        return !cur || (state && state.version > cur.version) ? { states: { ...s.states, [w.id]: state } } : {};
      }),
    ),
    api.wallSync(w.id).then((sync) => liveStore.setState((s) => ({ sync: { ...s.sync, [w.id]: sync } }))),
    api.layouts(w.id).then((layouts) => liveStore.setState((s) => ({ layouts: { ...s.layouts, [w.id]: layouts } }))),
  ]);
  await Promise.all([lists, ...perWall]);
}

/** Reloads one list after a command changed it (the controller pushes states, not every list). */
export async function reloadLayouts(wallId: string): Promise<void> {
  const list = await api.layouts(wallId);
  liveStore.setState((s) => ({ layouts: { ...s.layouts, [wallId]: list } }));
}
export async function reloadCameras(): Promise<void> {
  liveStore.setState({ cameras: await api.cameras() });
}
export async function reloadScreens(): Promise<void> {
  liveStore.setState({ screens: await api.screens() });
}

export function stopLive(): void {
  socket?.close();
  socket = null;
  liveStore.setState(initial());
}
