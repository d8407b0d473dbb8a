import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request, startHarness, type Harness, type Loose } from '../test-support/harness';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

let h: Harness;
let admin: string;
beforeAll(async () => {
  h = await startHarness();
  admin = await h.login();
});
afterAll(() => h.close());

const lines = () => h.log.lines.map((l) => JSON.parse(l) as Record<string, Loose>);
const audit = async () => (await h.api('GET', '/api/audit?limit=50', { token: admin })).body.entries as { action: string; target: string | null; requestId: string | null }[];

describe('request ids', () => {
  it('carries the caller\'s X-Request-Id to the response, the log lines and the audit row of the request', async () => {
    const id = 'ops-trace-0001.abc';
    const r = await h.api('POST', '/api/cameras', {
      token: admin,
      headers: { 'x-request-id': id },
      body: { id: 'cam-rid', name: 'Ngã tư', mainUrl: 'rtsp://10.0.0.9:554/main' },
    });
    expect(r.status).toBe(201);
    expect(r.headers.get('x-request-id')).toBe(id);
    expect((await audit()).find((a) => a.action === 'camera.create' && a.target === 'cam-rid')?.requestId).toBe(id);
    // The route's own line, through the narrow logger, carries it too.
    expect(lines().find((l) => String(l.msg).includes('camera cam-rid added'))?.requestId).toBe(id);
    // pino-http's line for the request: JSON, with the id, the path and the status.
    const access = lines().find((l) => l.requestId === id && l.res);
    expect(access).toMatchObject({ level: 30, req: { method: 'POST', path: '/api/cameras' }, res: { statusCode: 201 } });
  });

  it('replaces an unsafe or missing incoming id with a UUID of its own', async () => {
    for (const incoming of ['bad id with spaces', 'x', `${'a'.repeat(200)}`, '<script>']) {
      const r = await h.api('GET', '/api/me', { token: admin, headers: { 'x-request-id': incoming } });
      expect(r.headers.get('x-request-id')).toMatch(UUID);
    }
    const none = await h.api('GET', '/api/time');
    expect(none.headers.get('x-request-id')).toMatch(UUID);
    // Probes get an id but no access line: they come every few seconds.
    expect((await h.api('GET', '/healthz')).headers.get('x-request-id')).toMatch(UUID);
    expect(lines().some((l) => l.req?.path === '/healthz')).toBe(false);
    expect(lines().some((l) => l.req?.path === '/api/time')).toBe(true);
    // Each request its own id.
    const again = await h.api('GET', '/api/time');
    expect(again.headers.get('x-request-id')).not.toBe(none.headers.get('x-request-id'));
  });

  it('logs a failing request at warn with its id, and never a credential from its headers', async () => {
    const r = await h.api('GET', '/api/walls', { token: 'not-a-session-token-0123456789' });
    expect(r.status).toBe(401);
    const id = r.headers.get('x-request-id');
    const line = lines().find((l) => l.requestId === id && l.res);
    expect(line).toMatchObject({ level: 40, res: { statusCode: 401 } });
    expect(h.log.lines.join('\n')).not.toContain('not-a-session-token-0123456789');
    expect(h.log.lines.join('\n')).not.toContain(admin);
  });

  it('gives each socket command an id of its own, stored on its audit row', async () => {
    const c = h.socket('/console', { token: admin });
    const applied = await request(c, 'applyLayout', { wallId: 'command', layoutId: 'cmd-quad', reason: 'request id' });
    expect(applied.ok).toBe(true);
    const apply = (await audit()).filter((a) => a.action === 'layout.apply');
    expect(apply.length).toBeGreaterThan(0);
    expect(apply[0]!.requestId).toMatch(UUID);
  });
});
