import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import type { PublicServicesValue } from '@ioc/protocol';
import { createFeedHub } from './feed-hub';
import type { FeedHub } from './feed-hub';
import { captureLog } from './test-support';

const TOKEN = 'feed-token-ps-0123456789';
const counts = { received: 100, onTime: 80, late: 10, overdue: 2 };
const value = (): PublicServicesValue => ({
  kind: 'public-services',
  period: '2021-07',
  totals: counts,
  byLevel: { province: counts, district: { received: 0, onTime: 0, late: 0, overdue: 0 }, commune: { received: 0, onTime: 0, late: 0, overdue: 0 } },
  agencies: [{ id: 'so-tu-phap', name: { vi: 'Sở Tư pháp', en: 'Department of Justice' }, level: 'province', counts }],
  onTimeRate: 80 / 90,
});

describe('webhook push', () => {
  let server: Server | undefined;
  let hub: FeedHub | undefined;
  afterEach(async () => {
    hub?.close();
    server?.closeAllConnections();
    await new Promise((r) => server?.close(r));
  });

  async function setup() {
    const log = captureLog();
    hub = createFeedHub({
      tokenSecret: 'test-secret-0123456789abcdef',
      log,
      config: { feeds: [{ id: 'dvc', kind: 'public-services', adapter: { type: 'webhook', token: TOKEN } }] },
    });
    hub.start();
    const app = express();
    app.use(hub.router);
    server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server!.once('listening', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/feeds/dvc/webhook`;
    const post = (body: string, token = TOKEN) =>
      fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body });
    return { log, url, post };
  }

  it('accepts the right token and delivers the value; refuses a wrong or missing token with 401', async () => {
    const { post, url, log } = await setup();
    const ok = await post(JSON.stringify(value()));
    expect(ok.status).toBe(202);
    expect(hub!.envelope('dvc')?.value).toEqual(value());
    expect(hub!.envelope('dvc')?.stale).toBe(false);

    const wrong = await post(JSON.stringify({ ...value(), period: '2022-01' }), 'feed-token-ps-0123456780');
    expect(wrong.status).toBe(401);
    expect(((await wrong.json()) as { error: { code: string } }).error.code).toBe('UNAUTHENTICATED');
    const none = await fetch(url, { method: 'POST', body: '{}' });
    expect(none.status).toBe(401);
    expect(hub!.envelope('dvc')?.value.kind === 'public-services' && hub!.envelope('dvc')?.value).toMatchObject({ period: '2021-07' });
    expect(log.lines.join('\n')).not.toContain(TOKEN);
  });

  it('refuses an oversized body with 413, with or without a declared length', async () => {
    const { url } = await setup();
    const big = JSON.stringify({ ...value(), padding: 'x'.repeat(300 * 1024) });
    const declared = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` }, body: big });
    expect(declared.status).toBe(413);
    // A chunked body has no content-length: the parser must still stop at the limit.
    const stream = new ReadableStream({
      start(c) {
        c.enqueue(new TextEncoder().encode(big));
        c.close();
      },
    });
    const chunked = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(chunked.status).toBe(413);
    expect(hub!.envelope('dvc')).toBeNull();
  });

  it('rejects a bad payload with 400 and one log line, keeping the last good value as stale', async () => {
    const { post, log } = await setup();
    await post(JSON.stringify(value()));
    const asOf = hub!.envelope('dvc')!.asOf;
    const bad = await post(JSON.stringify({ ...value(), onTimeRate: 0.2 }));
    expect(bad.status).toBe(400);
    const junk = await post('{not json');
    expect(junk.status).toBe(400);
    const env = hub!.envelope('dvc')!;
    expect(env).toMatchObject({ stale: true, asOf });
    expect(env.value).toEqual(value());
    const lines = log.lines.filter((l) => l.includes('rejected'));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain('feed dvc: rejected upstream payload');
    expect(lines[0]).toContain('onTimeRate');
    expect(lines[1]).toContain('malformed JSON');
  });
});
