import type { Alert, AuditEntry, Camera, Layout, LoginResult, PairingInfo, Screen, StreamStatus, WallSpec, WallState, WallSync } from '@ioc/protocol';

export interface ConsoleState {
  session: LoginResult | null;
  walls: WallSpec[];
  wallId: string | null;
  /** The wall's current state, i.e. the version the operator is looking at. */
  wallState: WallState | null;
  sync: WallSync | null;
  layouts: Layout[];
  selectedLayoutId: string | null;
  history: WallState[];
  pending: PairingInfo[];
  screens: Screen[];
  audit: AuditEntry[];
  /** null until the registry has been loaded once. */
  cameras: Camera[] | null;
  /** Latest health per `cameraId/profile`, from the REST answers and the live pushes. */
  streams: Record<string, StreamStatus>;
  /** Whether the controller currently follows the media gateway; null while unknown. */
  gatewayConnected: boolean | null;
  socket: { status: 'offline' | 'connecting' | 'online'; detail: string };
  /** Active alerts (a screen or camera offline, a feed stale), oldest first. */
  alerts: Alert[];
}

export const initialState = (): ConsoleState => ({
  session: null,
  walls: [],
  wallId: null,
  wallState: null,
  sync: null,
  layouts: [],
  selectedLayoutId: null,
  history: [],
  pending: [],
  screens: [],
  audit: [],
  cameras: null,
  streams: {},
  gatewayConnected: null,
  socket: { status: 'offline', detail: '' },
  alerts: [],
});

type Listener = (s: ConsoleState) => void;

/** A plain state object with change listeners; views pick the slices they draw. */
export function createStore(state: ConsoleState = initialState()) {
  const listeners = new Set<Listener>();
  const store = {
    get: (): ConsoleState => state,
    set(patch: Partial<ConsoleState>): void {
      state = { ...state, ...patch };
      for (const l of listeners) l(state);
    },
    /** Calls `render` now and whenever one of the selected values changes (by reference). */
    watch(select: (s: ConsoleState) => unknown[], render: (s: ConsoleState) => void): () => void {
      let last = select(state);
      render(state);
      const l: Listener = (s) => {
        const next = select(s);
        if (next.length === last.length && next.every((v, i) => Object.is(v, last[i]))) return;
        last = next;
        render(s);
      };
      listeners.add(l);
      return () => void listeners.delete(l);
    },
    /** The same store, but `dispose()` drops every watch made through it (views being replaced). */
    scoped() {
      const stops: (() => void)[] = [];
      return {
        ...store,
        watch: (select: (s: ConsoleState) => unknown[], render: (s: ConsoleState) => void) => {
          const stop = store.watch(select, render);
          stops.push(stop);
          return stop;
        },
        dispose: () => stops.splice(0).forEach((f) => f()),
      };
    },
  };
  return store;
}

export type Store = ReturnType<typeof createStore>;

export const currentWall = (s: ConsoleState): WallSpec | null => s.walls.find((w) => w.id === s.wallId) ?? null;
export const selectedLayout = (s: ConsoleState): Layout | null =>
  s.layouts.find((l) => l.id === s.selectedLayoutId) ?? null;
export const streamKey = (cameraId: string, profile: string): string => `${cameraId}/${profile}`;
export const roles = (s: ConsoleState) => s.session?.user.roles ?? [];
