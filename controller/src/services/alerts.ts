import { randomUUID } from 'node:crypto';
import { AlertListQuerySchema, parseOrThrow, type Alert, type AlertKind } from '@ioc/protocol';
import type { Actor } from '../auth/sessions';
import type { ControllerConfig } from '../config';
import type { Store } from '../db/store';
import type { Logger } from '../logger';
import { requirePermission } from '../permissions';
import { openAlertsFromAudit } from './alerts-trail';
import type { Hub } from './hub';
import type { StreamStatusService } from './stream-status';
import type { SyncStatus } from './sync-status';

/** The webhook outbox: `enqueue` inside the alert's audit transaction, `kick` after the commit. */
export interface AlertOutbox {
  enqueue(event: 'alert.raised' | 'alert.cleared', data: unknown): void;
  kick(): void;
}

export interface AlertsDeps {
  config: ControllerConfig['alerts'];
  store: Store;
  hub: Hub;
  log: Logger;
  now: () => number;
  sync: Pick<SyncStatus, 'offlineSince'>;
  streams: Pick<StreamStatusService, 'feeds'>;
  /** Late-bound: the webhook dispatcher is built after the core. */
  outbox: () => AlertOutbox | null;
}

interface Condition {
  kind: AlertKind;
  subject: string;
  wallId: string | null;
  since: number;
  what: string;
}

const RECENT_MAX = 200;
const keyOf = (kind: AlertKind, subject: string) => `${kind}:${subject}`;
const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;

/**
 * Raises an alert when a screen stays offline, a camera stays offline or a feed stays stale for
 * longer than its threshold (`alerts.*`), and clears it when the condition ends. Every raise and
 * clear is audited and enqueued for the webhooks in one transaction, then pushed on the hub.
 *
 * Conditions are judged on a timer (`alerts.checkIntervalMs`), from what the controller already
 * knows: the screens' connections (sync status), and the gateway's stream and feed status.
 * Active alerts survive a restart through the audit trail: an alert open when the last process
 * stopped stays the same alert, and clears once its condition is seen to be over (not before
 * its threshold has passed since start, the time the condition needs to be judged again).
 */
