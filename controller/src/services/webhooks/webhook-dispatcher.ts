import { randomUUID } from 'node:crypto';
import { WebhookEventSchema, type WebhookEvent, type WebhookOutboxEntry, type WebhookOutboxState } from '@ioc/protocol';
import type { WebhooksRepo } from '../../db/webhooks-repo';
import type { Logger } from '../../logger';
import { postWebhook } from './post-webhook';
import { decideAfterAttempt, type RetryDecision } from './retry-policy';
import { redactUrl } from './safe-url';
import type { WebhooksConfig } from './webhooks-config';

export interface WebhooksDeps {
  config: WebhooksConfig;
  /** Only the outbox table; `enqueue` writes through it inside the caller's transaction. */
  repo: WebhooksRepo;
  log: Logger;
  now: () => number;
  pollMs?: number;
  random?: () => number;
}

export interface Webhooks {
  /** Inside the caller's `store.tx`: one row per subscribed target, all sharing one event id. */
  enqueue(event: WebhookEvent, data: unknown): void;
  /** After the commit: deliver what is due now rather than at the next poll. */
  kick(): void;
  start(): void;
  /** Stops polling, gives in-flight requests a moment, then aborts them; a second call waits for the first. */
  close(): Promise<void>;
  list(state: WebhookOutboxState, limit: number): WebhookOutboxEntry[];
}

/**
 * The outbox's delivery worker. Rows are the queue, so it keeps no state worth losing: a row
 * cut short by close or a crash is simply due again for the next process (at least once; the
 * receiver dedupes on Idempotency-Key). One request per target at a time, oldest row first.
 */
export function createWebhooks(d: WebhooksDeps): Webhooks {
  const { config, repo, log, now } = d;
  const pollMs = d.pollMs ?? 1000;
  const random = d.random ?? Math.random;
  const targets = new Map(config.targets.map((t) => [t.id, t]));
  const inFlight = new Map<string, Promise<void>>();
  const abort = new AbortController();
  const unknownTargets = new Set<string>();
  let timer: NodeJS.Timeout | null = null;
  let kickPending = false;
  let started = false;
  let closing: Promise<void> | null = null;

  const apply = (rowId: string, targetId: string, event: string, decision: RetryDecision): void => {
    const where = `webhook ${event} ${rowId} to ${targetId} (${redactUrl(targets.get(targetId)?.url ?? '')})`;
    switch (decision.kind) {
      case 'leave':
        return;
      case 'delivered':
        repo.markDelivered(rowId, now());
        return;
      case 'retry':
        repo.markFailed(rowId, decision.attempts, now() + decision.delayMs, decision.error);
        log.warn(`${where} failed: ${decision.error}; attempt ${decision.attempts}, next in ${decision.delayMs} ms`);
        return;
      case 'give-up':
        // Kept with its last error for ops (GET /api/webhooks/outbox?state=failed); later rows of the target go on.
        repo.markFailed(rowId, decision.attempts, now(), decision.error);
        log.error(`${where} failed: ${decision.error}; given up after ${decision.attempts} attempts`);
        return;
    }
  };

  const pass = (): void => {
    if (!started || closing) return;
    let due;
    try {
      due = repo.due(config.maxAttempts, now());
    } catch (err) {
      log.error('webhook outbox could not be read', { error: String(err) });
      return;
    }
    for (const row of due) {
      if (inFlight.has(row.target)) continue;
      const target = targets.get(row.target);
      if (!target) {
        if (!unknownTargets.has(row.target)) log.warn(`webhook outbox has rows for target "${row.target}", which is not configured; they wait for it`);
        unknownTargets.add(row.target);
        continue;
      }
      const attempt = postWebhook({ url: target.url, secret: target.secret, event: row.event, eventId: row.eventId, body: row.body, timeoutMs: config.timeoutMs, signal: abort.signal, now })
        .then((outcome) => {
          const decision = decideAfterAttempt(outcome, row.attempts, config, random());
          try {
            apply(row.id, row.target, row.event, decision);
          } catch (err) {
            log.error(`webhook ${row.id} outcome could not be recorded; it will be sent again`, { error: String(err) });
          }
        })
        .finally(() => {
          inFlight.delete(row.target);
          // The target's next row may already be due: a backlog drains at the receiver's pace, not one per poll.
          kick();
        });
      inFlight.set(row.target, attempt);
    }
  };

  function kick(): void {
    if (!started || closing || kickPending) return;
    kickPending = true;
    // Off the caller's stack: kick runs right after a command's commit, on its request.
    setImmediate(() => {
      kickPending = false;
      pass();
    });
  }

  return {
    enqueue(event, data) {
      const name = WebhookEventSchema.parse(event);
      const subscribed = config.targets.filter((t) => t.events.includes(name));
      if (subscribed.length === 0) return;
      const eventId = randomUUID();
      const createdAt = now();
      const body = JSON.stringify({ id: eventId, event: name, createdAt, data });
      for (const t of subscribed) repo.insert({ eventId, target: t.id, event: name, body, createdAt });
    },
    kick,
    start() {
      if (started || closing) return;
      started = true;
      if (config.targets.length > 0) {
        log.info(`webhooks: ${config.targets.map((t) => `${t.id} -> ${redactUrl(t.url)} [${t.events.join(', ')}]`).join('; ')}`);
      }
      timer = setInterval(pass, pollMs);
      timer.unref();
      kick();
    },
    close() {
      closing ??= (async () => {
        if (timer) clearInterval(timer);
        const settled = Promise.allSettled([...inFlight.values()]);
        // A request nearly answered is worth a moment: it saves the receiver a duplicate.
        let grace: NodeJS.Timeout | undefined;
        await Promise.race([settled, new Promise<void>((resolve) => (grace = setTimeout(resolve, Math.min(config.timeoutMs, 1000))))]);
        clearTimeout(grace);
        abort.abort();
        await settled;
      })();
      return closing;
    },
    list(state, limit) {
      return repo.list(state, config.maxAttempts, limit);
    },
  };
}
