import { FEED_VALUE_SCHEMAS, describeIssues } from '@ioc/protocol';
import type { FeedEnvelope, FeedKind, FeedValue } from '@ioc/protocol';

export interface FeedLog {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
}

export type AcceptResult = { ok: true; envelope: FeedEnvelope } | { ok: false; reason: string };

/**
 * One feed's state: its last good value, and whether that value is stale. Every value passes
 * its kind's zod schema here, whatever adapter brought it, so a screen never sees a bad one.
 */
export class FeedChannel {
  private current: FeedEnvelope | null = null;
  private failing = false;

  constructor(
    readonly id: string,
    readonly kind: FeedKind,
    private readonly deps: { now: () => number; log: FeedLog; emit: (e: FeedEnvelope) => void },
  ) {}

  get envelope(): FeedEnvelope | null {
    return this.current;
  }

  /** Validates `raw`; on success it becomes the value, else the last good one turns stale. */
  accept(raw: unknown, asOf?: number): AcceptResult {
    const candidate =
      raw !== null && typeof raw === 'object' && !Array.isArray(raw) && !('kind' in raw) ? { kind: this.kind, ...raw } : raw;
    const parsed = FEED_VALUE_SCHEMAS[this.kind].safeParse(candidate);
    if (!parsed.success) return this.reject(`payload does not match the ${this.kind} schema: ${describeIssues(parsed.error.issues)}`);
    const now = this.deps.now();
    const stamp = asOf !== undefined && Number.isFinite(asOf) && asOf > 0 ? Math.min(asOf, now) : now;
    if (this.failing) this.deps.log.info(`feed ${this.id}: upstream recovered`);
    this.failing = false;
    this.current = { feedId: this.id, kind: this.kind, value: parsed.data as FeedValue, asOf: stamp, stale: false, receivedAt: now };
    this.deps.emit(this.current);
    return { ok: true, envelope: this.current };
  }

  /** A payload arrived but was unusable: one log line, and the old value is now stale. */
  reject(reason: string): { ok: false; reason: string } {
    this.deps.log.warn(`feed ${this.id}: rejected upstream payload: ${reason.slice(0, 600)}`);
    this.markStale();
    return { ok: false, reason };
  }

  /** The upstream could not be reached; logged on the first failure of a run only. */
  fail(reason: string): void {
    if (!this.failing) this.deps.log.warn(`feed ${this.id}: upstream failed: ${reason}`);
    this.failing = true;
  }

  /** Marks the value stale when it was received more than `maxAgeMs` ago. */
  staleIfOlderThan(maxAgeMs: number): void {
    if (this.current && !this.current.stale && this.deps.now() - this.current.receivedAt > maxAgeMs) this.markStale();
  }

  markStale(): void {
    if (!this.current || this.current.stale) return;
    this.current = { ...this.current, stale: true };
    this.deps.emit(this.current);
  }
}
