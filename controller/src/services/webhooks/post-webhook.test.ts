import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { postWebhook, type WebhookRequest } from './post-webhook';
import { redactUrl } from './safe-url';
import { signWebhook } from './signature';
import { startReceiver, verifySignature } from './test-receiver';

const SECRET = 'receiver-secret-0123456789';
let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup) await c();
  cleanup = [];
});

const receiver = async (answer: Parameters<typeof startReceiver>[0]) => {
  const r = await startReceiver(answer);
  cleanup.push(r.close);
  return r;
};

const request = (url: string, over: Partial<WebhookRequest> = {}): WebhookRequest => ({
  url,
  secret: SECRET,
  event: 'escalation.created',
  eventId: '6f1c0f7e-3f57-4f8e-9a52-0f3f4f1b2a10',
  body: JSON.stringify({ id: '6f1c0f7e-3f57-4f8e-9a52-0f3f4f1b2a10', event: 'escalation.created', createdAt: 1, data: { x: 'đường' } }),
  timeoutMs: 2000,
  signal: new AbortController().signal,
  now: () => 1_700_000_000_000,
  ...over,
});

/** A port on 127.0.0.1 that nothing listens on any more. */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as { port: number };
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

describe('signWebhook', () => {
  it('is HMAC-SHA256 over "timestamp.body" in hex', () => {
    // Known answer, computed independently: printf '%s' '1.{}' | openssl dgst -sha256 -hmac 'k'
    expect(signWebhook('k', '1', '{}')).toBe('3dd49b2593d0f9a349e9e71c4bde3e2b862c2be4003fe9b4ba81332029310158');
    expect(signWebhook('k', '2', '{}')).not.toBe(signWebhook('k', '1', '{}'));
  });
});

describe('postWebhook against a real receiver on 127.0.0.1', () => {
  it('sends the signed body with the event, key and timestamp headers; a 2xx is delivered', async () => {
    const rx = await receiver(() => 204);
    const out = await postWebhook(request(`${rx.url}/hooks/ioc?token=abc`));
    expect(out).toEqual({ ok: true, status: 204 });
    const [r] = rx.received;
    expect(r?.url).toBe('/hooks/ioc?token=abc');
    expect(r?.headers).toMatchObject({
      'content-type': 'application/json',
      'x-ioc-event': 'escalation.created',
      'idempotency-key': '6f1c0f7e-3f57-4f8e-9a52-0f3f4f1b2a10',
      'x-ioc-timestamp': '1700000000000',
    });
    expect(r && verifySignature(SECRET, r)).toBe(true);
    expect(r && verifySignature('another-secret-0123456', r)).toBe(false);
    expect(JSON.parse(r?.body ?? '')).toMatchObject({ data: { x: 'đường' } });
  });

  it('turns userinfo into Basic auth instead of failing, and logs the URL without it', async () => {
    const rx = await receiver(() => 200);
    const url = rx.url.replace('http://', 'http://app:p%40ss@') + '/in?sig=1';
    expect(await postWebhook(request(url))).toEqual({ ok: true, status: 200 });
    expect(rx.received[0]?.headers.authorization).toBe(`Basic ${Buffer.from('app:p@ss').toString('base64')}`);
    expect(redactUrl(url)).toBe(`${rx.url}/in`);
  });

  it('names each failure without the secret or the URL', async () => {
    const rx = await receiver((_r, n) => (n === 1 ? 500 : n === 2 ? 302 : null));
    const url = `${rx.url}/x?token=abc`;
    const results = [
      await postWebhook(request(url)),
      await postWebhook(request(url)),
      await postWebhook(request(url, { timeoutMs: 150 })),
      await postWebhook(request(`http://127.0.0.1:${await closedPort()}/x?token=abc`)),
    ];
    expect(results).toEqual([
      { ok: false, error: 'HTTP 500' },
      { ok: false, error: 'HTTP 302' },
      { ok: false, error: 'timeout after 150 ms' },
      { ok: false, error: 'network error: ECONNREFUSED' },
    ]);
    // The redirect is not followed: a signed body only goes where it was configured to.
    expect(rx.received.map((r) => r.url)).toEqual(['/x?token=abc', '/x?token=abc', '/x?token=abc']);
    for (const r of results) expect(JSON.stringify(r)).not.toMatch(/token=abc|receiver-secret/);
  });

  it('reports a request cut by closing as aborted, so the row is left for the next process', async () => {
    const rx = await receiver(() => null);
    const ac = new AbortController();
    const p = postWebhook(request(rx.url, { signal: ac.signal }));
    setTimeout(() => ac.abort(), 100);
    expect(await p).toMatchObject({ ok: false, aborted: true });
  });
});
