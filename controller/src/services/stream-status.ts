import { FeedStatusSchema, StreamListSchema, StreamStatusSchema, type CameraStreamsStatus, type FeedStatus, type StreamStatus } from '@ioc/protocol';
import type { Logger } from '../logger';
import type { Hub } from './hub';

export interface StreamStatusOptions {
  /** Gateway base URL as the controller reaches it; null disables the subscription. */
  gatewayUrl: string | null;
  secret: string | null;
  hub: Hub;
  log: Logger;
  backoffMs?: { initial: number; max: number };
  /** How long the gateway may be unreachable before its streams count as offline. */
  lostAfterMs?: number;
  now?: () => number;
}

const key = (cameraId: string, profile: string) => `${cameraId}/${profile}`;

/**
 * Follows the media gateway's `GET /api/streams/events` (server-sent events) and keeps the
 * latest status per (camera, profile). Reconnects with backoff, so the gateway may start after
 * the controller or restart under it; each connection begins with a snapshot that replaces
 * what we knew. The same stream carries the widget feeds' health (`feedStatus`), which the
 * feed-stale alert reads.
 */
export function createStreamStatus(opts: StreamStatusOptions) {
  const latest = new Map<string, StreamStatus>();
  const feeds = new Map<string, FeedStatus>();
  const backoff = opts.backoffMs ?? { initial: 500, max: 10_000 };
  let connected = false;
  let stopped = true;
  let abort: AbortController | null = null;
  let retryTimer: NodeJS.Timeout | undefined;
  let delay = backoff.initial;
  let loggedDown = false;
  let lostTimer: NodeJS.Timeout | undefined;
  const now = opts.now ?? Date.now;

  // Screens fetch HLS from the gateway: when it is gone, so are its streams, whatever they last said.
  const markLost = () => {
    lostTimer = undefined;
    if (connected || stopped) return;
    for (const s of latest.values()) {
      if (s.state !== 'stopped' && s.state !== 'offline') put({ ...s, state: 'offline', since: now(), error: 'media gateway unreachable' });
    }
    // Nor can screens get feed updates: every feed is as stale as the screens see it.
    for (const f of feeds.values()) putFeed({ ...f, stale: true });
  };

  const putFeed = (f: FeedStatus) => {
    const old = feeds.get(f.feedId);
    feeds.set(f.feedId, f);
    if (!old || old.stale !== f.stale) opts.hub.emit('feedStatus', f);
  };

  const put = (s: StreamStatus) => {
    const k = key(s.cameraId, s.profile);
    const old = latest.get(k);
    latest.set(k, s);
    if (!old || old.state !== s.state || old.since !== s.since || old.restarts !== s.restarts || old.error !== s.error) {
      opts.hub.emit('streamStatus', s);
    }
  };

  const onEvent = (event: string, data: string) => {
    let raw: unknown;
    try {
      raw = JSON.parse(data);
    } catch {
      return;
    }
    if (event === 'snapshot') {
      const snap = StreamListSchema.safeParse(raw);
      if (!snap.success) return;
      const seen = new Set(snap.data.streams.map((s) => key(s.cameraId, s.profile)));
      // Streams the gateway no longer has (it restarted) are stopped, not silently kept live.
      for (const [k, s] of latest) if (!seen.has(k) && s.state !== 'stopped') put({ ...s, state: 'stopped', since: now() });
      for (const s of snap.data.streams) put(s);
      if (snap.data.feeds) {
        const ids = new Set(snap.data.feeds.map((f) => f.feedId));
        for (const id of feeds.keys()) if (!ids.has(id)) feeds.delete(id);
        for (const f of snap.data.feeds) putFeed(f);
      }
    } else if (event === 'status') {
      const s = StreamStatusSchema.safeParse(raw);
      if (s.success) put(s.data);
    } else if (event === 'feedStatus') {
      const f = FeedStatusSchema.safeParse(raw);
      if (f.success) putFeed(f.data);
    }
  };

  async function connectOnce(url: string, secret: string): Promise<void> {
    abort = new AbortController();
    const res = await fetch(`${url.replace(/\/+$/, '')}/api/streams/events`, {
      headers: { authorization: `Bearer ${secret}`, accept: 'text/event-stream' },
      signal: abort.signal,
    });
    if (res.status !== 200 || !res.body) throw new Error(`gateway answered ${res.status}`);
    connected = true;
    if (lostTimer) clearTimeout(lostTimer);
    lostTimer = undefined;
    delay = backoff.initial;
    if (loggedDown) opts.log.info('media gateway status stream connected');
    loggedDown = false;
    const decoder = new TextDecoder();
    let buf = '';
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      buf += decoder.decode(chunk, { stream: true }).replace(/\r\n/g, '\n');
      let end: number;
      while ((end = buf.indexOf('\n\n')) >= 0) {
        const block = buf.slice(0, end);
        buf = buf.slice(end + 2);
        let event = 'message';
        const data: string[] = [];
        for (const line of block.split('\n')) {
          if (line.startsWith('event:')) event = line.slice(6).trim();
          else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
        }
        if (data.length > 0) onEvent(event, data.join('\n'));
      }
    }
  }

  function loop(): void {
    const { gatewayUrl, secret } = opts;
    if (stopped || !gatewayUrl || !secret) return;
    void connectOnce(gatewayUrl, secret)
      .catch((err: unknown) => {
        if (stopped) return;
        if (!loggedDown) opts.log.warn('media gateway status stream unavailable; retrying', { error: err instanceof Error ? err.message : String(err) });
        loggedDown = true;
      })
      .finally(() => {
        connected = false;
        if (stopped) return;
        lostTimer ??= setTimeout(markLost, opts.lostAfterMs ?? 3_000);
        retryTimer = setTimeout(loop, delay * (0.75 + Math.random() * 0.5));
        delay = Math.min(backoff.max, delay * 2);
      });
  }

  return {
    start(): void {
      if (!stopped) return;
      stopped = false;
      loop();
    },
    stop(): void {
      stopped = true;
      if (retryTimer) clearTimeout(retryTimer);
      if (lostTimer) clearTimeout(lostTimer);
      abort?.abort();
    },
    connected: () => connected,
    list: (): StreamStatus[] => [...latest.values()],
    /** The widget feeds' health as the gateway last reported it (all stale while it is unreachable). */
    feeds: (): FeedStatus[] => [...feeds.values()],
    forCamera(cameraId: string): CameraStreamsStatus {
      return { main: latest.get(key(cameraId, 'main')) ?? null, sub: latest.get(key(cameraId, 'sub')) ?? null };
    },
  };
}
export type StreamStatusService = ReturnType<typeof createStreamStatus>;
