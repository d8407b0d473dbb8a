import type { z } from 'zod';
import type { FeedChannel } from '../feed-channel';
import type { HttpAdapterSchema } from '../feed-config';
import { applyMapping, getPath } from '../path-mapping';
import type { FeedAdapter } from './feed-adapter';

type HttpAdapterConfig = z.infer<typeof HttpAdapterSchema>;

export function parseAsOf(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string') {
    const t = Date.parse(v);
    return Number.isNaN(t) ? undefined : t;
  }
  return undefined;
}

async function readCapped(res: Response, max: number): Promise<string> {
  const reader = res.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      throw new Error(`body larger than ${max} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Polls a JSON endpoint. Polls never overlap: the next one is scheduled when the last ends.
 * A value older than two intervals (upstream down, slow or sending junk) is marked stale.
 */
export function createHttpPollAdapter(cfg: HttpAdapterConfig): FeedAdapter {
  let timer: NodeJS.Timeout | null = null;
  let staleTimer: NodeJS.Timeout | null = null;
  let closed = false;
  let inflight: AbortController | null = null;

  const pollOnce = async (channel: FeedChannel): Promise<void> => {
    inflight = new AbortController();
    const timeout = setTimeout(() => inflight?.abort(), cfg.timeoutMs);
    let text: string;
    try {
      const res = await fetch(cfg.url, { headers: { accept: 'application/json', ...cfg.headers }, signal: inflight.signal });
      if (!res.ok) {
        await res.body?.cancel();
        channel.fail(`HTTP ${res.status}`);
        return;
      }
      text = await readCapped(res, cfg.maxBodyBytes);
    } catch (err) {
      // Never log the error text: undici may quote the URL, and the URL may hold credentials.
      const aborted = inflight.signal.aborted;
      channel.fail(aborted ? `no answer within ${cfg.timeoutMs} ms` : `request failed (${(err as { code?: string }).code ?? 'network error'})`);
      return;
    } finally {
      clearTimeout(timeout);
      inflight = null;
    }
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (err) {
      channel.reject(`malformed JSON (${(err as Error).message.slice(0, 120)})`);
      return;
    }
    let value: unknown;
    try {
      value = cfg.mapping ? applyMapping(doc, cfg.mapping) : doc;
    } catch (err) {
      channel.reject(`mapping failed: ${(err as Error).message}`);
      return;
    }
    channel.accept(value, cfg.asOfPath ? parseAsOf(getPath(doc, cfg.asOfPath)) : undefined);
  };

  return {
    start(channel) {
      const loop = async () => {
        await pollOnce(channel);
        channel.staleIfOlderThan(2 * cfg.intervalMs);
        if (!closed) timer = setTimeout(() => void loop(), cfg.intervalMs);
      };
      // Also checked between polls, so a hanging upstream turns the tile stale on time.
      staleTimer = setInterval(() => channel.staleIfOlderThan(2 * cfg.intervalMs), cfg.intervalMs);
      void loop();
    },
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      if (staleTimer) clearInterval(staleTimer);
      inflight?.abort();
    },
  };
}
