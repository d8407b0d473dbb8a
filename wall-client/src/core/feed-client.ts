import { io } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import { FEEDS_NAMESPACE, FeedEnvelopeSchema, PROTOCOL_VERSION } from '@ioc/protocol';
import type { ApiError, FeedEnvelope, FeedsClientToServer, FeedsHandshake, FeedsServerToClient, Result } from '@ioc/protocol';
import type { FeedSubscriber } from '../renderer/tile-pipe';

export type FeedSocket = Socket<FeedsServerToClient, FeedsClientToServer>;
type Listener = (value: unknown, meta: { stale: boolean; asOf: number }) => void;

export interface FeedClientOptions {
  /** Media gateway base URL (the `/feeds` namespace is added). */
  gatewayUrl: string;
  /** The screen's current feeds token; asked again on every (re)connect, so a renewed one is used. */
  token: () => string | Promise<string>;
  socketFactory?: (url: string, auth: (cb: (a: FeedsHandshake) => void) => void) => FeedSocket;
  onError?: (error: ApiError) => void;
}

export interface FeedClient extends FeedSubscriber {
  /** Feeds with at least one live subscriber (what the gateway has us subscribed to). */
  activeFeeds(): string[];
  listenerCount(): number;
  close(): void;
}

/** The gateway takes at most 64 feed ids per request (feedRequests.subscribe). */
const MAX_IDS_PER_REQUEST = 64;

export const defaultFeedSocketFactory = (url: string, auth: (cb: (a: FeedsHandshake) => void) => void): FeedSocket =>
  io(url, { auth, transports: ['websocket', 'polling'], reconnectionDelay: 500, reconnectionDelayMax: 10_000 }) as FeedSocket;

/**
 * The screen's side of `/feeds`: one socket, one gateway subscription per feed however many
 * tiles show it (ref-counted), resubscribed after every reconnect. A tile's unsubscribe drops
 * its listener; the last one out unsubscribes at the gateway, so layout switches leave nothing.
 */
export function createFeedClient(opts: FeedClientOptions): FeedClient {
  const entries = new Map<string, { listeners: Set<Listener>; last: FeedEnvelope | null }>();
  let closed = false;
  const auth = (cb: (a: FeedsHandshake) => void) => {
    void Promise.resolve(opts.token()).then(
      (token) => cb({ protocolVersion: PROTOCOL_VERSION, token }),
      () => cb({ protocolVersion: PROTOCOL_VERSION, token: '' }),
    );
  };
  const socket = (opts.socketFactory ?? defaultFeedSocketFactory)(`${opts.gatewayUrl.replace(/\/+$/, '')}${FEEDS_NAMESPACE}`, auth);

  const deliver = (e: FeedEnvelope) => {
    const entry = entries.get(e.feedId);
    if (!entry) return;
    // Out-of-order deliveries (a subscribe reply racing a push) must not roll a tile back.
    if (entry.last && entry.last.receivedAt > e.receivedAt) return;
    entry.last = e;
    for (const l of [...entry.listeners]) l(e.value, { stale: e.stale, asOf: e.asOf });
  };

  const subscribeAtGateway = (feedIds: string[]) => {
    for (let i = 0; i < feedIds.length; i += MAX_IDS_PER_REQUEST) {
      const batch = feedIds.slice(i, i + MAX_IDS_PER_REQUEST);
      socket.emit('subscribe', { feedIds: batch }, (res: Result<{ envelopes: FeedEnvelope[] }>) => {
        if (!res.ok) return opts.onError?.(res.error);
        for (const raw of res.data.envelopes) {
          const e = FeedEnvelopeSchema.safeParse(raw);
          if (e.success) deliver(e.data);
        }
      });
    }
  };

  socket.on('connect', () => subscribeAtGateway([...entries.keys()]));
  socket.on('disconnect', (reason) => {
    // A server-side disconnect (e.g. expired token) does not reconnect by itself; retry with a fresh token.
    if (reason === 'io server disconnect' && !closed) setTimeout(() => !closed && socket.connect(), 1000);
  });
  socket.on('feed', (raw) => {
    const e = FeedEnvelopeSchema.safeParse(raw);
    if (e.success) deliver(e.data);
  });

  return {
    subscribe(feedId, onValue) {
      let entry = entries.get(feedId);
      if (!entry) {
        entry = { listeners: new Set(), last: null };
        entries.set(feedId, entry);
        if (socket.connected) subscribeAtGateway([feedId]);
      }
      // A fresh function per call, so the same callback subscribed twice counts twice.
      const listener: Listener = (v, m) => onValue(v, m);
      entry.listeners.add(listener);
      if (entry.last) listener(entry.last.value, { stale: entry.last.stale, asOf: entry.last.asOf });
      let done = false;
      return () => {
        if (done) return;
        done = true;
        const current = entries.get(feedId);
        if (!current) return;
        current.listeners.delete(listener);
        if (current.listeners.size > 0) return;
        entries.delete(feedId);
        if (socket.connected) socket.emit('unsubscribe', { feedIds: [feedId] }, () => undefined);
      };
    },
    activeFeeds: () => [...entries.keys()],
    listenerCount: () => [...entries.values()].reduce((n, e) => n + e.listeners.size, 0),
    close() {
      closed = true;
      entries.clear();
      socket.removeAllListeners();
      socket.disconnect();
    },
  };
}