export function createAlerts(d: AlertsDeps) {
  const { config, store, hub, log, now } = d;
  const threshold: Record<AlertKind, number> = {
    'screen-offline': config.screenOfflineMs,
    'camera-offline': config.cameraOfflineMs,
    'feed-stale': config.feedStaleMs,
  };
  const active = new Map<string, Alert>();
  const restored = new Set<string>();
  const recent: Alert[] = [];
  let startedAt = now();
  let timer: NodeJS.Timeout | null = null;

  for (const a of openAlertsFromAudit(store.db)) {
    const key = keyOf(a.kind, a.subject);
    active.set(key, a);
    restored.add(key);
  }

  // A dead camera's stream cycles offline -> starting -> offline while the gateway retries: it is
  // down from the first offline (or stall) until it is live again or stopped (nobody watches).
  const streamDown = new Map<string, { cameraId: string; since: number }>();
  hub.on('streamStatus', (s) => {
    const k = `${s.cameraId}/${s.profile}`;
    if (s.state === 'offline' || s.state === 'stalled') {
      if (!streamDown.has(k)) streamDown.set(k, { cameraId: s.cameraId, since: now() });
    } else if (s.state === 'live' || s.state === 'stopped') {
      streamDown.delete(k);
    }
  });
  const feedStaleSince = new Map<string, number>();
  hub.on('feedStatus', (f) => {
    if (!f.stale) feedStaleSince.delete(f.feedId);
    else if (!feedStaleSince.has(f.feedId)) feedStaleSince.set(f.feedId, now());
  });

  const conditions = (t: number): Map<string, Condition> => {
    const out = new Map<string, Condition>();
    const add = (c: Condition) => {
      const k = keyOf(c.kind, c.subject);
      const had = out.get(k);
      if (!had || c.since < had.since) out.set(k, c);
    };
    for (const s of store.walls.screens()) {
      const since = d.sync.offlineSince(s.id);
      if (since !== null) add({ kind: 'screen-offline', subject: s.id, wallId: s.wallId, since, what: `screen ${s.id} (wall ${s.wallId}, col ${s.col} row ${s.row}) offline` });
    }
    for (const { cameraId, since } of streamDown.values()) {
      const name = store.cameras.get(cameraId)?.name;
      add({ kind: 'camera-offline', subject: cameraId, wallId: null, since, what: `camera ${cameraId}${name && name !== cameraId ? ` (${name})` : ''} offline` });
    }
    const stale = new Set<string>();
    for (const f of d.streams.feeds()) {
      if (!f.stale) continue;
      stale.add(f.feedId);
      let since = feedStaleSince.get(f.feedId);
      if (since === undefined) feedStaleSince.set(f.feedId, (since = t));
      add({ kind: 'feed-stale', subject: f.feedId, wallId: null, since, what: `feed ${f.feedId} (${f.kind}) stale` });
    }
    for (const id of feedStaleSince.keys()) if (!stale.has(id)) feedStaleSince.delete(id);
    return out;
  };

  /** Audit row and webhook rows in one transaction; false (and retried next check) when it fails. */
  const record = (action: 'alert.raised' | 'alert.cleared', alert: Alert): boolean => {
    try {
      store.tx(() => {
        store.audit.write({ actor: 'system', action, target: alert.subject, details: alert });
        d.outbox()?.enqueue(action, alert);
      });
    } catch (err) {
      log.error(`${action} could not be recorded`, { alert: alert.id, error: String(err) });
      return false;
    }
    d.outbox()?.kick();
    hub.emit('alert', alert);
    return true;
  };

  const raise = (key: string, c: Condition, t: number): void => {
    const alert: Alert = {
      id: randomUUID(),
      kind: c.kind,
      subject: c.subject,
      wallId: c.wallId,
      message: `${c.what} for more than ${seconds(threshold[c.kind])}`,
      since: c.since,
      raisedAt: t,
      clearedAt: null,
    };
    if (!record('alert.raised', alert)) return;
    active.set(key, alert);
    log.warn(`alert raised: ${alert.message}`, { alert: alert.id, kind: alert.kind, subject: alert.subject });
  };

  const clear = (key: string, alert: Alert, t: number): void => {
    const cleared: Alert = { ...alert, clearedAt: t };
    if (!record('alert.cleared', cleared)) return;
    active.delete(key);
    restored.delete(key);
    recent.unshift(cleared);
    if (recent.length > RECENT_MAX) recent.length = RECENT_MAX;
    log.info(`alert cleared after ${seconds(t - alert.raisedAt)}: ${alert.message}`, { alert: alert.id, kind: alert.kind, subject: alert.subject });
  };

  const check = (): void => {
    const t = now();
    const found = conditions(t);
    for (const [key, c] of found) {
      if (!active.has(key) && t - c.since >= threshold[c.kind]) raise(key, c, t);
    }
    for (const [key, alert] of active) {
      if (found.has(key)) continue;
      // Restored from the last run: judged again only once its condition could have been seen.
      if (restored.has(key) && t - startedAt < threshold[alert.kind]) continue;
      clear(key, alert, t);
    }
  };

  return {
    start(): void {
      if (timer) return;
      startedAt = now();
      timer = setInterval(check, config.checkIntervalMs);
      timer.unref();
      check();
    },
    stop(): void {
      if (timer) clearInterval(timer);
      timer = null;
    },
    /** Judges every condition now (the timer does this every `alerts.checkIntervalMs`). */
    check,
    /** The active alerts, oldest first. */
    active(): Alert[] {
      return [...active.values()].sort((a, b) => a.raisedAt - b.raisedAt);
    },
    /** Active alerts per kind (every kind present, 0 when none). */
    countByKind(): Record<AlertKind, number> {
      const n: Record<AlertKind, number> = { 'screen-offline': 0, 'camera-offline': 0, 'feed-stale': 0 };
      for (const a of active.values()) n[a.kind] += 1;
      return n;
    },
    /** `GET /api/alerts`: the active ones, or (`state=all`) also the last cleared ones, newest first. */
    list(actor: Actor, query: unknown): Alert[] {
      requirePermission(actor, 'alerts.read');
      const { state } = parseOrThrow(AlertListQuerySchema, query, 'alerts query');
      const act = [...active.values()].sort((a, b) => b.raisedAt - a.raisedAt);
      return state === 'active' ? act : [...act, ...recent];
    },
  };
}
export type Alerts = ReturnType<typeof createAlerts>;
