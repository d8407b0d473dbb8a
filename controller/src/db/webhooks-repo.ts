import type Database from 'better-sqlite3';
import type { WebhookOutboxEntry, WebhookOutboxState } from '@ioc/protocol';

interface OutboxRow {
  id: string;
  target: string;
  event: string;
  body: string;
  created_at: number;
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
  delivered_at: number | null;
}

/** A row as the dispatcher needs it: the exact body it signs and sends. */
export interface OutboxItem {
  id: string;
  eventId: string;
  target: string;
  event: string;
  body: string;
  attempts: number;
}

/** Row ids are `${eventId}:${targetId}`; the event id is a uuid, so it never holds a colon. */
const eventIdOf = (rowId: string): string => rowId.slice(0, rowId.indexOf(':'));

/**
 * The webhook outbox (migration 4): the rows are the queue. "Failed" is not a column: a row is
 * given up once `attempts` reaches `webhooks.maxAttempts`, so raising that setting retries them.
 * Created order is `created_at, rowid` (rowid breaks ties within a millisecond).
 */
export function webhooksRepo(db: Database.Database, now: () => number) {
  const q = {
    insert: db.prepare(`INSERT INTO webhook_outbox (id, target, event, body, created_at, attempts, next_attempt_at)
      VALUES (?, ?, ?, ?, ?, 0, ?)`),
    // Per target only its oldest open row may go, so a target sees events in the order they happened.
    due: db.prepare(`SELECT id, target, event, body, attempts FROM (
        SELECT *, rowid AS seq, ROW_NUMBER() OVER (PARTITION BY target ORDER BY created_at, rowid) AS n
        FROM webhook_outbox WHERE delivered_at IS NULL AND attempts < @max)
      WHERE n = 1 AND next_attempt_at <= @at ORDER BY created_at, seq`),
    delivered: db.prepare('UPDATE webhook_outbox SET delivered_at = ? WHERE id = ? AND delivered_at IS NULL'),
    failed: db.prepare('UPDATE webhook_outbox SET attempts = ?, next_attempt_at = ?, last_error = ? WHERE id = ? AND delivered_at IS NULL'),
    pending: db.prepare('SELECT * FROM webhook_outbox WHERE delivered_at IS NULL AND attempts < ? ORDER BY created_at, rowid LIMIT ?'),
    givenUp: db.prepare('SELECT * FROM webhook_outbox WHERE delivered_at IS NULL AND attempts >= ? ORDER BY created_at DESC, rowid DESC LIMIT ?'),
    done: db.prepare('SELECT * FROM webhook_outbox WHERE delivered_at IS NOT NULL ORDER BY delivered_at DESC, rowid DESC LIMIT ?'),
  };
  return {
    /** Call inside the transaction of the change the event announces. */
    insert(row: { eventId: string; target: string; event: string; body: string; createdAt: number }): void {
      q.insert.run(`${row.eventId}:${row.target}`, row.target, row.event, row.body, row.createdAt, row.createdAt);
    },
    due(maxAttempts: number, at: number = now()): OutboxItem[] {
      return (q.due.all({ max: maxAttempts, at }) as OutboxRow[]).map((r) => ({
        id: r.id,
        eventId: eventIdOf(r.id),
        target: r.target,
        event: r.event,
        body: r.body,
        attempts: r.attempts,
      }));
    },
    markDelivered(id: string, at: number = now()): void {
      q.delivered.run(at, id);
    },
    /** A failed attempt: `attempts` is the new count; the row waits until `nextAttemptAt`. */
    markFailed(id: string, attempts: number, nextAttemptAt: number, error: string): void {
      q.failed.run(attempts, nextAttemptAt, error, id);
    },
    list(state: WebhookOutboxState, maxAttempts: number, limit: number): WebhookOutboxEntry[] {
      const rows = (
        state === 'pending' ? q.pending.all(maxAttempts, limit) : state === 'failed' ? q.givenUp.all(maxAttempts, limit) : q.done.all(limit)
      ) as OutboxRow[];
      return rows.map((r) => ({
        id: r.id,
        eventId: eventIdOf(r.id),
        target: r.target,
        event: r.event,
        state: r.delivered_at !== null ? 'delivered' : r.attempts >= maxAttempts ? 'failed' : 'pending',
        createdAt: r.created_at,
        attempts: r.attempts,
        nextAttemptAt: r.next_attempt_at,
        lastError: r.last_error,
        deliveredAt: r.delivered_at,
      }));
    },
  };
}
export type WebhooksRepo = ReturnType<typeof webhooksRepo>;
