// Shaders and uniform sync without eval, so the page's CSP can forbid 'unsafe-eval'.
import 'pixi.js/unsafe-eval';
import { Application } from 'pixi.js';
import { createGatewayFeeds } from '../core/gateway-feeds';
import { createKioskStorage } from '../core/kiosk-storage';
import { createLocalStorage } from '../core/local-storage';
import { createRafScheduler } from '../core/raf-scheduler';
import { createScreenClient } from '../core/screen-client';
import { defaultNow } from '../core/timer-scheduler';
import { resolveBootConfig } from './boot-config';
import { installDebugHook } from './debug-hook';
import { createScreenHealth } from './screen-health';
import { captureScreenshot } from './screenshot';
import { chooseRenderer, probeWebgl } from './pick-renderer';
import type { TileServices } from './tile-pipe';
import './tiles/index';
import { createTokenMediaResolver } from './video/token-media-resolver';
import { WallView } from './wall-view';
import { widgetLanguage } from './wall-spec';

async function waitForFonts(): Promise<void> {
  const fonts = document.fonts;
  if (!fonts) return;
  // Text drawn before the face loads would be rasterised in a fallback font and stay so.
  const load = Promise.all(['400', '600', '700'].map((wt) => fonts.load(`${wt} 32px "Be Vietnam Pro"`, 'Aă'))).catch(() => []);
  await Promise.race([load, new Promise((r) => setTimeout(r, 1500))]);
}

async function boot(): Promise<void> {
  const kiosk = window.kiosk;
  const kioskConfig = kiosk ? await kiosk.getConfig().catch(() => null) : null;
  const cfg = resolveBootConfig({ search: location.search, origin: location.origin, kioskControllerUrl: kioskConfig?.controllerUrl });
  const storage = kiosk ? createKioskStorage(kiosk) : createLocalStorage(cfg.storagePrefix);

  const rendererChoice = chooseRenderer(cfg.renderer, cfg.renderer ? { fastContext: true, rendererName: '' } : probeWebgl());
  const app = new Application();
  await app.init({
    resizeTo: window,
    background: '#000000',
    antialias: true,
    autoDensity: true,
    resolution: window.devicePixelRatio || 1,
    preference: rendererChoice.preference,
  });
  console.info(`[wall] renderer ${app.renderer.name}: ${rendererChoice.reason}`);
  if (cfg.maxFps > 0) app.ticker.maxFPS = cfg.maxFps;
  document.body.appendChild(app.canvas);
  await waitForFonts();

  const now = defaultNow;
  // The client is built below; health reads its corrected clock only once a heartbeat asks.
  let controllerNow: () => number = now;
  const client = createScreenClient({
    controllerUrl: cfg.controllerUrl,
    storage,
    scheduler: createRafScheduler({ now }),
    now,
    hostname: kioskConfig?.hostname,
    demoPosition: cfg.demoPosition,
    health: createScreenHealth(app, () => controllerNow()),
    captureScreenshot: (maxBytes) => captureScreenshot(app, maxBytes),
  });
  controllerNow = () => client.controllerNow();
  // Feeds follow the gateway named in the welcome; tokens come from the controller.
  const feeds = createGatewayFeeds({
    gatewayUrl: () => client.store.getState().mediaGatewayUrl,
    watchGatewayUrl: (fn) => client.store.subscribe((s, prev) => s.mediaGatewayUrl !== prev.mediaGatewayUrl && fn()),
    token: async () => (await client.feedsAuth()).token,
    invalidateToken: () => client.invalidateAccessToken({ aud: 'feeds' }),
  });
  let view: WallView | null = null;
  const services: TileServices = {
    now: () => client.controllerNow(),
    // Players re-token every request from the cache, so a 24/7 tile outlives its tokens.
    media: createTokenMediaResolver({
      base: client.mediaResolver(),
      token: (cameraId) => client.accessToken({ aud: 'media', resource: cameraId }),
      invalidate: (cameraId) => client.invalidateAccessToken({ aud: 'media', resource: cameraId }),
    }),
    streams: {
      status: (cameraId, profile) => client.streamStatus(cameraId, profile),
      subscribe: (fn) => client.onStreamStatus(fn),
    },
    feeds,
    // The wall's setting wins; the URL's `lang` is the fallback (and the language before the first welcome).
    lang: () => widgetLanguage(client.store.getState().identity, cfg.lang),
    displayScale: () => (view ? view.displayScale() : 1),
    screen: () => {
      const { wallId, col, row } = client.store.getState().identity;
      return wallId !== null && col !== null && row !== null ? { wallId, col, row } : null;
    },
  };
  view = new WallView(app, client, services);
  installDebugHook(app, view, () => client.store.getState(), () => client.controllerNow(), rendererChoice.reason);
  setInterval(() => client.reportFps(app.ticker.FPS), 1000);
  await client.start();
}

boot().catch((err: unknown) => {
  // Nothing better to show without pixi; keep the page black rather than an error page.
  console.error('[wall] boot failed:', err);
});
