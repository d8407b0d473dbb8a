/**
 * Browser entry for tests/e2e/video-tile.test.ts (bundled by esbuild): mounts camera tiles in
 * a real pixi Application and exposes the video parts on `window.__iocVideo`.
 */
import { Application } from 'pixi.js';
import type { ScreenCrop } from '@ioc/layout-presets';
import type { AccessToken, StreamState, StreamStatus, Tile } from '@ioc/protocol';
import { createAccessTokens } from '../../wall-client/src/core/access-tokens';
import type { TileServices, TileView } from '../../wall-client/src/renderer/tile-pipe';
import { cameraPipe, HlsPlayer, liveVideoCounts } from '../../wall-client/src/renderer/video';
import { createTokenMediaResolver } from '../../wall-client/src/renderer/video/token-media-resolver';
import { startBarcodeReader } from './barcode';

type CameraTile = Tile & { source: { kind: 'camera'; cameraId: string; transport?: 'auto' | 'webrtc' | 'hls' } };

let app: Application | null = null;
const mounted: TileView[] = [];
const mountedIds = new WeakMap<TileView, string>();

/**
 * Stream statuses as the screen client would relay them from the controller, pushed by the test.
 * `listeners()` proves tiles unsubscribe when destroyed.
 */
const statusListeners = new Set<(s: StreamStatus) => void>();
const statuses = new Map<string, StreamStatus>();
const streamsDouble: NonNullable<TileServices['streams']> = {
  status: (cameraId, profile) => statuses.get(`${cameraId}/${profile}`) ?? null,
  subscribe(fn) {
    statusListeners.add(fn);
    return () => void statusListeners.delete(fn);
  },
};

function pushStatus(cameraId: string, profile: 'main' | 'sub', state: StreamState): void {
  const s: StreamStatus = { cameraId, profile, state, since: Date.now(), restarts: 0, lastSegmentAt: null, codec: 'h264', transcoding: false, error: null };
  statuses.set(`${cameraId}/${profile}`, s);
  for (const fn of [...statusListeners]) fn(s);
}

const servicesFor = (url: string): TileServices => ({
  now: () => Date.now(),
  lang: () => 'vi',
  media: { streamUrl: async () => url },
  streams: streamsDouble,
});

/**
 * Services as main.ts wires them, against a token-checking gateway double: the real token cache
 * (renewing in the last quarter of a token's life) behind the real token media resolver. With
 * `refresh: false` players keep their first URL, as before the fix.
 */
function tokenServices(gatewayUrl: string, refresh: boolean): TileServices {
  const tokens = createAccessTokens({
    fetch: async (req) => {
      const r = await fetch(`${gatewayUrl}/token?camera=${encodeURIComponent(req.aud === 'media' ? req.resource : '')}`);
      return r.ok ? ((await r.json()) as AccessToken) : null;
    },
    now: () => Date.now(),
    // The double's tokens live 3 s; the screen's default floor of 5 s would never cache one.
    minValidityMs: 500,
  });
  const resolver = createTokenMediaResolver({
    token: (cameraId) => tokens.get({ aud: 'media', resource: cameraId }),
    invalidate: (cameraId) => tokens.invalidate({ aud: 'media', resource: cameraId }),
  });
  return {
    now: () => Date.now(),
    lang: () => 'vi',
    media: refresh ? resolver : { streamUrl: resolver.streamUrl, invalidate: resolver.invalidate! },
  };
}

const fullCrop = (tileId: string, w: number, h: number): ScreenCrop => ({
  tileId,
  dest: { x: 0, y: 0, w, h },
  src: { x: 0, y: 0, w, h },
  tileSize: { w, h },
  z: 0,
});

interface MountOptions {
  url: string;
  width: number;
  height: number;
  label: string;
  renderer: 'webgl' | 'canvas';
  id?: string;
  cameraId?: string;
  /** Streams through the token gateway double at this URL instead of `url`. */
  tokenGateway?: { url: string; refresh: boolean };
}

