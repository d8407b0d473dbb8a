import { Container } from 'pixi.js';
import type { Application } from 'pixi.js';
import type { ScreenClient } from '../core/screen-client';
import { IdentifyOverlay } from './overlays/identify-overlay';
import { PairingOverlay } from './overlays/pairing-overlay';
import { StatusOverlay } from './overlays/status-overlay';
import { Scene } from './scene';
import type { TileServices } from './tile-pipe';
import { screenSize } from './wall-spec';

/**
 * The whole screen: tiles, then overlays, in panel px (e.g. 1920x1080), scaled to fit the
 * window so the same scene works full-screen on a panel and in a small demo iframe.
 */
export class WallView {
  readonly root = new Container();
  readonly tiles = new Container();
  readonly scene: Scene;
  readonly pairing = new PairingOverlay();
  readonly identify = new IdentifyOverlay();
  readonly status = new StatusOverlay();
  /** The last swap painted: its version and the controller time of the paint (tests, benches). */
  lastSwap: { version: number | null; at: number; renderMs: number } | null = null;
  private readonly unsubscribe: () => void;
  private readonly timer: ReturnType<typeof setInterval>;

  constructor(
    private readonly app: Application,
    private readonly client: ScreenClient,
    services: TileServices,
  ) {
    this.root.addChild(this.tiles, this.status.container, this.pairing.container, this.identify.container);
    app.stage.addChild(this.root);
    // Paint right after a swap: the activation frame must show the new scene, whatever the
    // order of this frame's rAF callbacks.
    this.scene = new Scene(this.tiles, client.store, services, () => {
      const t0 = performance.now();
      app.render();
      this.lastSwap = { version: client.store.getState().current?.version ?? null, at: client.controllerNow(), renderMs: performance.now() - t0 };
      // The kiosk may do a planned reload (memory budget) now: between switches, never during one.
      window.kiosk?.idleAfterSwitch();
    }, () => app.render());
    this.unsubscribe = client.store.subscribe(() => this.refresh());
    app.renderer.on('resize', () => this.refresh());
    app.ticker.add(() => {
      const now = client.controllerNow();
      this.scene.tick(now);
      const s = client.store.getState();
      if (s.identifyUntil !== null || this.identify.container.visible) this.identify.update(s, now, this.size());
    });
    // Time-based overlay states (the offline grace period) change without a store update.
    this.timer = setInterval(() => this.refresh(), 1000);
    this.refresh();
  }

  /** Device px per panel px, as the screen is drawn now. */
  displayScale(): number {
    const size = this.size();
    return Math.min(this.app.screen.width / size.w, this.app.screen.height / size.h) * (this.app.renderer.resolution || 1);
  }

  size(): { w: number; h: number } {
    return screenSize(this.client.store.getState().identity);
  }

  private refresh() {
    const s = this.client.store.getState();
    const size = this.size();
    const scale = Math.min(this.app.screen.width / size.w, this.app.screen.height / size.h);
    this.root.scale.set(scale);
    this.root.position.set((this.app.screen.width - size.w * scale) / 2, (this.app.screen.height - size.h * scale) / 2);
    this.pairing.update(s, size);
    this.status.update(s, size);
    this.identify.update(s, this.client.controllerNow(), size);
  }

  destroy() {
    this.unsubscribe();
    clearInterval(this.timer);
    this.scene.destroy();
    this.root.destroy({ children: true });
  }
}
