import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyToken } from '@ioc/protocol/signed-token';
import { next, request, startHarness, type Harness } from '../test-support/harness';

const SECRET = 'controller-test-media-secret-0123456789';
// Reserved characters on purpose: they must be found (and refused) raw and %-encoded.
const PASSWORD = 'Pa$s:w@rd/é%41';
const ENCODED = encodeURIComponent(PASSWORD);
const FORMS = [PASSWORD, ENCODED, encodeURI(PASSWORD), 'Pa$s:w@rd', 'Pa%24s%3Aw%40rd'];

let h: Harness;
let admin: string;
let tech: string;
let viewer: string;
beforeAll(async () => {
  h = await startHarness({ mediaGateway: { url: 'http://127.0.0.1:9', publicUrl: 'http://gateway.example:8090', secret: SECRET }, demo: { autoPair: true } });
  admin = await h.login();
  tech = await h.userToken('tina', ['technician']);
  viewer = await h.userToken('vic', ['viewer']);
});
afterAll(() => h.close());

const answers: string[] = [];
async function api(method: string, path: string, token: string | undefined, body?: unknown) {
  const r = await h.api(method, path, { token, body });
  answers.push(JSON.stringify(r.body));
  return r;
}

describe('camera registry', () => {
  it('lets a technician create a camera, refuses a viewer (403), and lists it for every role without credentials', async () => {
    const body = { id: 'cam-a', name: 'Cầu Rồng', district: 'Hải Châu', mainUrl: `rtsp://admin:${ENCODED}@10.0.0.5:554/main`, subUrl: 'rtsp://10.0.0.5:554/sub' };
    const refused = await api('POST', '/api/cameras', viewer, body);
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('FORBIDDEN');
    const created = await api('POST', '/api/cameras', tech, body);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: 'cam-a', mainUrl: 'rtsp://10.0.0.5:554/main', subUrl: 'rtsp://10.0.0.5:554/sub', hasCredentials: true, onvifAddress: null });
    const list = await api('GET', '/api/cameras', viewer);
    expect(list.status).toBe(200);
    expect(list.body.map((c: { id: string }) => c.id)).toEqual(['cam-a']);
    expect(list.body[0].status).toEqual({ main: null, sub: null });
    expect((await api('GET', '/api/cameras/cam-a', viewer)).body.hasCredentials).toBe(true);
  });

  it('moves credentials out of the URL; the gateway alone gets them back with the secret', async () => {
    const res = await fetch(`${h.url}/api/internal/cameras/cam-a`, { headers: { authorization: `Bearer ${SECRET}` } });
    expect(res.status).toBe(200);
    const cam = (await res.json()) as { mainUrl: string; subUrl: string };
    const main = new URL(cam.mainUrl);
    expect(decodeURIComponent(main.password)).toBe(PASSWORD);
    expect(decodeURIComponent(main.username)).toBe('admin');
    expect(new URL(cam.subUrl).password).toBe(main.password);
    for (const auth of [undefined, 'Bearer wrong-secret', `Bearer ${SECRET}x`, SECRET]) {
      const r = await fetch(`${h.url}/api/internal/cameras/cam-a`, { headers: auth ? { authorization: auth } : {} });
      expect(r.status).toBe(401);
      answers.push(await r.text());
    }
    // A console session is not the gateway's secret either.
    expect((await api('GET', '/api/internal/cameras/cam-a', admin)).status).toBe(401);
  });

  it('names the bad field, answers 404 CAMERA_NOT_FOUND and 409 ALREADY_EXISTS', async () => {
    const bad = await api('POST', '/api/cameras', admin, { id: 'cam-b', name: 'B', mainUrl: `http://u:${PASSWORD}@x/` });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    expect(bad.body.message).toContain('mainUrl');
    const noName = await api('POST', '/api/cameras', admin, { id: 'cam-b', mainUrl: 'rtsp://h/x' });
    expect(noName.body.message).toContain('name');
    const dup = await api('POST', '/api/cameras', admin, { id: 'cam-a', name: 'again', mainUrl: 'rtsp://h/x' });
    expect(dup.status).toBe(409);
    expect(dup.body.code).toBe('ALREADY_EXISTS');
    for (const [m, p] of [['GET', '/api/cameras/nope'], ['PATCH', '/api/cameras/nope'], ['DELETE', '/api/cameras/nope']] as const) {
      const r = await api(m, p, admin, m === 'PATCH' ? { name: 'x' } : undefined);
      expect(r.status).toBe(404);
      expect(r.body.code).toBe('CAMERA_NOT_FOUND');
    }
    const differ = await api('POST', '/api/cameras', admin, { id: 'cam-b', name: 'B', mainUrl: 'rtsp://a:b1x@h/m', subUrl: `rtsp://a:${ENCODED}@h/s` });
    expect(differ.status).toBe(400);
    expect(differ.body.message).toContain('subUrl');
  });

  it('updates (credentials as fields, clearable with null) and deletes, auditing without secrets', async () => {
    const patched = await api('PATCH', '/api/cameras/cam-a', tech, { name: 'Cầu Rồng 2', onvifAddress: '10.0.0.5:80', password: `${PASSWORD}-2` });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ name: 'Cầu Rồng 2', onvifAddress: '10.0.0.5:80', hasCredentials: true });
    const internal = (await (await fetch(`${h.url}/api/internal/cameras/cam-a`, { headers: { authorization: `Bearer ${SECRET}` } })).json()) as { mainUrl: string };
    expect(decodeURIComponent(new URL(internal.mainUrl).password)).toBe(`${PASSWORD}-2`);
    // The gateway's ONVIF client gets the same credentials, from the same internal answer only.
    expect((internal as unknown as { onvif: unknown }).onvif).toEqual({ address: '10.0.0.5:80', username: 'admin', password: `${PASSWORD}-2` });
    expect((await api('PATCH', '/api/cameras/cam-a', viewer, { name: 'x' })).status).toBe(403);
    const cleared = await api('PATCH', '/api/cameras/cam-a', admin, { username: null, password: null, subUrl: null });
    expect(cleared.body).toMatchObject({ hasCredentials: false, subUrl: null });
    const again = await api('PATCH', '/api/cameras/cam-a', admin, { mainUrl: `rtsp://root:${ENCODED}@10.0.0.6/main` });
    expect(again.body).toMatchObject({ mainUrl: 'rtsp://10.0.0.6/main', hasCredentials: true });
    expect((await api('POST', '/api/cameras', tech, { id: 'cam-c', name: 'C', mainUrl: 'rtsp://10.0.0.7/m', username: 'u', password: PASSWORD })).status).toBe(201);
    expect((await api('DELETE', '/api/cameras/cam-c', viewer)).status).toBe(403);
    expect((await api('DELETE', '/api/cameras/cam-c', tech)).status).toBe(204);
    expect((await api('GET', '/api/cameras/cam-c', viewer)).status).toBe(404);

    const audit = await api('GET', '/api/audit?limit=50', admin);
    const actions = audit.body.entries.map((a: { action: string; target: string }) => `${a.action} ${a.target}`);
    expect(actions).toEqual(expect.arrayContaining(['camera.create cam-a', 'camera.update cam-a', 'camera.create cam-c', 'camera.delete cam-c']));
  });

  it('never shows a password in any answer, log line or audit row (raw or %-encoded)', async () => {
    const auditRows = JSON.stringify(h.ctrl.core.store.audit.list(1000));
    const everything = [...answers, ...h.log.lines, auditRows].join('\n');
    expect(h.log.lines.some((l) => l.includes('camera cam-a added'))).toBe(true);
    for (const s of FORMS) expect(everything).not.toContain(s);
    expect(everything).not.toMatch(/rtsp:\/\/[^\s'"]*@/);
  });

  it('keeps credentials out of URLs in the database file too', () => {
    const rows = h.ctrl.core.store.db.prepare('SELECT main_url, sub_url FROM cameras').all();
    expect(JSON.stringify(rows)).not.toContain('@');
    expect(readFileSync(`${h.dir}/ioc.sqlite`).length).toBeGreaterThan(0);
  });
});

