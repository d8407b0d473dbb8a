import type { FrameScheduler } from './types';
import { defaultNow } from './timer-scheduler';

export interface RafSchedulerOptions {
  now?: () => number;
  /**
   * Requests one frame callback. Defaults to requestAnimationFrame; the renderer passes its
   * pixi ticker (high priority) so the swap lands in the frame that is about to be rendered.
   */
  requestFrame?: (cb: () => void) => void;
  /** Expected frame duration; the coarse timer wakes this much before the target. */
  frameMs?: number;
  /** rAF stops in hidden windows: after this long without a frame, fire from a timer. */
  stallMs?: number;
}

/** Fires on the first animation frame at or after the target local time. */
export function createRafScheduler(opts: RafSchedulerOptions = {}): FrameScheduler {
  const now = opts.now ?? defaultNow;
  const requestFrame = opts.requestFrame ?? ((cb: () => void) => void requestAnimationFrame(() => cb()));
  const frameMs = opts.frameMs ?? 17;
  const stallMs = opts.stallMs ?? 1000;
  return {
    schedule(at, cb) {
      let done = false;
      let coarse: ReturnType<typeof setTimeout> | undefined;
      let stall: ReturnType<typeof setTimeout> | undefined;
      const fire = () => {
        if (done) return;
        done = true;
        if (stall) clearTimeout(stall);
        cb();
      };
      const onFrame = () => {
        if (done) return;
        if (now() >= at) fire();
        else requestFrame(onFrame);
      };
      const startFrames = () => {
        if (done) return;
        requestFrame(onFrame);
        stall = setTimeout(function check() {
          if (done) return;
          if (now() >= at) fire();
          else stall = setTimeout(check, stallMs);
        }, Math.max(0, at - now()) + stallMs);
      };
      const wait = at - now() - 2 * frameMs;
      if (wait > 0) coarse = setTimeout(startFrames, wait);
      else startFrames();
      return () => {
        done = true;
        if (coarse) clearTimeout(coarse);
        if (stall) clearTimeout(stall);
      };
    },
  };
}
