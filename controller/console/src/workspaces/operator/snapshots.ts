import { useEffect, useState, useSyncExternalStore, type RefObject } from 'react';
import { snapshotUrl } from '../../media';

/**
 * Live thumbnails of the cameras on the mimic, refreshed without flooding the gateway: only
 * cameras with a tile in view are fetched, one camera at most every REFRESH_MS, at most
 * MAX_IN_FLIGHT at a time, started one per tick (staggered), each picture decoded before it
 * replaces the last (no flicker). A failing camera backs off up to 30 s.
 */
export const REFRESH_MS = 5_000;
const TICK_MS = 200;
const MAX_IN_FLIGHT = 2;
const MAX_BACKOFF_MS = 30_000;

export interface SnapshotView {
  url: string | null;
  /** The last attempt failed (the camera or its stream is down, or the gateway refused). */
  failed: boolean;
}

interface Entry {
  view: SnapshotView;
  watchers: number;
  inFlight: boolean;
  nextAt: number;
  failures: number;
  listeners: Set<() => void>;
}

const entries = new Map<string, Entry>();
let inFlight = 0;
let timer: ReturnType<typeof setInterval> | null = null;

function entry(cameraId: string): Entry {
  let e = entries.get(cameraId);
  if (!e) {
    e = { view: { url: null, failed: false }, watchers: 0, inFlight: false, nextAt: 0, failures: 0, listeners: new Set() };
    entries.set(cameraId, e);
  }
  return e;
}

function publish(e: Entry, view: SnapshotView): void {
  e.view = view;
  for (const l of e.listeners) l();
}

async function load(cameraId: string, e: Entry): Promise<void> {
  e.inFlight = true;
  inFlight++;
  try {
    const url = await snapshotUrl(cameraId);
    const img = new Image();
    img.decoding = 'async';
    img.src = url;
    await img.decode();
    e.failures = 0;
    e.nextAt = Date.now() + REFRESH_MS + Math.random() * 1000;
    publish(e, { url, failed: false });
  } catch {
    e.failures++;
    e.nextAt = Date.now() + Math.min(MAX_BACKOFF_MS, REFRESH_MS * 2 ** e.failures);
    publish(e, { url: e.view.url, failed: true });
  } finally {
    e.inFlight = false;
    inFlight--;
  }
}

function tick(): void {
  if (inFlight >= MAX_IN_FLIGHT || document.hidden) return;
  const now = Date.now();
  let pick: [string, Entry] | null = null;
  for (const [id, e] of entries) {
    if (e.watchers <= 0 || e.inFlight || e.nextAt > now) continue;
    if (!pick || e.nextAt < pick[1].nextAt) pick = [id, e];
  }
  if (pick) void load(pick[0], pick[1]);
  if (![...entries.values()].some((e) => e.watchers > 0) && timer) {
    clearInterval(timer);
    timer = null;
  }
}

/** Counts a visible tile showing `cameraId`; the returned function takes it back. */
function watch(cameraId: string): () => void {
  const e = entry(cameraId);
  e.watchers++;
  if (!timer) timer = setInterval(tick, TICK_MS);
  return () => {
    e.watchers--;
  };
}

const EMPTY: SnapshotView = { url: null, failed: false };

/** The camera's latest thumbnail; fetched and refreshed while `visible`. */
export function useSnapshot(cameraId: string, visible: boolean): SnapshotView {
  useEffect(() => (visible ? watch(cameraId) : undefined), [cameraId, visible]);
  return useSyncExternalStore(
    (l) => {
      const e = entry(cameraId);
      e.listeners.add(l);
      return () => e.listeners.delete(l);
    },
    () => entries.get(cameraId)?.view ?? EMPTY,
  );
}

/** One observer for every thumbnail (a wall of 16-up screens has hundreds of tiles). */
const onVisibility = new Map<Element, (visible: boolean) => void>();
let observer: IntersectionObserver | null = null;
function observe(el: Element, cb: (visible: boolean) => void): () => void {
  observer ??= new IntersectionObserver((list) => {
    for (const x of list) onVisibility.get(x.target)?.(x.isIntersecting);
  });
  onVisibility.set(el, cb);
  observer.observe(el);
  return () => {
    onVisibility.delete(el);
    observer?.unobserve(el);
  };
}

/** Whether the element is on screen (thumbnails of tiles scrolled away are not refreshed). */
export function useVisible(ref: RefObject<Element | null>): boolean {
  const [visible, setVisible] = useState(false);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    if (typeof IntersectionObserver === 'undefined') {
      setVisible(true);
      return;
    }
    return observe(el, setVisible);
  }, [ref]);
  return visible;
}

/** For tests: how many cameras are watched and fetching. */
export function snapshotStats(): { watched: number; inFlight: number } {
  return { watched: [...entries.values()].filter((e) => e.watchers > 0).length, inFlight };
}