async function mountCameraTile(opts: MountOptions) {
  if (!app) {
    app = new Application();
    await app.init({ width: opts.width, height: opts.height, background: '#202020', preference: opts.renderer, antialias: false });
    document.body.appendChild(app.canvas);
  }
  const tile: CameraTile = {
    id: opts.id ?? 'cam-tile',
    rect: { x: 0, y: 0, w: 1, h: 1 },
    z: 0,
    label: opts.label,
    // This page tests the HLS path (the token double serves HLS only); WebRTC has its own suite.
    source: { kind: 'camera', cameraId: opts.cameraId ?? 'cam-1', transport: 'hls' },
  };
  const services = opts.tokenGateway ? tokenServices(opts.tokenGateway.url, opts.tokenGateway.refresh) : servicesFor(opts.url);
  const view = cameraPipe.create(tile, services);
  view.layout(fullCrop(tile.id, opts.width, opts.height));
  app.stage.addChild(view.container);
  const tick = () => view.tick?.(Date.now());
  app.ticker.add(tick);
  mounted.push(view);
  mountedIds.set(view, tile.id);
  view.container.once('destroyed', () => app?.ticker.remove(tick));
  const t0 = performance.now();
  await view.ready?.();
  return { readyMs: performance.now() - t0, renderer: app.renderer.name };
}

function unmountAll(): void {
  for (const v of mounted.splice(0)) {
    v.container.removeFromParent();
    v.destroy();
  }
}

/** Builds and destroys camera tiles like fast layout switches: 16-up (sub) and full (main). */
async function cycleCameraViews(url: string, n: number): Promise<number> {
  for (let i = 0; i < n; i++) {
    const small = i % 2 === 0;
    const tile: CameraTile = {
      id: `t${i}`,
      rect: { x: 0, y: 0, w: small ? 0.25 : 1, h: small ? 0.25 : 1 },
      z: 0,
      source: { kind: 'camera', cameraId: 'cam-1' },
    };
    const view = cameraPipe.create(tile, servicesFor(url));
    view.layout(fullCrop(tile.id, small ? 480 : 1920, small ? 270 : 1080));
    app?.stage.addChild(view.container);
    await new Promise((r) => setTimeout(r, i % 4 === 0 ? 30 : 0));
    view.container.removeFromParent();
    view.destroy();
  }
  return n;
}

/**
 * Distinct coarse colours (2 bits per channel) on the stage, read back from the canvas: a
 * blank or uniformly dark tile gives 1-2, the testsrc2 colour bars give many.
 */
function stageColors(): number {
  if (!app) return 0;
  const probe = document.createElement('canvas');
  probe.width = 64;
  probe.height = 36;
  const ctx = probe.getContext('2d', { willReadFrequently: true });
  if (!ctx) return 0;
  app.render();
  ctx.drawImage(app.canvas, 0, 0, probe.width, probe.height);
  const d = ctx.getImageData(0, 0, probe.width, probe.height).data;
  const seen = new Set<number>();
  for (let i = 0; i < d.length; i += 4) seen.add(((d[i]! >> 6) << 4) | ((d[i + 1]! >> 6) << 2) | (d[i + 2]! >> 6));
  return seen.size;
}

/**
 * A 16-up tile (sub stream) grown to a full screen: the view must ask for main and swap to it
 * once main presents a frame. An explicit `stream: 'main'` on a small tile is honoured.
 */
async function profileSwitch(url: string) {
  const requested: string[] = [];
  const services: TileServices = {
    now: () => Date.now(),
    lang: () => 'vi',
    media: {
      streamUrl: async (cameraId, profile) => {
        requested.push(`${cameraId}:${profile}`);
        return url;
      },
    },
  };
  const small: CameraTile = { id: 'small', rect: { x: 0, y: 0, w: 0.25, h: 0.25 }, z: 0, source: { kind: 'camera', cameraId: 'cam-2' } };
  const view = cameraPipe.create(small, services);
  view.layout(fullCrop('small', 480, 270));
  await view.ready?.();
  const mine = () => window.__wallVideo!.tiles().find((t) => t.tileId === 'small')!;
  const before = mine().profile;
  view.layout(fullCrop('small', 1920, 1080));
  const t0 = performance.now();
  while ((mine().profile !== 'main' || mine().state !== 'playing') && performance.now() - t0 < 10_000) await new Promise((r) => setTimeout(r, 100));
  const after = mine();
  const live = liveVideoCounts().players;
  view.destroy();
  const explicit = cameraPipe.create({ ...small, id: 'explicit', source: { kind: 'camera', cameraId: 'cam-3', stream: 'main' } } as CameraTile, services);
  explicit.layout(fullCrop('explicit', 480, 270));
  explicit.destroy();
  return { requested, before, after: after.profile, afterState: after.state, playersDuringSwitch: live, playersAfter: liveVideoCounts().players };
}

