import type { Container } from 'pixi.js';
import { cropsForScreen } from '@ioc/layout-presets';
import type { ScreenCrop } from '@ioc/layout-presets';
import type { Tile, WallState } from '@ioc/protocol';
import type { ScreenClientState, ScreenStore } from '../core/store';
import { createIncidentBanner } from './escalation/incident-banner';
import { isBanner, sceneTiles, type SceneTile } from './escalation/incident-tiles';
import { createPlaceholderView } from './placeholder-view';
import type { TileServices, TileView } from './tile-pipe';
import { pipeFor } from './tiles/registry';
import { resolveWall } from './wall-spec';

interface Entry {
  tile: SceneTile;
  /** Same id and same key: the view is kept across a switch (a playing video keeps playing). */
  key: string;
  view: TileView;
  crop: ScreenCrop;
  /** Which view this is (debug): unchanged across a switch when the view was reused. */
  serial: number;
}

interface Prepared {
  state: WallState;
  entries: Map<string, Entry & { reused: boolean }>;
}

export interface SceneInfo {
  version: number | null;
  tiles: { id: string; kind: string; visible: boolean; serial: number }[];
  preparedVersion: number | null;
}

const sourceKey = (t: SceneTile) => JSON.stringify(t.source);

/**
 * Turns the store's plain state into tile views. A pending state gets its new views built
 * hidden; when the core flips `current` (on the activation frame) the swap is synchronous:
 * new views shown, old ones destroyed, in that same frame.
 */
