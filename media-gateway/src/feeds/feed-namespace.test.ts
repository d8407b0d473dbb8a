import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { Server } from 'socket.io';
import { io as connect } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '@ioc/protocol';
import type { FeedEnvelope, FeedsClientToServer, FeedsServerToClient, Result, SocAlertsValue } from '@ioc/protocol';
import { signToken } from '@ioc/protocol/signed-token';
import { createFeedHub } from './feed-hub';
import type { FeedHub } from './feed-hub';
import { captureLog, waitFor } from './test-support';

const SECRET = 'test-secret-0123456789abcdef';
const PUSH = 'feed-push-token-0123456789';
type Client = Socket<FeedsServerToClient, FeedsClientToServer>;

const alerts = (critical: number): SocAlertsValue => ({
  kind: 'soc-alerts',
  bySeverity: { critical, high: 0, medium: 0, low: 0 },
  byStatus: { new: critical, investigating: 0, contained: 0, resolved: 0 },
  latest: [],
});

describe('/feeds delivery to screens over real socket.io', () => {
  let hub: FeedHub;
  let io: Server;
  let base = '';
  const clients: Client[] = [];
  afterEach(async () => {
    for (const c of clients.splice(0)) c.disconnect();
    hub.close();
    await io.close();
  });

  async function setup() {
    hub = createFeedHub({
      tokenSecret: SECRET,
      log: captureLog(),
      config: { feeds: ['a', 'b', 'c'].map((id) => ({ id, kind: 'soc-alerts', adapter: { type: 'webhook', token: PUSH } })) },
    });
    const app = express();
    app.use(hub.router);
    const http = createServer(app);
    io = new Server(http);
    hub.attachFeedNamespace(io);
    hub.start();
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  }
  const push = (feedId: string, v: SocAlertsValue) =>
    fetch(`${base}/feeds/${feedId}/webhook`, { method: 'POST', headers: { authorization: `Bearer ${PUSH}` }, body: JSON.stringify(v) });
  const token = (res: string[], exp = Math.floor(Date.now() / 1000) + 600) => signToken(SECRET, { aud: 'feeds', sub: 'screen-1', res, exp });
  const open = async (auth: Record<string, unknown>): Promise<Client> => {
    const c: Client = connect(`${base}/feeds`, { auth, transports: ['websocket'], reconnection: false, forceNew: true });
    clients.push(c);
    await new Promise<void>((resolve, reject) => {
      c.once('connect', resolve);
      c.once('connect_error', reject);
    });
    return c;
  };
  const request = <K extends keyof FeedsClientToServer>(c: Client, ev: K, feedIds: string[]) =>
    new Promise<Result<{ envelopes?: FeedEnvelope[]; feedIds?: string[] }>>((r) =>
      (c.emit as (e: string, p: unknown, cb: (x: unknown) => void) => void)(ev, { feedIds }, (x) => r(x as Result<{ envelopes?: FeedEnvelope[] }>)),
    );

  it('refuses a bad token or protocol version at the handshake', async () => {
    await setup();
    const codeOf = (auth: Record<string, unknown>) => open(auth).then(() => 'connected', (e: { data?: { code: string } }) => e.data?.code);
    expect(await codeOf({ protocolVersion: PROTOCOL_VERSION, token: signToken('another-secret-0123456789', { aud: 'feeds', sub: 'x', res: ['*'], exp: 2e9 }) })).toBe('UNAUTHENTICATED');
    expect(await codeOf({ protocolVersion: PROTOCOL_VERSION, token: signToken(SECRET, { aud: 'media', sub: 'x', res: ['*'], exp: 2e9 }) })).toBe('UNAUTHENTICATED');
    expect(await codeOf({ protocolVersion: PROTOCOL_VERSION + 1, token: token(['*']) })).toBe('PROTOCOL_MISMATCH');
    expect(await codeOf({ protocolVersion: PROTOCOL_VERSION })).toBe('VALIDATION_FAILED');
    expect(await codeOf({ protocolVersion: PROTOCOL_VERSION, token: token(['*']) })).toBe('connected');
  });

  it('sends the latest value on subscribe, then pushes only the subscribed feeds', async () => {
    await setup();
    await push('a', alerts(1));
    await push('b', alerts(2));
    const onlyA = await open({ protocolVersion: PROTOCOL_VERSION, token: token(['a', 'b']) });
    const onlyB = await open({ protocolVersion: PROTOCOL_VERSION, token: token(['*']) });
    const gotA: FeedEnvelope[] = [];
    const gotB: FeedEnvelope[] = [];
    onlyA.on('feed', (e) => gotA.push(e));
    onlyB.on('feed', (e) => gotB.push(e));

    const sub = await request(onlyA, 'subscribe', ['a']);
    expect(sub.ok && sub.data.envelopes?.map((e) => [e.feedId, e.value])).toEqual([['a', alerts(1)]]);
    expect((await request(onlyB, 'subscribe', ['b'])).ok).toBe(true);

    const denied = await request(onlyA, 'subscribe', ['c']);
    expect(!denied.ok && denied.error).toMatchObject({ code: 'FORBIDDEN', details: { feedIds: ['c'] } });
    const unknown = await request(onlyB, 'subscribe', ['nope']);
    expect(!unknown.ok && unknown.error.code).toBe('FEED_NOT_FOUND');

    await push('a', alerts(3));
    await push('b', alerts(4));
    await push('c', alerts(5));
    await waitFor(() => gotA.length >= 1 && gotB.length >= 1, 3000, 'pushes');
    await new Promise((r) => setTimeout(r, 100));
    expect(gotA.map((e) => [e.feedId, e.value])).toEqual([['a', alerts(3)]]);
    expect(gotB.map((e) => [e.feedId, e.value])).toEqual([['b', alerts(4)]]);
  });

  it('leaves no subscriber behind after 200 resubscribe cycles and 20 reconnects', async () => {
    await setup();
    await push('a', alerts(1));
    const t = token(['*']);
    const c = await open({ protocolVersion: PROTOCOL_VERSION, token: t });
    for (let i = 0; i < 200; i++) {
      const s = await request(c, 'subscribe', ['a', 'b']);
      expect(s.ok).toBe(true);
      await request(c, 'unsubscribe', ['a', 'b']);
    }
    expect(hub.subscriberCount('a')).toBe(0);
    expect(hub.subscriberCount('b')).toBe(0);

    for (let i = 0; i < 20; i++) {
      const r = await open({ protocolVersion: PROTOCOL_VERSION, token: t });
      await request(r, 'subscribe', ['a']);
      r.disconnect();
    }
    await waitFor(() => hub.subscriberCount('a') === 0, 3000, 'rooms emptied after disconnects');

    // Still exactly one delivery per update for a live subscriber: no duplicated listeners.
    await request(c, 'subscribe', ['a']);
    expect(hub.subscriberCount('a')).toBe(1);
    const got: FeedEnvelope[] = [];
    c.on('feed', (e) => got.push(e));
    await push('a', alerts(7));
    await waitFor(() => got.length >= 1, 3000, 'push');
    await new Promise((r) => setTimeout(r, 100));
    expect(got).toHaveLength(1);
    expect(io.of('/feeds').sockets.size).toBe(1);
  });
});
