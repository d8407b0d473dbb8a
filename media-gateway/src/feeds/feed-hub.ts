import type { Router } from 'express';
import type { Server } from 'socket.io';
import { feedRoom } from '@ioc/protocol';
import type { FeedEnvelope } from '@ioc/protocol';
import { FeedChannel } from './feed-channel';
import type { FeedLog } from './feed-channel';
import { parseFeedsConfig } from './feed-config';
import type { FeedConfig, FeedsConfig } from './feed-config';
import type { FeedAdapter } from './adapters/feed-adapter';
import { createDemoAdapter } from './adapters/demo-adapter';
import { createHttpPollAdapter } from './adapters/http-poll-adapter';
import { bindFeedNamespace } from './feed-namespace';
import type { FeedsNamespace } from './feed-namespace';
import { createWebhookRouter } from './webhook-router';
import { createLogger } from '../logger';
import { Redactor } from '../redact';

export interface FeedHubDeps {
  /** The `feeds` section of the gateway config (unparsed input or already parsed). */
  config?: unknown;
  /** Shared with the controller, which issues the screens' feeds tokens. */
  tokenSecret: string;
  log?: FeedLog;
  now?: () => number;
}

export interface FeedHub {
  readonly config: FeedsConfig;
  start(): void;
  close(): void;
  /** Mount on the gateway's express app: `app.use(hub.router)`. */
  readonly router: Router;
  /** Serves `/feeds` on the gateway's socket.io server. */
  attachFeedNamespace(io: Server): FeedsNamespace;
  feedIds(): string[];
  /** The latest envelope; null while a feed has no value yet, undefined for unknown feeds. */
  envelope(feedId: string): FeedEnvelope | null | undefined;
  /** Sockets subscribed to the feed, over every attached namespace (for tests and metrics). */
  subscriberCount(feedId: string): number;
}


export function createFeedHub(deps: FeedHubDeps): FeedHub {
  const config = parseFeedsConfig(deps.config);
  const now = deps.now ?? Date.now;
  const log = deps.log ?? createLogger({ redactor: new Redactor(), name: 'feeds' });
  const namespaces: FeedsNamespace[] = [];
  const emit = (e: FeedEnvelope) => {
    for (const nsp of namespaces) nsp.to(feedRoom(e.feedId)).emit('feed', e);
  };
  const feeds = new Map<string, { cfg: FeedConfig; channel: FeedChannel; adapter: FeedAdapter | null }>();
  for (const cfg of config.feeds) feeds.set(cfg.id, { cfg, channel: new FeedChannel(cfg.id, cfg.kind, { now, log, emit }), adapter: null });
  const timers: NodeJS.Timeout[] = [];
  let started = false;

  const adapterFor = (cfg: FeedConfig): FeedAdapter | null => {
    const a = cfg.adapter;
    if (a.type === 'http') return createHttpPollAdapter(a);
    if (a.type === 'demo') return createDemoAdapter(cfg.kind, a, now);
    return null; // webhooks push through the router
  };

  const router = createWebhookRouter({
    bodyLimitBytes: config.webhookBodyLimitBytes,
    feed: (id) => {
      const f = feeds.get(id);
      return f && f.cfg.adapter.type === 'webhook' ? { cfg: f.cfg.adapter, channel: f.channel } : undefined;
    },
  });

  return {
    config,
    router,
    start() {
      if (started) return;
      started = true;
      for (const f of feeds.values()) {
        f.adapter = adapterFor(f.cfg);
        f.adapter?.start(f.channel);
        const a = f.cfg.adapter;
        if (a.type === 'webhook' && a.staleAfterMs > 0) {
          timers.push(setInterval(() => f.channel.staleIfOlderThan(a.staleAfterMs), Math.min(a.staleAfterMs, 10_000)));
        }
      }
      log.info(`feeds: started ${feeds.size} feed(s): ${[...feeds.keys()].join(', ')}`);
    },
    close() {
      for (const f of feeds.values()) f.adapter?.close();
      for (const t of timers.splice(0)) clearInterval(t);
      for (const nsp of namespaces.splice(0)) {
        nsp.disconnectSockets(true);
        nsp.removeAllListeners('connection');
      }
      started = false;
    },
    attachFeedNamespace(io) {
      const nsp = bindFeedNamespace(io, { tokenSecret: deps.tokenSecret, now, envelope: (id) => feeds.get(id)?.channel.envelope });
      namespaces.push(nsp);
      return nsp;
    },
    feedIds: () => [...feeds.keys()],
    envelope: (id) => feeds.get(id)?.channel.envelope,
    subscriberCount: (id) => namespaces.reduce((n, nsp) => n + (nsp.adapter.rooms.get(feedRoom(id))?.size ?? 0), 0),
  };
}
