import type { Camera, StreamStatus } from '@ioc/protocol';
import type { ConsoleApi } from './api';
import { createBody, patchBody } from './camera-body';
import type { CameraFormValues } from './camera-body';
import { streamKey } from './store';
import type { Store } from './store';

export interface CameraActionDeps {
  store: Store;
  api: ConsoleApi;
  /** The session guard of the main actions: an ended session goes back to the login form. */
  guarded: <T>(p: Promise<T>) => Promise<T>;
}

/** A status replaces the one we hold unless it is older (a REST answer racing a push). */
function merge(into: Record<string, StreamStatus>, list: Iterable<StreamStatus>): Record<string, StreamStatus> {
  const next = { ...into };
  for (const s of list) {
    const k = streamKey(s.cameraId, s.profile);
    const held = next[k];
    if (!held || held.since <= s.since) next[k] = s;
  }
  return next;
}

function statusesOf(cameras: Camera[]): StreamStatus[] {
  return cameras.flatMap((c) => [c.status?.main, c.status?.sub].filter((s): s is StreamStatus => !!s));
}

/** The camera registry and stream health, for every role; edits for admins and technicians. */
export function createCameraActions({ store, api, guarded }: CameraActionDeps) {
  let checkTimer: ReturnType<typeof setTimeout> | undefined;

  async function refreshStreams(): Promise<void> {
    const { streams, gatewayConnected } = await guarded(api.streamStatus());
    store.set({ streams: merge(store.get().streams, streams), gatewayConnected });
  }

  async function refreshCameras(): Promise<void> {
    const [cameras, status] = await Promise.allSettled([guarded(api.cameras()), guarded(api.streamStatus())]);
    let streams = store.get().streams;
    if (cameras.status === 'fulfilled') streams = merge(streams, statusesOf(cameras.value));
    if (status.status === 'fulfilled') streams = merge(streams, status.value.streams);
    store.set({
      streams,
      ...(cameras.status === 'fulfilled' ? { cameras: cameras.value } : {}),
      ...(status.status === 'fulfilled' ? { gatewayConnected: status.value.gatewayConnected } : {}),
    });
    const failed = [cameras, status].find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
  }

  /** Replaces the camera in the list with the controller's answer (which never holds credentials). */
  function upsert(saved: Camera): void {
    const list = store.get().cameras ?? [];
    const at = list.findIndex((c) => c.id === saved.id);
    const cameras = at < 0 ? [...list, saved] : list.map((c, i) => (i === at ? saved : c));
    store.set({ cameras, streams: merge(store.get().streams, statusesOf([saved])) });
  }

  return {
    refreshCameras,
    refreshStreams,
    /**
     * A pushed status change. Pushes do not say whether the controller still reaches the
     * gateway, so a burst of them is followed by one look at `/api/streams/status`.
     */
    onStreamStatus(s: StreamStatus): void {
      store.set({ streams: merge(store.get().streams, [s]) });
      clearTimeout(checkTimer);
      checkTimer = setTimeout(() => void refreshStreams().catch(() => undefined), 1000);
    },
    /** Creates (when `old` is null) or updates a camera; returns the saved camera. */
    async saveCamera(old: Camera | null, values: CameraFormValues): Promise<Camera> {
      const saved = old ? await guarded(api.updateCamera(old.id, patchBody(old, values))) : await guarded(api.createCamera(createBody(values)));
      upsert(saved);
      return saved;
    },
    async clearCredentials(id: string): Promise<Camera> {
      const saved = await guarded(api.updateCamera(id, { username: null, password: null }));
      upsert(saved);
      return saved;
    },
    async deleteCamera(id: string): Promise<void> {
      await guarded(api.deleteCamera(id));
      store.set({ cameras: (store.get().cameras ?? []).filter((c) => c.id !== id) });
    },
    /** Drops the pending gateway look-up (the session ended). */
    stopStatusChecks(): void {
      clearTimeout(checkTimer);
    },
  };
}

export type CameraActions = ReturnType<typeof createCameraActions>;
