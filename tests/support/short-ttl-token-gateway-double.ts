import { randomBytes } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';

/**
 * A test double of the media gateway's HLS route with very short-lived tokens: it serves a real
 * live HLS directory (from `startHlsLiveSource`) at `GET /hls/<token>/<camera>/<profile>/<file>`
 * like the gateway does, answers 401 for an unknown or expired token and 403 for another
 * camera's, and issues tokens at `GET /token?camera=<id>` (the controller's job in production)
 * that live `ttlMs` only. It lets a browser test cross many token expiries in seconds where the
 * real controller's minimum is 30 s.
 */
export interface ShortTtlTokenGatewayDouble {
  url: string;
  /** Tokens issued so far. */
  issued(): number;
  /** Playlist/segment requests answered 200, and refused 401/403. */
  served(): number;
  refused(): number;
  /** Revokes every token issued so far (like a gateway restarted with a new secret). */
  revokeAll(): void;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.m3u8': 'application/vnd.apple.mpegurl',
  '.m4s': 'video/iso.segment',
  '.mp4': 'video/mp4',
};

export async function startShortTtlTokenGatewayDouble(opts: { dir: string; ttlMs: number }): Promise<ShortTtlTokenGatewayDouble> {
  const base = resolve(opts.dir);
  const tokens = new Map<string, { cameraId: string; expiresAt: number }>();
  let issued = 0;
  let served = 0;
  let refused = 0;
  let url = '';
  const server = createServer((req, res) => {
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Cache-Control', 'no-store');
    const u = new URL(req.url ?? '/', 'http://x');
    if (u.pathname === '/token') {
      const cameraId = u.searchParams.get('camera') ?? '';
      const token = randomBytes(12).toString('hex');
      const expiresAt = Date.now() + opts.ttlMs;
      tokens.set(token, { cameraId, expiresAt });
      issued++;
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ token, expiresAt, gatewayUrl: url }));
      return;
    }
    const m = /^\/hls\/([^/]+)\/([^/]+)\/(main|sub)\/([^/]+)$/.exec(u.pathname);
    if (!m) {
      res.writeHead(404).end();
      return;
    }
    const grant = tokens.get(decodeURIComponent(m[1]!));
    if (!grant || grant.expiresAt <= Date.now()) {
      refused++;
      res.writeHead(401).end();
      return;
    }
    if (grant.cameraId !== decodeURIComponent(m[2]!)) {
      refused++;
      res.writeHead(403).end();
      return;
    }
    const file = normalize(join(base, m[4]!));
    if (!file.startsWith(base + sep) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    served++;
    res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file)
      .on('error', () => res.destroy())
      .pipe(res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    issued: () => issued,
    served: () => served,
    refused: () => refused,
    revokeAll: () => tokens.clear(),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
