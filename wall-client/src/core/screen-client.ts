import { PROTOCOL_VERSION, screenPushes } from '@ioc/protocol';
import type { AccessToken, AccessTokenRequest, ScreenHandshake, ScreenPosition, ScreenWelcome, StreamProfile, StreamStatus, WallSpec, WallState } from '@ioc/protocol';
import type { z } from 'zod';
import type { MediaResolver } from '../renderer/tile-pipe';
import { HeartbeatSchema, MAX_HEALTH_TILES } from '@ioc/protocol';
import type { ScreenHealthFieldsSchema } from '@ioc/protocol';
import { createAccessTokens } from './access-tokens';
import { uploadScreenshot, type CaptureScreenshot } from './screenshot-upload';
import { clockBurst } from './clock-sync';
import { clearCachedState, loadCachedState, loadIdentity, saveCachedState, saveIdentity } from './persistence';
import { createScreenStore } from './store';
import type { ScreenClientState, ScreenStore } from './store';
import { createRequester, defaultMemoryMb, defaultSocketFactory } from './socket-io';
import { defaultNow } from './timer-scheduler';
import type { FrameScheduler, KeyValueStore, ScreenSocket, SocketFactory } from './types';

export { defaultSocketFactory };

export interface ScreenClientOptions {
  controllerUrl: string;
  storage: KeyValueStore;
  scheduler: FrameScheduler;
  /** Local clock in epoch ms (sub-ms where available); the scheduler must use the same one. */
  now?: () => number;
  hostname?: string;
  demoPosition?: ScreenPosition;
  socketFactory?: SocketFactory;
  /** Process or JS heap memory in MB, for heartbeats. */
  memoryMb?: () => number;
  /** The renderer's health for heartbeats (renderer kind, dropped frames, video tiles, last error). */
  health?: () => ScreenHealthFields;
  /** Draws the screen to a PNG, for a technician's screenshot request; absent: the screen says it cannot. */
  captureScreenshot?: CaptureScreenshot;
  /** Tuning, mostly for tests. */
  heartbeatMs?: number;
  clockIntervalMs?: number;
  clockBurstCount?: number;
}

export interface ScreenClient {
  readonly store: ScreenStore;
  /** Loads identity and the cached state (drawn at once), then connects. */
  start(): Promise<void>;
  close(): void;
  reportFps(fps: number): void;
  /** Local time corrected to the controller's clock. */
  controllerNow(): number;
  /** A gateway access token (cached, renewed before expiry); rejects when the controller refuses. */
  accessToken(req: AccessTokenRequest): Promise<AccessToken>;
  /** Forgets a token the gateway refused. */
  invalidateAccessToken(req: AccessTokenRequest): void;
  /** HLS URLs carrying a media token for the camera (the wall must show it). */
  mediaResolver(): MediaResolver;
  /** Where and with what to connect to the gateway's `/feeds`. */
  feedsAuth(): Promise<{ url: string; token: string }>;
  /** Latest health the controller relayed for a camera stream this wall shows; null if none yet. */
  streamStatus(cameraId: string, profile: StreamProfile): StreamStatus | null;
  onStreamStatus(fn: (status: StreamStatus) => void): () => void;
}

export type ScreenHealthFields = z.infer<typeof ScreenHealthFieldsSchema>;

const REFUSED_RETRY_MS = 60_000;
/** How long to wait for the controller's follow-up (welcome, pairing) before reconnecting. */
const EXPECT_MS = 3_000;

