import { Text } from 'pixi.js';
import type { Application, Container } from 'pixi.js';
import type { ScreenClientState } from '../core/store';
import type { SceneInfo } from './scene';
import { registeredKinds } from './tiles/registry';
import type { WallView } from './wall-view';

/**
 * `window.__wall`: a read-only window into a running screen for tests and technicians
 * (devtools). It exposes state and what is drawn; it can change nothing.
 */
export interface WallDebugHook {
  getState(): ScreenClientState;
  /** Live tile views of the current version. */
  scene(): SceneInfo;
  /** Strings of every visible pixi Text on the stage (pairing code, labels, clock…). */
  texts(): string[];
  /** The pairing code as drawn, or null when the pairing screen is not showing. */
  pairingCode(): string | null;
  /** 'webgl' | 'webgpu' | 'canvas'. */
  renderer(): string;
  /** Why that renderer: 'requested', 'hardware WebGL (…)', 'software WebGL (…)', 'no WebGL'. */
  rendererReason(): string;
  /** Controller-corrected time, ms. */
  controllerNow(): number;
  fps(): number;
  /** Whether the small offline dot is showing. */
  offlineIndicator(): boolean;
  /** Tile kinds with a registered pipe; other kinds draw a neutral placeholder. */
  kinds(): string[];
  /** The last swap to a new version: which, and when it was painted (controller clock, ms). */
  lastSwap(): { version: number | null; at: number; renderMs: number } | null;
}

declare global {
  interface Window {
    __wall?: WallDebugHook;
  }
}

export function installDebugHook(app: Application, view: WallView, getState: () => ScreenClientState, controllerNow: () => number, rendererReason = 'requested'): void {
  const hook: WallDebugHook = {
    getState: () => structuredClone(getState()),
    scene: () => view.scene.info(),
    texts: () => collectTexts(app.stage),
    pairingCode: () => view.pairing.codeText,
    renderer: () => app.renderer.name,
    rendererReason: () => rendererReason,
    controllerNow,
    fps: () => app.ticker.FPS,
    offlineIndicator: () => view.status.offline,
    kinds: () => registeredKinds(),
    lastSwap: () => (view.lastSwap ? { ...view.lastSwap } : null),
  };
  Object.defineProperty(window, '__wall', { value: Object.freeze(hook), configurable: false, writable: false });
}

function collectTexts(node: Container, out: string[] = []): string[] {
  if (!node.visible) return out;
  if (node instanceof Text && node.text) out.push(node.text);
  for (const child of node.children) collectTexts(child, out);
  return out;
}
