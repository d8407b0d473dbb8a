import { describe, expect, it } from 'vitest';
import type { FeedClient, FeedClientOptions } from './feed-client';
import { createGatewayFeeds } from './gateway-feeds';

/** A recording stand-in for the socket-backed FeedClient (tested against a real socket in feed-client.test.ts). */
function fakeFeedClients() {
  const made: { url: string; subs: Set<string>; closed: boolean; push(feedId: string, v: unknown): void }[] = [];
  const createClient = (opts: FeedClientOptions): FeedClient => {
    const listeners = new Map<string, Set<(v: unknown) => void>>();
    const rec = {
      url: opts.gatewayUrl,
      subs: new Set<string>(),
      closed: false,
      push: (feedId: string, v: unknown) => listeners.get(feedId)?.forEach((l) => l(v)),
    };
    made.push(rec);
    return {
      subscribe(feedId, onValue) {
        const l = (v: unknown) => onValue(v, { stale: false, asOf: 0 });
        if (!listeners.has(feedId)) listeners.set(feedId, new Set());
        listeners.get(feedId)!.add(l);
        rec.subs.add(feedId);
        return () => {
          listeners.get(feedId)?.delete(l);
          if (!listeners.get(feedId)?.size) rec.subs.delete(feedId);
        };
      },
      activeFeeds: () => [...rec.subs],
      listenerCount: () => [...listeners.values()].reduce((n, s) => n + s.size, 0),
      close: () => void (rec.closed = true),
    };
  };
  return { made, createClient };
}

describe('gateway feeds service', () => {
  it('waits for a gateway URL, then moves every tile subscription to a new client when the URL changes', () => {
    let url: string | null = null;
    let notify: () => void = () => undefined;
    const { made, createClient } = fakeFeedClients();
    const feeds = createGatewayFeeds({
      gatewayUrl: () => url,
      watchGatewayUrl: (fn) => ((notify = fn), () => (notify = () => undefined)),
      token: async () => 'tok',
      invalidateToken: () => undefined,
      createClient,
    });
    const seen: unknown[] = [];
    const unsubA = feeds.subscribe('soc-alerts', (v) => seen.push(v));
    feeds.subscribe('public-services', () => undefined);
    expect(made).toHaveLength(0);

    url = 'http://gw-1:8090';
    notify();
    expect(made).toHaveLength(1);
    expect([...made[0]!.subs].sort()).toEqual(['public-services', 'soc-alerts']);
    made[0]!.push('soc-alerts', 1);

    url = 'http://gw-2:8090';
    notify();
    expect(made[0]!.closed).toBe(true);
    expect(made[1]!.url).toBe('http://gw-2:8090');
    expect([...made[1]!.subs].sort()).toEqual(['public-services', 'soc-alerts']);
    made[1]!.push('soc-alerts', 2);
    expect(seen).toEqual([1, 2]);

    unsubA();
    expect([...made[1]!.subs]).toEqual(['public-services']);
    notify(); // same URL: nothing rebuilt
    expect(made).toHaveLength(2);
    feeds.close();
    expect(made[1]!.closed).toBe(true);
  });
});
