import express from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiRequestError, createApi } from './api';

/** A double of the controller's REST API that answers the documented error bodies. */
function startErrorDouble(): Promise<{ server: Server; url: string; seen: { auth?: string; body?: unknown }[] }> {
  const app = express();
  app.use(express.json());
  const seen: { auth?: string; body?: unknown }[] = [];
  app.use((req, _res, next) => {
    seen.push({ auth: req.headers.authorization, body: req.body });
    next();
  });
  app.post('/api/walls/monitoring/apply', (req, res) => {
    const body = req.body as { layoutId?: string; ifVersion?: number };
    if (body.layoutId === 'broken') {
      res.status(400).json({
        code: 'LAYOUT_INVALID',
        message: 'tile cam-3: rect.x: must be within the wall (0..9)',
        details: { issues: [{ tileId: 'cam-3', field: 'rect.x', message: 'must be within the wall (0..9)' }] },
      });
    } else if (body.ifVersion === 3) {
      res.status(409).json({ code: 'VERSION_CONFLICT', message: 'wall monitoring is at v5, not v3', details: { currentVersion: 5 } });
    } else if (!req.headers.authorization) {
      res.status(401).json({ code: 'UNAUTHENTICATED', message: 'sign in first' });
    } else {
      res.json({ wallId: 'monitoring', version: 6, activateAt: 1_700_000_000_500 });
    }
  });
  app.post('/api/walls/nowhere/apply', (_req, res) => {
    res.status(404).json({ code: 'WALL_NOT_FOUND', message: 'no wall "nowhere"' });
  });
  app.get('/api/walls', (_req, res) => {
    res.status(403).json({ code: 'FORBIDDEN', message: 'needs the operator role' });
  });
  app.get('/api/screens', (_req, res) => {
    res.status(502).type('html').send('<html>Bad Gateway</html>');
  });
  app.get('/api/screens/pending', (_req, res) => {
    res.json([{ code: 'ABC123', deviceId: 'dev-1' }]);
  });
  app.delete('/api/screens/s-1', (_req, res) => {
    res.status(204).end();
  });
  return new Promise((resolve) => {
    const server = app.listen(0, '127.0.0.1', () => {
      resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen });
    });
  });
}

describe('console api wrapper', () => {
  let double: Awaited<ReturnType<typeof startErrorDouble>>;
  let token: string | null = 'tok-operator';
  beforeAll(async () => {
    double = await startErrorDouble();
  });
  afterAll(() => new Promise<void>((r) => double.server.close(() => r())));
  const api = () => createApi({ baseUrl: double.url, getToken: () => token });

  async function failure(p: Promise<unknown>): Promise<ApiRequestError> {
    const err = await p.then(
      () => {
        throw new Error('expected the call to fail');
      },
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ApiRequestError);
    return err as ApiRequestError;
  }

  it('sends the bearer token and JSON body, and parses a success', async () => {
    const res = await api().apply('monitoring', { layoutId: 'grid', ifVersion: 5 });
    expect(res).toEqual({ wallId: 'monitoring', version: 6, activateAt: 1_700_000_000_500 });
    expect(double.seen.at(-1)).toEqual({ auth: 'Bearer tok-operator', body: { layoutId: 'grid', ifVersion: 5 } });
  });

  it('turns LAYOUT_INVALID into an error carrying the message verbatim and the details', async () => {
    const err = await failure(api().apply('monitoring', { layoutId: 'broken' }));
    expect(err.code).toBe('LAYOUT_INVALID');
    expect(err.status).toBe(400);
    expect(err.message).toBe('tile cam-3: rect.x: must be within the wall (0..9)');
    expect(err.details).toEqual({ issues: [{ tileId: 'cam-3', field: 'rect.x', message: 'must be within the wall (0..9)' }] });
  });

  it('maps VERSION_CONFLICT, WALL_NOT_FOUND, FORBIDDEN and UNAUTHENTICATED to their codes', async () => {
    const conflict = await failure(api().apply('monitoring', { layoutId: 'grid', ifVersion: 3 }));
    expect([conflict.code, conflict.status, conflict.details]).toEqual(['VERSION_CONFLICT', 409, { currentVersion: 5 }]);
    const missing = await failure(api().apply('nowhere', { layoutId: 'grid' }));
    expect([missing.code, missing.status, missing.message]).toEqual(['WALL_NOT_FOUND', 404, 'no wall "nowhere"']);
    const forbidden = await failure(api().walls());
    expect([forbidden.code, forbidden.status, forbidden.message]).toEqual(['FORBIDDEN', 403, 'needs the operator role']);
    token = null;
    const anon = await failure(api().apply('monitoring', { layoutId: 'grid' }));
    token = 'tok-operator';
    expect([anon.code, anon.status]).toEqual(['UNAUTHENTICATED', 401]);
  });

  it('reports a body that is not an error document, or a malformed answer, as BAD_RESPONSE', async () => {
    const html = await failure(api().screens());
    expect(html.code).toBe('BAD_RESPONSE');
    expect(html.message).toContain('HTTP 502');
    const malformed = await failure(api().pendingScreens());
    expect(malformed.code).toBe('BAD_RESPONSE');
    expect(malformed.message).toMatch(/unexpected answer to GET \/api\/screens\/pending: \[0\]\.hostname/);
  });

  it('accepts an empty 204 answer', async () => {
    await expect(api().unpair('s-1')).resolves.toBeUndefined();
  });

  it('reports an unreachable controller as NETWORK_ERROR', async () => {
    const err = await failure(createApi({ baseUrl: 'http://127.0.0.1:1' }).walls());
    expect(err.code).toBe('NETWORK_ERROR');
    expect(err.message).toContain('GET /api/walls');
  });
});
