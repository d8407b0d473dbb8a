import { afterEach, describe, expect, it } from 'vitest';
import type { SocAlertsValue } from '@ioc/protocol';
import { createFeedHub } from '../feed-hub';
import type { FeedHub } from '../feed-hub';
import { captureLog, startUpstream, waitFor } from '../test-support';

const SECRET = 'test-secret-0123456789abcdef';
const good = (n: number): SocAlertsValue => ({
  kind: 'soc-alerts',
  bySeverity: { critical: n, high: 0, medium: 0, low: 0 },
  byStatus: { new: n, investigating: 0, contained: 0, resolved: 0 },
  latest: [],
});

type Mode = 'good' | 'malformed' | 'wrong-types' | 'slow' | '5xx';

describe('HTTP polling adapter against a real upstream', () => {
  let hub: FeedHub | undefined;
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    hub?.close();
    await close?.();
  });

  async function setup(intervalMs: number) {
    let mode: Mode = 'good';
    let n = 1;
    let hits = 0;
    const up = await startUpstream((req, res) => {
      hits += 1;
      if (mode === 'good') {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ generatedAt: '2021-07-19T10:00:00.000Z', data: good(n) }));
      } else if (mode === 'malformed') res.end('{"data": {"kind": "soc-al');
      else if (mode === 'wrong-types') res.end(JSON.stringify({ data: { ...good(1), bySeverity: { critical: 'many', high: 0, medium: 0, low: 0 } } }));
      else if (mode === '5xx') {
        res.statusCode = 503;
        res.end('maintenance');
      } else setTimeout(() => res.end(JSON.stringify({ data: good(99) })), 2000).unref();
    });
    close = up.close;
    const log = captureLog();
    hub = createFeedHub({
      tokenSecret: SECRET,
      log,
      config: {
        feeds: [
          {
            id: 'soc',
            kind: 'soc-alerts',
            // The query token stands for a credential that must never reach a log line.
            adapter: { type: 'http', url: `${up.url}/alerts?apikey=SECRET-KEY`, intervalMs, timeoutMs: 150, mapping: { '$': 'data' }, asOfPath: 'generatedAt' },
          },
        ],
      },
    });
    return {
      hub,
      log,
      setMode: (m: Mode) => {
        mode = m;
      },
      setN: (v: number) => {
        n = v;
      },
      hits: () => hits,
    };
  }

  it('takes good values with the upstream time, and keeps the last good one through junk, marked stale', async () => {
    const t = await setup(100);
    t.hub.start();
    const first = await waitFor(() => t.hub.envelope('soc'), 3000, 'first value');
    expect(first.value).toEqual(good(1));
    expect(first.asOf).toBe(Date.parse('2021-07-19T10:00:00.000Z'));
    expect(first.stale).toBe(false);

    for (const mode of ['malformed', 'wrong-types'] as const) {
      t.setMode(mode);
      const before = t.log.lines.length;
      const hits = t.hits();
      const rejectedLines = () => t.log.lines.slice(before).filter((l) => l.includes('rejected upstream payload'));
      await waitFor(() => rejectedLines().length >= 2, 3000, 'two rejections');
      const env = t.hub.envelope('soc')!;
      expect(env.value).toEqual(good(1));
      expect(env.stale).toBe(true);
      expect(env.asOf).toBe(first.asOf);
      const rejections = rejectedLines();
      // One line per rejected payload, naming the feed and the problem.
      expect(rejections.length).toBeGreaterThanOrEqual(2);
      expect(rejections.length).toBeLessThanOrEqual(t.hits() - hits);
      for (const l of rejections) {
        expect(l).toMatch(/^WARN feed soc: rejected upstream payload: /);
        expect(l.split('\n')).toHaveLength(1);
      }
      expect(rejections[0]).toContain(mode === 'malformed' ? 'malformed JSON' : 'bySeverity.critical');
      t.setMode('good');
      await waitFor(() => !t.hub.envelope('soc')!.stale, 3000, 'recovery');
    }
    expect(t.log.lines.join('\n')).not.toContain('SECRET-KEY');
  });

  it('marks the value stale only after two intervals of timeouts or 5xx, and recovers', async () => {
    for (const mode of ['slow', '5xx'] as const) {
      const t = await setup(200);
      t.hub.start();
      const first = await waitFor(() => t.hub.envelope('soc'), 3000, 'first value');
      t.setMode(mode);
      const failedAt = Date.now();
      await waitFor(() => t.hub.envelope('soc')!.stale, 3000, `stale after ${mode}`);
      const staleAfter = Date.now() - failedAt;
      expect(staleAfter).toBeGreaterThanOrEqual(150);
      const env = t.hub.envelope('soc')!;
      expect(env.value).toEqual(good(1));
      expect(env.asOf).toBe(first.asOf);
      const failures = t.log.lines.filter((l) => l.includes('upstream failed'));
      expect(failures).toHaveLength(1); // logged once per outage, not once per poll
      expect(failures[0]).toContain(mode === 'slow' ? 'no answer within 150 ms' : 'HTTP 503');
      t.setN(2);
      t.setMode('good');
      const back = await waitFor(() => {
        const e = t.hub.envelope('soc')!;
        return !e.stale && e;
      }, 3000, 'recovery');
      expect(back.value).toEqual(good(2));
      expect(t.log.lines.join('\n')).not.toContain('SECRET-KEY');
      hub!.close();
      await close!();
    }
  });
});
