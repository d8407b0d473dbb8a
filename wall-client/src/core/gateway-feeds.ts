import type { FeedsHandshake } from '@ioc/protocol';
import type { FeedSubscriber } from '../renderer/tile-pipe';
import { createFeedClient, defaultFeedSocketFactory, type FeedClient, type FeedClientOptions, type FeedSocket } from './feed-client';

export interface GatewayFeedsOptions {
  /** The gateway URL screens use (welcome's `mediaGatewayUrl`); null while unknown. */
  gatewayUrl: () => string | null;
  /** Calls back whenever the gateway URL may have changed. */
  watchGatewayUrl: (fn: () => void) => () => void;
  /** A feeds token (cached by the caller, renewed before expiry). */
  token: () => Promise<string>;
  /** The gateway refused the token: drop it so the next `token()` asks the controller. */
  invalidateToken: () => void;
  createClient?: (opts: FeedClientOptions) => FeedClient;
  socketFactory?: (url: string, auth: (cb: (a: FeedsHandshake) => void) => void) => FeedSocket;
  retryMs?: number;
}

type OnValue = Parameters<FeedSubscriber['subscribe']>[1];

/**
 * The `services.feeds` of a screen: one stable subscriber over a FeedClient that is recreated
 * when the gateway URL changes (tiles keep their subscriptions), and that reconnects with a new
 * token when the gateway refuses the old one (socket.io does not retry a refused handshake).
 */
export function createGatewayFeeds(opts: GatewayFeedsOptions): FeedSubscriber & { close(): void; client(): FeedClient | null } {
  const subs = new Set<{ feedId: string; onValue: OnValue; inner: (() => void) | null }>();
  let client: FeedClient | null = null;
  let url: string | null = null;
  let closed = false;
  const retryMs = opts.retryMs ?? 2_000;

  const socketFactory = (u: string, auth: (cb: (a: FeedsHandshake) => void) => void): FeedSocket => {
    const s = (opts.socketFactory ?? defaultFeedSocketFactory)(u, auth);
    s.on('connect_error', () => {
      // Transport failures are retried by the manager; a refused handshake is not.
      if (s.active || closed) return;
      opts.invalidateToken();
      setTimeout(() => {
        if (!closed && !s.connected && !s.active) s.connect();
      }, retryMs * (0.75 + Math.random() * 0.5));
    });
    return s;
  };

  const rebuild = () => {
    const next = opts.gatewayUrl();
    if (closed || next === url) return;
    url = next;
    for (const s of subs) s.inner = null;
    client?.close();
    client = null;
    if (!url) return;
    client = (opts.createClient ?? createFeedClient)({
      gatewayUrl: url,
      token: () => opts.token().catch(() => ''),
      socketFactory,
      onError: (e) => console.warn(`[wall] feeds: ${e.code} ${e.message}`),
    });
    for (const s of subs) s.inner = client.subscribe(s.feedId, s.onValue);
  };
  const unwatch = opts.watchGatewayUrl(rebuild);
  rebuild();

  return {
    subscribe(feedId, onValue) {
      const s = { feedId, onValue, inner: client ? client.subscribe(feedId, onValue) : null };
      subs.add(s);
      return () => {
        if (!subs.delete(s)) return;
        s.inner?.();
      };
    },
    client: () => client,
    close() {
      closed = true;
      unwatch();
      subs.clear();
      client?.close();
      client = null;
    },
  };
}
