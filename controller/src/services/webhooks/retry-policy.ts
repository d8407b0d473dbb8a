/** What one POST came to; `aborted` only when the dispatcher is closing. */
export type DeliveryOutcome = { ok: true; status: number } | { ok: false; error: string; aborted?: boolean };

export interface RetryPolicy {
  maxAttempts: number;
  backoffMs: { initial: number; max: number };
}

/** What to do with a row after an attempt; carried out by the dispatcher. */
export type RetryDecision =
  | { kind: 'delivered' }
  /** Shutting down mid-request: leave the row as it was, the next process sends it again. */
  | { kind: 'leave' }
  | { kind: 'retry'; attempts: number; delayMs: number; error: string }
  | { kind: 'give-up'; attempts: number; error: string };

/**
 * Delay before the next attempt after `failures` failed ones: doubling from `initial`, capped
 * at `max`, with "equal jitter" (between half and all of it) so that the rows held back by one
 * receiver's outage do not all come back in the same instant. `random` is in [0, 1).
 */
export function backoffMs(failures: number, b: { initial: number; max: number }, random: number): number {
  const n = Math.max(1, Math.floor(failures));
  const ceiling = Math.min(b.max, b.initial * 2 ** Math.min(n - 1, 52));
  const r = Math.min(Math.max(random, 0), 1);
  return Math.min(b.max, Math.round(ceiling / 2 + (r * ceiling) / 2));
}

/** Pure: the decision for a row that had `attemptsBefore` failed attempts. */
export function decideAfterAttempt(outcome: DeliveryOutcome, attemptsBefore: number, policy: RetryPolicy, random: number): RetryDecision {
  if (outcome.ok) return { kind: 'delivered' };
  if (outcome.aborted) return { kind: 'leave' };
  const attempts = attemptsBefore + 1;
  if (attempts >= policy.maxAttempts) return { kind: 'give-up', attempts, error: outcome.error };
  return { kind: 'retry', attempts, delayMs: backoffMs(attempts, policy.backoffMs, random), error: outcome.error };
}