describe('access tokens', () => {
  it('gives a console user of any role a media token for a camera, 404 for an unknown one', async () => {
    const r = await api('POST', '/api/cameras/cam-a/token', viewer);
    expect(r.status).toBe(200);
    expect(r.body.gatewayUrl).toBe('http://gateway.example:8090');
    const check = verifyToken(SECRET, r.body.token, 'media');
    expect(check.ok && check.claims.res).toEqual(['cam-a']);
    expect(r.body.expiresAt - Date.now()).toBeGreaterThan(500_000);
    expect((await api('POST', '/api/cameras/nope/token', viewer)).body.code).toBe('CAMERA_NOT_FOUND');
  });

  it('gives a screen media tokens only for cameras its wall shows, and a feeds token for "*"', async () => {
    expect((await api('POST', '/api/cameras', admin, { id: 'cam-b', name: 'B', mainUrl: 'rtsp://10.0.0.8/m' })).status).toBe(201);
    const s = h.socket('/screen', { deviceId: 'device-cams-1', demoPosition: { wallId: 'command', col: 0, row: 0 } });
    const welcome = await next(s, 'welcome');
    expect(welcome.mediaGatewayUrl).toBe('http://gateway.example:8090');
    expect((await request(s, 'accessToken', { aud: 'media', resource: 'cam-a' })).error.code).toBe('FORBIDDEN');
    const tiles = [{ id: 't1', rect: { x: 0, y: 0, w: 1, h: 1 }, z: 0, source: { kind: 'camera', cameraId: 'cam-a' } }];
    expect((await api('POST', '/api/walls/command/apply', admin, { tiles })).status).toBe(200);
    const ok = await request(s, 'accessToken', { aud: 'media', resource: 'cam-a' });
    expect(ok.ok).toBe(true);
    const claims = verifyToken(SECRET, ok.data.token, 'media');
    expect(claims.ok && claims.claims).toMatchObject({ res: ['cam-a'], sub: 'screen:command-0-0' });
    const other = await request(s, 'accessToken', { aud: 'media', resource: 'cam-b' });
    expect(other.error.code).toBe('FORBIDDEN');
    expect((await request(s, 'accessToken', { aud: 'media', resource: 'ghost' })).error.code).toBe('CAMERA_NOT_FOUND');
    expect((await request(s, 'accessToken', { aud: 'media', resource: '../x' })).error.code).toBe('VALIDATION_FAILED');
    const feeds = await request(s, 'accessToken', { aud: 'feeds' });
    const fc = verifyToken(SECRET, feeds.data.token, 'feeds');
    expect(fc.ok && fc.claims.res).toEqual(['*']);
    expect(feeds.data.expiresAt - Date.now()).toBeGreaterThan(3_000_000);
  });

  it('refuses tokens to an unpaired screen', async () => {
    const s = h.socket('/screen', { deviceId: 'device-cams-unpaired' });
    await next(s, 'pairing');
    expect((await request(s, 'accessToken', { aud: 'feeds' })).error.code).toBe('UNAUTHENTICATED');
  });
});

describe('internal API without a secret', () => {
  it('is disabled', async () => {
    const bare = await startHarness();
    try {
      const r = await fetch(`${bare.url}/api/internal/cameras/cam-a`, { headers: { authorization: 'Bearer anything-at-all' } });
      expect(r.status).toBe(404);
      const t = await bare.api('POST', '/api/cameras/demo-cam-1/token', { token: await bare.login() });
      expect(t.status).toBe(502);
      expect(t.body.code).toBe('UPSTREAM_FAILED');
    } finally {
      await bare.close();
    }
  });
});