/**
 * `n` 16-up tiles (4x4 on one screen) of `n` cameras that have only a main stream: the sub URL
 * answers 404, as the gateway does for a camera without one. Resolves with each tile's profile
 * and state once all play or `timeoutMs` passes.
 */
async function noSubGrid(url: string, n: number, timeoutMs: number) {
  const size = { w: 1920, h: 1080 };
  if (!app) {
    app = new Application();
    await app.init({ width: 640, height: 360, background: '#202020', preference: 'canvas', antialias: false });
    document.body.appendChild(app.canvas);
  }
  const requested: string[] = [];
  const services: TileServices = {
    now: () => Date.now(),
    lang: () => 'vi',
    media: {
      streamUrl: async (cameraId, profile) => {
        requested.push(`${cameraId}:${profile}`);
        return profile === 'sub' ? url.replace('index.m3u8', 'no-sub-stream.m3u8') : url;
      },
    },
  };
  const views: TileView[] = [];
  for (let i = 0; i < n; i++) {
    const col = i % 4;
    const row = Math.floor(i / 4);
    const tile: CameraTile = { id: `grid-${i}`, rect: { x: col / 4, y: row / 4, w: 0.25, h: 0.25 }, z: 0, source: { kind: 'camera', cameraId: `nosub-${i}` } };
    const view = cameraPipe.create(tile, services);
    const w = size.w / 4;
    const h = size.h / 4;
    view.layout({ tileId: tile.id, dest: { x: col * w, y: row * h, w, h }, src: { x: 0, y: 0, w, h }, tileSize: { w, h }, z: 0 });
    app.stage.addChild(view.container);
    const tick = () => view.tick?.(Date.now());
    app.ticker.add(tick);
    view.container.once('destroyed', () => app?.ticker.remove(tick));
    views.push(view);
    mounted.push(view);
    mountedIds.set(view, tile.id);
  }
  const grid = () => window.__wallVideo!.tiles().filter((t) => t.tileId.startsWith('grid-'));
  const t0 = performance.now();
  while (performance.now() - t0 < timeoutMs && grid().filter((t) => t.state === 'playing' && t.profile === 'main' && !t.overlayVisible).length < n) {
    await new Promise((r) => setTimeout(r, 100));
  }
  const tiles = grid();
  return {
    ms: performance.now() - t0,
    playing: tiles.filter((t) => t.state === 'playing' && t.profile === 'main' && !t.overlayVisible).length,
    profiles: tiles.map((t) => t.profile),
    subRequests: requested.filter((r) => r.endsWith(':sub')).length,
  };
}

/** Destroys one mounted tile (by id). */
function unmount(tileId: string): void {
  const i = mounted.findIndex((v) => mountedIds.get(v) === tileId);
  const [v] = i >= 0 ? mounted.splice(i, 1) : [];
  v?.container.removeFromParent();
  v?.destroy();
}

const statusListenerCount = () => statusListeners.size;

/**
 * Samples one tile every 100 ms until stopped: whether its overlay ever showed, the most
 * spawns seen, and the media time it played meanwhile.
 */
function watchTile(tileId: string) {
  const find = () => window.__wallVideo!.tiles().find((t) => t.tileId === tileId);
  const first = find();
  const acc = { overlaySeen: false, states: new Set<string>(), maxSpawns: first?.spawns ?? 0, startTime: first?.currentTime ?? 0 };
  const timer = setInterval(() => {
    const t = find();
    if (!t) return;
    acc.overlaySeen ||= t.overlayVisible;
    acc.states.add(t.state);
    acc.maxSpawns = Math.max(acc.maxSpawns, t.spawns);
  }, 100);
  return {
    stop() {
      clearInterval(timer);
      const t = find();
      return { overlaySeen: acc.overlaySeen, states: [...acc.states], maxSpawns: acc.maxSpawns, played: (t?.currentTime ?? 0) - acc.startTime, last: t ?? null };
    },
  };
}

let watcher: ReturnType<typeof watchTile> | null = null;
const startWatch = (tileId: string) => void (watcher = watchTile(tileId));
const stopWatch = () => watcher!.stop();

const api = { noSubGrid, pushStatus, statusListenerCount, unmount, startWatch, stopWatch, profileSwitch, stageColors, HlsPlayer, liveVideoCounts, startBarcodeReader, mountCameraTile, unmountAll, cycleCameraViews };
export type VideoTestApi = typeof api;
(globalThis as unknown as { __iocVideo: VideoTestApi }).__iocVideo = api;
