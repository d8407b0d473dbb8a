import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** The status the receiver answered (null: it never answered). */
  status: number | null;
}

/**
 * A webhook receiver for tests, on 127.0.0.1 only. `answer` picks the status per request
 * (or null to hang until closed); every request is recorded.
 */
export async function startReceiver(answer: (req: Received, n: number) => number | null) {
  const received: Received[] = [];
  const hanging = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r: Received = { url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), status: null };
      received.push(r);
      const status = answer(r, received.length);
      if (status === null) return void hanging.add(res);
      r.status = status;
      res.writeHead(status, status >= 300 && status < 400 ? { Location: '/elsewhere' } : {}).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The receiver's side of the signature, with node:crypto only (as a receiver would). */
export function verifySignature(secret: string, r: Received): boolean {
  const ts = String(r.headers['x-ioc-timestamp']);
  const got = String(r.headers['x-ioc-signature']);
  const want = `sha256=${createHmac('sha256', secret).update(`${ts}.${r.body}`).digest('hex')}`;
  return got.length === want.length && timingSafeEqual(Buffer.from(got), Buffer.from(want));
}

/** Polls `cond` every 20 ms until true or `ms` passed. */
export async function until(cond: () => boolean, ms = 10_000, what = 'condition'): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