type PushName = keyof typeof screenPushes;
export function createScreenClient(opts: ScreenClientOptions): ScreenClient {
  const now = opts.now ?? defaultNow;
  const store = createScreenStore();
  const get = () => store.getState();
  const set = (patch: Partial<ScreenClientState>) => store.setState(patch);
  const startedAt = now();
  let socket: ScreenSocket | null = null;
  let closed = false;
  let cancelActivation: (() => void) | null = null;
  let clockTimer: ReturnType<typeof setInterval> | undefined;
  let heartbeatTimer: ReturnType<typeof setInterval> | undefined;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let retries = 0;
  let bursting = false;
  let lastAck: { version: number; appliedAt: number; readyAt?: number } | null = null;
  /** When the pushed state waiting for its activateAt was ready to swap (the controller tunes its margin on it). */
  let ready: { version: number; at: number } | null = null;

  const controllerNow = () => now() + get().clockOffsetMs;
  const streamStatuses = new Map<string, StreamStatus>();
  /** True between a welcome and the next disconnect: only then will the controller issue tokens. */
  let welcomed = false;
  const statusListeners = new Set<(s: StreamStatus) => void>();

  function auth(): ScreenHandshake {
    const { deviceId, token } = get().identity;
    const a: ScreenHandshake = { protocolVersion: PROTOCOL_VERSION, deviceId };
    if (token) a.token = token;
    if (opts.hostname) a.hostname = opts.hostname.slice(0, 255);
    if (opts.demoPosition) a.demoPosition = opts.demoPosition;
    return a;
  }

  const request = createRequester(() => socket);
  /** Tiles drawn from the cached state ask before the socket is up: wait a little for it. */
  const whenPlaced = (ms: number) =>
    new Promise<boolean>((resolve) => {
      const ready = () => welcomed && get().connection === 'online' && socket?.connected === true;
      if (ready()) return resolve(true);
      const timer = setTimeout(() => finish(false), ms);
      const unsub = store.subscribe(() => ready() && finish(true));
      function finish(ok: boolean) {
        clearTimeout(timer);
        unsub();
        resolve(ok);
      }
    });
  const tokens = createAccessTokens({
    fetch: async (req) => ((await whenPlaced(5_000)) ? request('accessToken', req) : null),
    now: controllerNow,
  });
  // The controller said there is no gateway: answer at once rather than ask it per tile retry.
  const noGatewayCheck = () => {
    if (welcomed && get().mediaGatewayUrl === null) throw new Error('no media gateway is configured');
  };
  const mediaResolver: MediaResolver = {
    async streamUrl(cameraId, profile) {
      noGatewayCheck();
      const t = await tokens.get({ aud: 'media', resource: cameraId });
      const base = t.gatewayUrl.replace(/\/+$/, '');
      return `${base}/hls/${encodeURIComponent(t.token)}/${encodeURIComponent(cameraId)}/${profile}/index.m3u8`;
    },
  };

  function reschedule() {
    cancelActivation?.();
    cancelActivation = null;
    const p = get().pending;
    if (!p) return;
    cancelActivation = opts.scheduler.schedule(p.activateAt - get().clockOffsetMs, activate);
  }

  function activate() {
    cancelActivation = null;
    const p = get().pending;
    if (!p) return;
    const appliedAt = now();
    set({ current: p, pending: null, lastAppliedAt: appliedAt });
    lastAck = ready?.version === p.version ? { version: p.version, appliedAt, readyAt: ready.at } : { version: p.version, appliedAt };
    ready = null;
    // The activation frame does the swap only; the ack and the cache write follow at once,
    // outside it, so they never delay the frame (or, in a harness, the next screen's swap).
    setTimeout(() => {
      void sendAck();
      void saveCachedState(opts.storage, p, get().identity);
    }, 0);
  }

  async function sendAck() {
    if (!lastAck) return;
    const ack = { ...lastAck, clockOffsetMs: get().clockOffsetMs };
    const res = await request('ack', ack);
    if (res && ack.version > (get().ackedVersion ?? -1)) set({ ackedVersion: ack.version });
  }

  /** `pushed`: sent by the switch itself, not fetched by a resync or read from the cache. */
  function offer(state: WallState, pushed = false) {
    const { identity, current, pending } = get();
    if (identity.wallId && state.wallId !== identity.wallId) {
      console.warn(`[wall] state for wall ${state.wallId} ignored (this screen is on ${identity.wallId})`);
      return;
    }
    const highest = Math.max(current?.version ?? -1, pending?.version ?? -1);
    if (state.version <= highest) return;
    set({ pending: state });
    // After the store's subscribers ran: the renderer builds the new scene in them.
    if (pushed) ready = { version: state.version, at: now() };
    reschedule();
  }

  async function runClockBurst() {
    if (bursting) return;
    bursting = true;
    try {
      const best = await clockBurst({
        count: opts.clockBurstCount ?? 8,
        now,
        ping: (t0) => request('clock', { t0 }, 2_000),
        isCancelled: () => closed,
        onBetter: (s) => {
          const before = get().clockOffsetMs;
          set({ clockOffsetMs: s.offsetMs, rttMs: s.rttMs });
          if (get().pending && Math.abs(before - s.offsetMs) > 0.5) reschedule();
        },
      });
      if (best) set({ clockOffsetMs: best.offsetMs, rttMs: best.rttMs });
    } finally {
      bursting = false;
    }
  }

  function retryLater(ms: number) {
    if (retryTimer) clearTimeout(retryTimer);
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      if (!closed && socket && !socket.connected) socket.connect();
    }, ms);
  }

  function backoffMs() {
    const base = Math.min(10_000, 500 * 2 ** retries++);
    return base * (0.5 + Math.random() * 0.5);
  }

  function reconnectNow() {
    if (!socket || closed) return;
    socket.disconnect();
    socket.connect();
  }

  let expectTimer: ReturnType<typeof setTimeout> | undefined;
  let expecting: 'welcome' | 'pairing' | null = null;
  function expectSoon(what: 'welcome' | 'pairing') {
    if (expectTimer) clearTimeout(expectTimer);
    expecting = what;
    expectTimer = setTimeout(() => {
      expectTimer = undefined;
      if (expecting === what) reconnectNow();
    }, EXPECT_MS);
  }
  function fulfilled(what: 'welcome' | 'pairing' | 'paired') {
    if (expecting === what || (expecting === 'pairing' && what === 'paired')) {
      expecting = null;
      if (expectTimer) clearTimeout(expectTimer);
      expectTimer = undefined;
    }
  }

  /** The token is gone for good: forget the wall too, and show a pairing code again. */
  function forgetIdentity() {
    const { deviceId } = get().identity;
    cancelActivation?.();
    cancelActivation = null;
    lastAck = null;
    tokens.clear();
    streamStatuses.clear();
    welcomed = false;
    set({
      identity: { deviceId, token: null, screenId: null, wallId: null, col: null, row: null, wall: null },
      current: null,
      pending: null,
      ackedVersion: null,
    });
    void saveIdentity(opts.storage, { deviceId, token: null });
    void clearCachedState(opts.storage);
  }

  function sendHeartbeat() {
    const { identity, current, fps } = get();
    if (!identity.screenId) return;
    const memoryMb = Math.min(1_000_000, Math.max(0, opts.memoryMb?.() ?? defaultMemoryMb()));
    const base = {
      fps: Math.min(1000, Math.max(0, fps)),
      memoryMb,
      appliedVersion: current?.version ?? null,
      uptimeS: Math.max(0, (now() - startedAt) / 1000),
    };
    let health: ScreenHealthFields = {};
    try {
      health = opts.health?.() ?? {};
      if (health.tiles && health.tiles.length > MAX_HEALTH_TILES) health = { ...health, tiles: health.tiles.slice(0, MAX_HEALTH_TILES) };
    } catch (err) {
      console.warn('[wall] health report failed:', err);
    }
    // A health field out of bounds must not cost the heartbeat itself.
    const full = HeartbeatSchema.safeParse({ ...base, ...health });
    void request('heartbeat', full.success ? full.data : base);
  }

  let wallSaveTimer: ReturnType<typeof setTimeout> | null = null;
  const handlers: { [K in PushName]: (msg: z.infer<(typeof screenPushes)[K]>) => void } = {
    pairing: (msg) => set({ pairing: msg }),
    paired: (msg) => {
      const identity = { ...get().identity, ...msg, wall: null };
      set({ identity, pairing: null });
      void saveIdentity(opts.storage, identity);
      // The controller upgrades this very connection (welcome follows); one that does not
      // gets a reconnect carrying the new token.
      expectSoon('welcome');
    },
    unpaired: (msg) => {
      console.warn(`[wall] unpaired by the controller: ${msg.reason}`);
      forgetIdentity();
      expectSoon('pairing');
    },
    welcome: (msg) => {
      const prev = get();
      const moved = prev.identity.wallId !== null && prev.identity.wallId !== msg.wallId;
      // Tokens are per wall (media) and per gateway: a move or a new gateway starts afresh.
      const changed = (a: string | null, b: string | null) => a !== null && a !== b;
      if (moved || changed(prev.identity.screenId, msg.screenId) || changed(prev.mediaGatewayUrl, msg.mediaGatewayUrl)) tokens.clear();
      welcomed = true;
      if (moved) streamStatuses.clear();
      set({
        identity: {
          ...prev.identity,
          screenId: msg.screenId,
          wallId: msg.wallId,
          col: msg.col,
          row: msg.row,
          wall: welcomeWall(msg) ?? (moved ? null : prev.identity.wall),
        },
        mediaGatewayUrl: msg.mediaGatewayUrl,
        pairing: null,
        ...(moved ? { current: null, pending: null } : {}),
        // A rough offset until the first ping answers: better than assuming synced clocks.
        ...(prev.rttMs === null ? { clockOffsetMs: msg.serverTime - now() } : {}),
      });
      if (moved) cancelActivation?.();
      void runClockBurst();
      if (clockTimer) clearInterval(clockTimer);
      clockTimer = setInterval(() => void runClockBurst(), opts.clockIntervalMs ?? 30_000);
      void request('sync', { knownVersion: get().current?.version ?? null }).then((r) => {
        if (r?.state) offer(r.state);
      });
      // The controller learns this screen's health at once, not a heartbeat period later.
      setTimeout(sendHeartbeat, 0);
      // Ack again on every welcome: a restarted controller has forgotten who drew what.
      const cur = get().current;
      if (lastAck && cur && lastAck.version === cur.version) void sendAck();
    },
    // Bezels or widget language changed (a technician's slider): the scene re-lays out the
    // current state with the new geometry; nothing else (tokens, clock, sync) is touched.
    wall: (msg) => {
      const prev = get();
      if (prev.identity.wallId !== msg.id) return;
      set({ identity: { ...prev.identity, wall: msg } });
      // A dragged slider sends several a second: the cache (disk in the kiosk) is written once it settles.
      if (wallSaveTimer) clearTimeout(wallSaveTimer);
      wallSaveTimer = setTimeout(() => {
        wallSaveTimer = null;
        const cur = get().current;
        if (cur) void saveCachedState(opts.storage, cur, get().identity);
      }, 1000);
    },
    state: (msg) => offer(msg, true),
    identify: (msg) => set({ identifyUntil: msg.until }),
    streamStatus: (msg) => {
      streamStatuses.set(`${msg.cameraId}/${msg.profile}`, msg);
      for (const fn of [...statusListeners]) fn(msg);
    },
    screenshotRequest: (msg) => void uploadScreenshot(msg, opts.captureScreenshot, request),
  };

  function wire(s: ScreenSocket) {
    const loose = s as unknown as { on(ev: string, fn: (arg: unknown) => void): void };
    for (const name of Object.keys(screenPushes) as PushName[]) {
      loose.on(name, (raw) => {
        const parsed = screenPushes[name].safeParse(raw);
        if (!parsed.success) {
          console.warn(`[wall] invalid ${name} push dropped: ${parsed.error.issues[0]?.message ?? ''}`);
          return;
        }
        if (name === 'welcome' || name === 'pairing' || name === 'paired') fulfilled(name);
        (handlers[name] as (m: unknown) => void)(parsed.data);
      });
    }
    s.on('connect', () => {
      retries = 0;
      set({ connection: 'online', refusedReason: null, refusedCode: null });
    });
    s.on('disconnect', (reason) => {
      welcomed = false;
      if (clockTimer) clearInterval(clockTimer);
      clockTimer = undefined;
      if (closed) return;
      set({ connection: 'offline' });
      // The server hung up on purpose: socket.io will not reconnect by itself.
      if (reason === 'io server disconnect') retryLater(backoffMs());
    });
    s.on('connect_error', (err: Error & { data?: { code?: string; message?: string } }) => {
      if (closed) return;
      const code = err.data?.code ?? null;
      if (code === 'PROTOCOL_MISMATCH') {
        set({ connection: 'refused', refusedCode: code, refusedReason: err.data?.message ?? err.message });
        retryLater(REFUSED_RETRY_MS);
        return;
      }
      set({ connection: 'offline' });
      if (s.active) return; // transport failure: the manager retries with backoff
      if ((code === 'UNAUTHENTICATED' || code === 'FORBIDDEN') && get().identity.token) {
        console.warn('[wall] display token refused; asking for a new pairing');
        forgetIdentity();
        retryLater(250);
        return;
      }
      retryLater(backoffMs());
    });
  }

  return {
    store,
    controllerNow,
    reportFps: (fps) => set({ fps: Number.isFinite(fps) ? fps : 0 }),
    accessToken: (req) => tokens.get(req),
    invalidateAccessToken: (req) => tokens.invalidate(req),
    mediaResolver: () => mediaResolver,
    async feedsAuth() {
      noGatewayCheck();
      const t = await tokens.get({ aud: 'feeds' });
      return { url: t.gatewayUrl, token: t.token };
    },
    streamStatus: (cameraId, profile) => streamStatuses.get(`${cameraId}/${profile}`) ?? null,
    onStreamStatus(fn) {
      statusListeners.add(fn);
      return () => void statusListeners.delete(fn);
    },
    async start() {
      const id = await loadIdentity(opts.storage);
      const cached = await loadCachedState(opts.storage);
      const identity = { ...get().identity, deviceId: id.deviceId, token: id.token };
      if (cached && id.token) {
        Object.assign(identity, cached.placement);
        set({ identity, current: cached.state });
      } else set({ identity });
      if (closed) return;
      const base = opts.controllerUrl.replace(/\/+$/, '');
      socket = (opts.socketFactory ?? defaultSocketFactory)(`${base}/screen`, { auth: (cb) => cb(auth()) });
      wire(socket);
      heartbeatTimer = setInterval(sendHeartbeat, opts.heartbeatMs ?? 5_000);
    },
    close() {
      closed = true;
      cancelActivation?.();
      if (clockTimer) clearInterval(clockTimer);
      if (heartbeatTimer) clearInterval(heartbeatTimer);
      if (retryTimer) clearTimeout(retryTimer);
      if (expectTimer) clearTimeout(expectTimer);
      statusListeners.clear();
      tokens.clear();
      socket?.removeAllListeners();
      socket?.disconnect();
      set({ connection: 'offline' });
    },
  };
}

/** The welcome carries the widget language beside the spec, so that older screens' strict spec still parses. */
function welcomeWall(msg: ScreenWelcome): WallSpec | null {
  if (!msg.wall) return null;
  return msg.widgetLanguage ? { ...msg.wall, widgetLanguage: msg.widgetLanguage } : msg.wall;
}
