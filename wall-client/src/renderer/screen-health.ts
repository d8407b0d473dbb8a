import type { Application } from 'pixi.js';
import type { RendererKind } from '@ioc/protocol';
import type { ScreenHealthFields } from '../core/screen-client';
import { cameraTilesHealth } from './video/camera-view';

/** A frame interval beyond this many expected ones counts the frames in between as dropped. */
const LATE = 1.5;
/** Longer gaps are a hidden page or a stopped ticker, not dropped frames. */
const PAUSE_MS = 1000;

/**
 * The renderer's side of the heartbeat: renderer kind, frames the ticker missed, the video
 * tiles' health and the page's last uncaught error (on the controller's clock).
 */
export function createScreenHealth(app: Application, controllerNow: () => number, win: Window = window): () => ScreenHealthFields {
  let dropped = 0;
  app.ticker.add(() => {
    const expected = 1000 / (app.ticker.maxFPS > 0 ? app.ticker.maxFPS : 60);
    const dt = app.ticker.elapsedMS;
    if (dt > expected * LATE && dt < PAUSE_MS) dropped += Math.round(dt / expected) - 1;
  });
  let lastError: { message: string; at: number } | null = null;
  const record = (message: string) => (lastError = { message: message.slice(0, 500), at: Math.max(0, controllerNow()) });
  win.addEventListener('error', (e) => record(e.message || String(e.error)));
  win.addEventListener('unhandledrejection', (e) => record(`unhandled rejection: ${e.reason instanceof Error ? e.reason.message : String(e.reason)}`));
  const kind = (): RendererKind | undefined => {
    const name = app.renderer.name;
    return name === 'webgl' || name === 'webgpu' || name === 'canvas' ? name : undefined;
  };
  return () => {
    const renderer = kind();
    return { droppedFrames: dropped, ...(renderer ? { renderer } : {}), tiles: cameraTilesHealth(), lastError };
  };
}