export class Scene {
  private live = new Map<string, Entry>();
  private prepared: Prepared | null = null;
  private placementKey = '';
  private bezelKey = '';
  private serials = 0;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly layer: Container,
    private readonly store: ScreenStore,
    private readonly services: TileServices,
    /** Called right after a swap, so the renderer paints it in this frame. */
    private readonly onSwap: () => void = () => undefined,
    /** Called when a pending state's views are built (transparent), to render them ahead. */
    private readonly onPrepared: () => void = () => undefined,
  ) {
    this.layer.sortableChildren = true;
    this.unsubscribe = store.subscribe((s, prev) => this.update(s, prev));
    this.update(store.getState(), null);
  }

  private update(s: ScreenClientState, prev: ScreenClientState | null) {
    const key = placementKey(s);
    if (key !== this.placementKey) {
      this.placementKey = key;
      this.clearAll();
      if (s.current) this.activate(s.current);
      if (s.pending) this.prepare(s.pending);
      this.bezelKey = bezelKey(s);
      return;
    }
    const bezels = bezelKey(s);
    if (bezels !== this.bezelKey) {
      this.bezelKey = bezels;
      this.relayout(s);
      return;
    }
    if (s.pending && s.pending !== prev?.pending) this.prepare(s.pending);
    if (s.current !== prev?.current) {
      if (s.current) this.activate(s.current);
      else this.clearAll();
    }
  }

  private crops(tiles: readonly SceneTile[]): Map<string, ScreenCrop> {
    const { identity } = this.store.getState();
    const wall = resolveWall(identity);
    if (!wall || identity.col === null || identity.row === null) return new Map();
    // Geometry reads only ids, rects and z: the banner's own source kind is no concern of it.
    return new Map(cropsForScreen(wall, tiles as readonly Tile[], identity.col, identity.row).map((c) => [c.tileId, c]));
  }

  private prepare(state: WallState) {
    if (this.prepared?.state === state) return;
    this.discardPrepared();
    const entries = new Map<string, Entry & { reused: boolean }>();
    // The layout's tiles, plus the open escalation's camera and banner over them (command wall).
    const tiles = sceneTiles(state);
    const crops = this.crops(tiles);
    for (const tile of tiles) {
      const crop = crops.get(tile.id);
      if (!crop) continue;
      const key = sourceKey(tile);
      const old = this.live.get(tile.id);
      if (old && old.key === key) {
        entries.set(tile.id, { tile, key, view: old.view, crop, reused: true, serial: old.serial });
        continue;
      }
      const view = this.createView(tile);
      // Drawn transparent until the swap (not hidden: pixi skips hidden objects), so that the
      // render right after preparing rasterizes its text and graphics now, not in the swap frame.
      view.container.alpha = 0;
      this.layer.addChild(view.container);
      safely(() => view.layout(crop), tile);
      entries.set(tile.id, { tile, key, view, crop, reused: false, serial: ++this.serials });
    }
    this.prepared = { state, entries };
    this.onPrepared();
  }

  private activate(state: WallState) {
    if (this.prepared?.state !== state) this.prepare(state);
    const prepared = this.prepared;
    this.prepared = null;
    if (!prepared) return;
    const next = new Map<string, Entry>();
    let order = 0;
    for (const [id, e] of prepared.entries) {
      const old = e.reused ? this.live.get(id) : undefined;
      if (e.reused) this.live.delete(id);
      e.view.container.zIndex = e.crop.z * 1024 + order++;
      e.view.container.alpha = 1;
      // The swap frame does as little as it can: new views were laid out when prepared, and a
      // kept view is laid out again only when its place changed.
      if (old && !sameCrop(old.crop, e.crop)) safely(() => e.view.layout(e.crop), e.tile);
      next.set(id, { tile: e.tile, key: e.key, view: e.view, crop: e.crop, serial: e.serial });
    }
    for (const old of this.live.values()) destroyView(old.view);
    this.live = next;
    this.onSwap();
  }

  /**
   * Only the bezels changed (a technician's calibration slider): the current state is laid out
   * again with the new geometry in place. Kept views (videos playing, widgets drawn) are moved,
   * not rebuilt; a tile that now crosses this screen, or no longer does, is added or dropped.
   */
  private relayout(s: ScreenClientState) {
    this.discardPrepared();
    if (s.current) this.activate(s.current);
    if (s.pending && s.pending !== s.current) this.prepare(s.pending);
  }

  private createView(tile: SceneTile): TileView {
    if (isBanner(tile)) return createIncidentBanner(tile.source.incident, this.services);
    const pipe = pipeFor(tile.source.kind);
    if (!pipe) return createPlaceholderView(tile.source.kind);
    try {
      return pipe.create(tile, this.services);
    } catch (err) {
      console.warn(`[wall] tile ${tile.id} (${tile.source.kind}) failed to build:`, err);
      return createPlaceholderView(tile.source.kind, 'error');
    }
  }

  private discardPrepared() {
    if (!this.prepared) return;
    for (const e of this.prepared.entries.values()) if (!e.reused) destroyView(e.view);
    this.prepared = null;
  }

  private clearAll() {
    this.discardPrepared();
    for (const e of this.live.values()) destroyView(e.view);
    this.live.clear();
    this.onSwap();
  }

  tick(now: number) {
    for (const e of this.live.values()) {
      const tick = e.view.tick;
      if (tick) safely(() => tick.call(e.view, now), e.tile);
    }
  }

  info(): SceneInfo {
    return {
      version: this.store.getState().current?.version ?? null,
      preparedVersion: this.prepared?.state.version ?? null,
      tiles: [...this.live.values()].map((e) => ({
        id: e.tile.id,
        kind: e.tile.source.kind,
        visible: e.view.container.visible && e.view.container.alpha > 0,
        serial: e.serial,
      })),
    };
  }

  destroy() {
    this.unsubscribe();
    this.clearAll();
  }
}

function sameCrop(a: ScreenCrop, b: ScreenCrop): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** What, when it changes, rebuilds every view: the position, the wall's shape, its widget language. */
function placementKey(s: ScreenClientState): string {
  const { wallId, col, row, wall } = s.identity;
  return JSON.stringify([wallId, col, row, wall && { ...wall, bezel: null }]);
}

/** Bezels only move views: see `relayout`. */
function bezelKey(s: ScreenClientState): string {
  return JSON.stringify(s.identity.wall?.bezel ?? null);
}

function destroyView(view: TileView) {
  try {
    view.container.removeFromParent();
    view.destroy();
  } catch (err) {
    console.warn('[wall] a tile view failed to destroy:', err);
  }
}

function safely(fn: () => void, tile: SceneTile) {
  try {
    fn();
  } catch (err) {
    console.warn(`[wall] tile ${tile.id} (${tile.source.kind}) failed:`, err);
  }
}
