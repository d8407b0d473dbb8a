import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { Server } from 'socket.io';
import { afterEach, describe, expect, it } from 'vitest';
import type { SocAlertsValue } from '@ioc/protocol';
import { signToken } from '@ioc/protocol/signed-token';
import { createFeedHub } from '@ioc/media-gateway/feeds';
import type { FeedHub } from '@ioc/media-gateway/feeds';
import { createFeedClient } from './feed-client';
import type { FeedClient } from './feed-client';

const SECRET = 'test-secret-0123456789abcdef';
const PUSH = 'feed-push-token-0123456789';
const FEEDS = ['soc-1', 'soc-2', 'soc-3'];
const alerts = (critical: number): SocAlertsValue => ({
  kind: 'soc-alerts',
  bySeverity: { critical, high: 0, medium: 0, low: 0 },
  byStatus: { new: critical, investigating: 0, contained: 0, resolved: 0 },
  latest: [],
});

async function until(fn: () => boolean, what: string, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!fn()) {
    if (Date.now() > end) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('feed client against the real gateway feed hub', () => {
  let hub: FeedHub;
  let io: Server;
  let base = '';
  let client: FeedClient | undefined;
  afterEach(async () => {
    client?.close();
    hub.close();
    await io.close();
  });

  async function setup() {
    hub = createFeedHub({
      tokenSecret: SECRET,
      log: { info: () => undefined, warn: () => undefined },
      config: { feeds: FEEDS.map((id) => ({ id, kind: 'soc-alerts', adapter: { type: 'webhook', token: PUSH } })) },
    });
    const app = express();
    app.use(hub.router);
    const http = createServer(app);
    io = new Server(http);
    hub.attachFeedNamespace(io);
    hub.start();
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
    let tokensIssued = 0;
    client = createFeedClient({
      gatewayUrl: base,
      token: () => {
        tokensIssued += 1;
        return signToken(SECRET, { aud: 'feeds', sub: 'screen-1', res: ['*'], exp: Math.floor(Date.now() / 1000) + 600 });
      },
    });
    return { client, tokensIssued: () => tokensIssued };
  }
  const push = (feedId: string, v: SocAlertsValue) =>
    fetch(`${base}/feeds/${feedId}/webhook`, { method: 'POST', headers: { authorization: `Bearer ${PUSH}` }, body: JSON.stringify(v) });
  const total = () => FEEDS.reduce((n, id) => n + hub.subscriberCount(id), 0);

  it('shares one gateway subscription per feed between tiles, and gives a late tile the latest value at once', async () => {
    const { client } = await setup();
    await push('soc-1', alerts(1));
    const a: number[] = [];
    const b: number[] = [];
    const offA = client.subscribe('soc-1', (v) => a.push((v as SocAlertsValue).bySeverity.critical));
    await until(() => a.length === 1, 'first value');
    expect(hub.subscriberCount('soc-1')).toBe(1);
    const offB = client.subscribe('soc-1', (v) => b.push((v as SocAlertsValue).bySeverity.critical));
    expect(b).toEqual([1]); // synchronously, from the cache
    await push('soc-1', alerts(2));
    await until(() => a.length === 2 && b.length === 2, 'update to both');
    expect(hub.subscriberCount('soc-1')).toBe(1);
    offA();
    offA();
    await new Promise((r) => setTimeout(r, 50));
    expect(hub.subscriberCount('soc-1')).toBe(1);
    offB();
    await until(() => hub.subscriberCount('soc-1') === 0, 'gateway unsubscribed');
    expect(client.listenerCount()).toBe(0);
  });

  it('resubscribes after a reconnect, with a fresh token, and keeps delivering', async () => {
    const { client, tokensIssued } = await setup();
    const got: { v: number; stale: boolean }[] = [];
    client.subscribe('soc-2', (v, m) => got.push({ v: (v as SocAlertsValue).bySeverity.critical, stale: m.stale }));
    await until(() => hub.subscriberCount('soc-2') === 1, 'subscribed');
    const before = tokensIssued();
    // Drop the transport under the client, as a network blip would.
    for (const s of io.of('/feeds').sockets.values()) s.conn.close();
    await until(() => hub.subscriberCount('soc-2') === 0, 'dropped');
    await until(() => hub.subscriberCount('soc-2') === 1, 'resubscribed after reconnect');
    expect(tokensIssued()).toBeGreaterThan(before);
    await push('soc-2', alerts(5));
    await until(() => got.some((g) => g.v === 5), 'delivery after reconnect');
  });

  it('leaks nothing across 100 layout switches', async () => {
    const { client } = await setup();
    await push('soc-1', alerts(1));
    await push('soc-2', alerts(2));
    await push('soc-3', alerts(3));
    let offs: (() => void)[] = [];
    for (let i = 0; i < 100; i++) {
      // Each "layout" shows a different set of widget tiles, some on the same feed.
      const layout = [FEEDS[i % 3]!, FEEDS[(i + 1) % 3]!, FEEDS[i % 3]!];
      const next = layout.map((id) => client.subscribe(id, () => undefined));
      for (const off of offs) off();
      offs = next;
    }
    expect(client.activeFeeds().sort()).toEqual([FEEDS[99 % 3]!, FEEDS[100 % 3]!].sort());
    expect(client.listenerCount()).toBe(3);
    await until(() => total() === 2, 'gateway sees exactly the last layout');
    for (const off of offs) off();
    await until(() => total() === 0, 'nothing left');
    expect(client.listenerCount()).toBe(0);
  });
});
