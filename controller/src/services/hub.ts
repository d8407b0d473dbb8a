import type { Alert, Escalation, FeedStatus, IdentifyMessageSchema, Paired, ScreenshotRequest, StreamStatus, WallSpec, WallState } from '@ioc/protocol';
import type { z } from 'zod';
import type { SwitchCompleted } from './screen-presence';

/**
 * What services announce and the socket namespaces relay. Services never touch sockets: this
 * keeps REST and socket commands on one code path, and lets later parts (escalation) listen too.
 */
export interface HubEvents {
  state: (state: WallState) => void;
  syncChanged: (wallId: string) => void;
  pendingChanged: () => void;
  identify: (wallId: string, msg: z.infer<typeof IdentifyMessageSchema>) => void;
  screenRemoved: (screenId: string) => void;
  paired: (socketId: string, paired: Paired) => void;
  /** A camera stream's health changed at the media gateway. */
  streamStatus: (status: StreamStatus) => void;
  /** A screenshot was asked of a screen: the screen namespace relays it to that screen's socket. */
  screenshotRequest: (screenId: string, req: ScreenshotRequest) => void;
  /** An escalation changed (created, acknowledged, closed, clip attached). */
  escalation: (escalation: Escalation) => void;
  /** Every screen online at a switch has acked it (latency and skew, for the metrics). */
  switchCompleted: (s: SwitchCompleted) => void;
  /** A widget feed's health changed at the media gateway (stale or fresh again). */
  feedStatus: (status: FeedStatus) => void;
  /** An alert was raised or cleared (`clearedAt` set). */
  alert: (alert: Alert) => void;
  /** A wall's settings changed (bezels, widget language): its screens re-lay out live. */
  wall: (wall: WallSpec) => void;
  /** Sessions ended before their time (logout, user disabled, deleted, new password): drop their sockets. */
  sessionsEnded: (tokenHashes: readonly string[], reason: string) => void;
}

export interface Hub {
  on<K extends keyof HubEvents>(event: K, fn: HubEvents[K]): () => void;
  emit<K extends keyof HubEvents>(event: K, ...args: Parameters<HubEvents[K]>): void;
}

export function createHub(onError: (event: string, err: unknown) => void): Hub {
  const listeners = new Map<keyof HubEvents, Set<(...args: never[]) => void>>();
  return {
    on(event, fn) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(fn as (...args: never[]) => void);
      return () => void set.delete(fn as (...args: never[]) => void);
    },
    emit(event, ...args) {
      for (const fn of listeners.get(event) ?? []) {
        // A failing listener (e.g. a socket write) must not undo a committed command.
        try {
          (fn as (...a: typeof args) => void)(...args);
        } catch (err) {
          onError(event, err);
        }
      }
    },
  };
}
