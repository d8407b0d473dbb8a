/**
 * Browser entry for tests/e2e/camera-transport.test.ts (bundled by esbuild): camera tiles as the
 * wall builds them (cameraPipe, the real token media resolver, WebRTC or HLS) in one pixi app of
 * one 1920x1080 screen, against a real gateway. Tokens come from the test (`__token`).
 */
import { Application } from 'pixi.js';
import type { AccessToken, CameraTransport, SourceOf, Tile } from '@ioc/protocol';
import type { TileServices, TileView } from '../../wall-client/src/renderer/tile-pipe';
import { cameraPipe, liveVideoCounts } from '../../wall-client/src/renderer/video';
import { livePeerCount } from '../../wall-client/src/renderer/video/live-counts';
import { createTokenMediaResolver } from '../../wall-client/src/renderer/video/token-media-resolver';

declare global {
  interface Window {
    /** Exposed by the test: a media token for one camera on one gateway. */
    __token(gatewayUrl: string, cameraId: string): Promise<AccessToken>;
  }
}

let app: Application | null = null;
const mounted: TileView[] = [];

interface GridOptions {
  gatewayUrl: string;
  cameraIds: string[];
  /** Tiles per row (and column): 1 fills the screen, 4 is 16-up. */
  perRow: number;
  transport?: CameraTransport;
}

async function mountGrid(o: GridOptions): Promise<void> {
  if (!app) {
    app = new Application();
    await app.init({ width: 960, height: 540, background: '#202020', preference: 'canvas', antialias: false });
    document.body.appendChild(app.canvas);
    app.stage.scale.set(0.5);
  }
  const media = createTokenMediaResolver({ token: (cameraId) => window.__token(o.gatewayUrl, cameraId), invalidate: () => undefined });
  const services: TileServices = { now: () => Date.now(), lang: () => 'vi', media, displayScale: () => 1 };
  const w = 1920 / o.perRow;
  const h = 1080 / o.perRow;
  o.cameraIds.forEach((cameraId, i) => {
    const col = i % o.perRow;
    const row = Math.floor(i / o.perRow);
    const tile: Tile & { source: SourceOf<'camera'> } = {
      id: `t-${cameraId}`,
      rect: { x: col / o.perRow, y: row / o.perRow, w: 1 / o.perRow, h: 1 / o.perRow },
      z: 0,
      label: cameraId,
      source: { kind: 'camera', cameraId, ...(o.transport ? { transport: o.transport } : {}) },
    };
    const view = cameraPipe.create(tile, services);
    view.layout({ tileId: tile.id, dest: { x: col * w, y: row * h, w, h }, src: { x: 0, y: 0, w, h }, tileSize: { w, h }, z: 0 });
    app!.stage.addChild(view.container);
    const tick = () => view.tick?.(Date.now());
    app!.ticker.add(tick);
    view.container.once('destroyed', () => app?.ticker.remove(tick));
    mounted.push(view);
  });
}

function tiles() {
  return window.__wallVideo!.tiles().map((t) => ({ id: t.tileId, state: t.state, transport: t.transport, profile: t.profile, overlay: t.overlayVisible, width: t.videoWidth }));
}

function unmountAll(): void {
  for (const v of mounted.splice(0)) {
    v.container.removeFromParent();
    v.destroy();
  }
}

const counts = () => ({ ...liveVideoCounts(), peers: livePeerCount() });

const api = { mountGrid, tiles, unmountAll, counts };
export type CameraTransportTestApi = typeof api;
(globalThis as unknown as { __iocTransport: CameraTransportTestApi }).__iocTransport = api;
