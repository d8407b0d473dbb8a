import type { FeedStatus } from '@ioc/protocol';
import type { FeedConfig } from './feed-config';
import type { FeedHub } from './feed-hub';

/** A feed's own age limit: two poll intervals (http, as the adapter marks it), `staleAfterMs` (webhook), none (demo). */
export function feedLimitMs(cfg: FeedConfig): number | null {
  const a = cfg.adapter;
  if (a.type === 'http') return 2 * a.intervalMs;
  if (a.type === 'webhook') return a.staleAfterMs > 0 ? a.staleAfterMs : null;
  return null;
}

export interface FeedStatusWatchOptions {
  now?: () => number;
  /** How often ages are judged. */
  everyMs?: number;
  /** A feed turned stale or fresh again. */
  onChange?: (s: FeedStatus) => void;
}

/**
 * Each feed's health for the controller (the feed-stale alert) and the metrics: stale when the
 * feed's value is marked stale, older than its limit, or missing for longer than its limit since
 * the feeds started. Judged on a timer and on `list()`, reported on change only.
 */
export class FeedStatusWatch {
  private readonly now: () => number;
  private readonly last = new Map<string, boolean>();
  private startedAt: number;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly hub: Pick<FeedHub, 'config' | 'envelope'>,
    private readonly opts: FeedStatusWatchOptions = {},
  ) {
    this.now = opts.now ?? Date.now;
    this.startedAt = this.now();
  }

  start(): void {
    if (this.timer) return;
    this.startedAt = this.now();
    this.timer = setInterval(() => this.list(), this.opts.everyMs ?? 1_000);
    this.timer.unref();
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Every feed's status now (reporting the ones that changed since last judged). */
  list(): FeedStatus[] {
    const t = this.now();
    return this.hub.config.feeds.map((cfg) => {
      const env = this.hub.envelope(cfg.id) ?? null;
      const limitMs = feedLimitMs(cfg);
      const age = t - (env?.receivedAt ?? this.startedAt);
      const stale = (env?.stale ?? false) || (limitMs !== null && age > limitMs);
      const s: FeedStatus = { feedId: cfg.id, kind: cfg.kind, stale, receivedAt: env?.receivedAt ?? null, limitMs };
      const before = this.last.get(cfg.id);
      this.last.set(cfg.id, stale);
      if ((before ?? false) !== stale) this.opts.onChange?.(s);
      return s;
    });
  }

  /** Seconds since each feed's last accepted value (since the feeds started while it has none). */
  ages(): { feedId: string; kind: string; seconds: number; stale: boolean }[] {
    const t = this.now();
    return this.list().map((s) => ({ feedId: s.feedId, kind: s.kind, stale: s.stale, seconds: Math.max(0, t - (s.receivedAt ?? this.startedAt)) / 1000 }));
  }
}
