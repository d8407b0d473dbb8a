import { ApiRequestError } from './api';
import type { ApplyRequest, ConsoleApi } from './api';
import type { ConsoleSocket, ConsoleSocketHandlers } from './socket';
import { createCameraActions } from './camera-actions';
import { can } from './permissions';
import { currentWall, initialState, roles } from './store';
import type { Store } from './store';
import type { LoginResult } from '@ioc/protocol';

const SESSION_KEY = 'ioc.console.session';

export interface ActionDeps {
  store: Store;
  api: ConsoleApi;
  connect: (token: string, handlers: ConsoleSocketHandlers) => ConsoleSocket;
  /** Where the console tells the user something that no panel owns (e.g. a session that ended). */
  notify: (kind: 'error' | 'info', text: string) => void;
}

/** What the views can ask for. Each call throws an ApiRequestError the calling view shows. */
export function createActions({ store, api, connect, notify }: ActionDeps) {
  let socket: ConsoleSocket | null = null;

  const wallId = (): string => {
    const id = store.get().wallId;
    if (!id) throw new ApiRequestError('WALL_NOT_FOUND', 'no wall selected', 0);
    return id;
  };

  /** An ended session sends the user back to the login form instead of failing panel by panel. */
  async function guarded<T>(p: Promise<T>): Promise<T> {
    try {
      return await p;
    } catch (err) {
      if (err instanceof ApiRequestError && err.code === 'UNAUTHENTICATED' && store.get().session) {
        endSession();
        notify('error', `Your session has ended (${err.message}). Please sign in again.`);
      }
      throw err;
    }
  }

  const cameras = createCameraActions({ store, api, guarded });

  function endSession(): void {
    cameras.stopStatusChecks();
    socket?.close();
    socket = null;
    sessionStorage.removeItem(SESSION_KEY);
    store.set(initialState());
  }

  async function startSession(session: LoginResult): Promise<void> {
    store.set({ session });
    socket = connect(session.token, {
      onStatus: (status, detail) => {
        const was = store.get().socket.status;
        store.set({ socket: { status, detail } });
        // Pushes missed while the link was down: catch up once it is back.
        if (status === 'online' && was !== 'online' && store.get().cameras) void cameras.refreshStreams().catch(() => undefined);
        if (status === 'online' && was === 'offline') void refreshAlerts().catch(() => undefined);
      },
      onWallState: (state) => {
        const cur = store.get().wallState;
        if (cur && cur.version >= state.version) return;
        store.set({ wallState: state, history: [state, ...store.get().history.filter((h) => h.version !== state.version)] });
      },
      onWallSync: (sync) => store.set({ sync }),
      onPending: (pending) => store.set({ pending }),
      onStreamStatus: (s) => cameras.onStreamStatus(s),
      onAlert: (a) => {
        const others = store.get().alerts.filter((x) => x.id !== a.id);
        store.set({ alerts: a.clearedAt === null ? [...others, a] : others });
      },
    });
    const walls = await guarded(api.walls());
    const wanted = new URLSearchParams(location.hash.slice(1)).get('wall');
    const first = walls.find((w) => w.id === wanted) ?? walls[0];
    store.set({ walls });
    if (first) await selectWall(first.id);
    await Promise.allSettled([refreshTechnician(), refreshAudit(), refreshAlerts(), cameras.refreshCameras()]);
  }

  async function selectWall(id: string): Promise<void> {
    store.set({ wallId: id, wallState: null, sync: null, layouts: [], history: [], selectedLayoutId: null });
    window.history.replaceState(null, '', `#wall=${encodeURIComponent(id)}`);
    socket?.watchWall(id);
    await refreshWall();
  }

  /** Reloads what the wall panels show; one failing part does not blank the others. */
  async function refreshWall(): Promise<void> {
    const id = wallId();
    const [state, sync, layouts, hist] = await Promise.allSettled([
      guarded(api.wallState(id)),
      guarded(api.wallSync(id)),
      guarded(api.layouts(id)),
      guarded(api.history(id, 20)),
    ]);
    if (store.get().wallId !== id) return;
    store.set({
      ...(state.status === 'fulfilled' ? { wallState: state.value } : {}),
      ...(sync.status === 'fulfilled' ? { sync: sync.value } : {}),
      ...(layouts.status === 'fulfilled' ? { layouts: layouts.value } : {}),
      ...(hist.status === 'fulfilled' ? { history: hist.value } : {}),
    });
    const failed = [state, sync, layouts, hist].find((r) => r.status === 'rejected');
    // A wall that never had a state answers 404 for it; that is not worth an alarm.
    if (failed && !(state.status === 'rejected' && failed === state && isNotFound(state.reason))) {
      throw failed.reason;
    }
  }

  async function refreshTechnician(): Promise<void> {
    if (!can(roles(store.get()), 'pair')) return;
    const [pending, screens] = await Promise.all([guarded(api.pendingScreens()), guarded(api.screens())]);
    store.set({ pending, screens });
  }

  async function refreshAlerts(): Promise<void> {
    const alerts = await guarded(api.alerts());
    store.set({ alerts: [...alerts].sort((a, b) => a.raisedAt - b.raisedAt) });
  }

  async function refreshAudit(): Promise<void> {
    if (!can(roles(store.get()), 'audit')) return;
    store.set({ audit: await guarded(api.audit(50)) });
  }

  return {
    /**
     * Picks up an existing session: this tab's token, or else the HttpOnly session cookie (a new
     * tab), in which case REST and the socket authenticate by the cookie alone.
     */
    async resume(): Promise<boolean> {
      const raw = sessionStorage.getItem(SESSION_KEY);
      try {
        const saved = raw ? (JSON.parse(raw) as LoginResult) : null;
        if (saved && (!saved.token || saved.expiresAt <= Date.now())) throw new Error('expired');
        if (saved) store.set({ session: saved });
        const user = await api.me();
        await startSession(saved ? { ...saved, user } : { token: '', user, expiresAt: Number.MAX_SAFE_INTEGER });
        return true;
      } catch {
        endSession();
        return false;
      }
    },
    async login(username: string, password: string): Promise<void> {
      const session = await api.login(username, password);
      sessionStorage.setItem(SESSION_KEY, JSON.stringify(session));
      await startSession(session);
    },
    async logout(): Promise<void> {
      try {
        await api.logout();
      } finally {
        endSession();
      }
    },
    ...cameras,
    selectWall,
    refreshWall,
    refreshTechnician,
    refreshAudit,
    selectLayout(id: string | null): void {
      store.set({ selectedLayoutId: id });
    },
    /** Applies with `ifVersion` = the version on screen, so a concurrent change is never overwritten. */
    async apply(layoutId: string, reason: string): Promise<{ version: number; activateAt: number }> {
      const id = wallId();
      const body: ApplyRequest = { layoutId };
      const seen = store.get().wallState;
      if (seen) body.ifVersion = seen.version;
      if (reason.trim()) body.reason = reason.trim();
      const res = await guarded(api.apply(id, body));
      await refreshWall().catch(() => undefined);
      return res;
    },
    async saveCurrentAs(name: string): Promise<void> {
      const id = wallId();
      const state = store.get().wallState;
      if (!state) throw new ApiRequestError('VALIDATION_FAILED', 'the wall has no state to save yet', 0);
      const saved = await guarded(api.saveLayout(id, { name, tiles: state.tiles }));
      store.set({ layouts: await guarded(api.layouts(id)), selectedLayoutId: saved.id });
    },
    async deleteLayout(layoutId: string): Promise<void> {
      await guarded(api.deleteLayout(layoutId));
      store.set({ layouts: await guarded(api.layouts(wallId())), selectedLayoutId: null });
    },
    async pair(code: string, pairWallId: string, col: number, row: number): Promise<void> {
      await guarded(api.pair({ code, wallId: pairWallId, col, row }));
      await refreshTechnician();
      if (pairWallId === store.get().wallId) store.set({ sync: await guarded(api.wallSync(pairWallId)) });
    },
    async unpair(screenId: string): Promise<void> {
      await guarded(api.unpair(screenId));
      await refreshTechnician();
      const id = store.get().wallId;
      if (id) store.set({ sync: await guarded(api.wallSync(id)) });
    },
    async identify(): Promise<void> {
      await guarded(api.identify(wallId(), 5000));
    },
    wall: () => currentWall(store.get()),
  };
}

function isNotFound(err: unknown): boolean {
  return err instanceof ApiRequestError && err.status === 404;
}

export type Actions = ReturnType<typeof createActions>;
