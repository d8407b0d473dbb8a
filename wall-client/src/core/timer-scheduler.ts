import type { FrameScheduler } from './types';

/** How early the coarse timer wakes before the target; setTimeout is often late by a few ms. */
const WAKE_EARLY_MS = 4;

/**
 * Node scheduler for headless screens: a coarse setTimeout, then a setImmediate spin that
 * hits the target within about a millisecond without blocking I/O (32 clients share a
 * process in the harness, so a blocking busy-wait would skew all the others).
 */
export function createTimerScheduler(now: () => number = defaultNow): FrameScheduler {
  return {
    schedule(at, cb) {
      let cancelled = false;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const spin = () => {
        if (cancelled) return;
        if (now() >= at) {
          cancelled = true;
          cb();
          return;
        }
        setImmediate(spin);
      };
      const wait = at - now() - WAKE_EARLY_MS;
      if (wait > 0) timer = setTimeout(spin, wait);
      else setImmediate(spin);
      return () => {
        cancelled = true;
        if (timer) clearTimeout(timer);
      };
    },
  };
}

export function defaultNow(): number {
  return performance.timeOrigin + performance.now();
}
