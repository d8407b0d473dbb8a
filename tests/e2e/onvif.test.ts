import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createController, memoryLogger, withOverrides, type Controller } from '@ioc/controller';
import type { Gateway } from '@ioc/media-gateway';
import type { Role } from '@ioc/protocol';
import { startFakeOnvifDevice, type FakeOnvifDevice } from '../support/fake-onvif-device';
import { startE2eController, startE2eGateway } from '../support/controller-and-gateway';
import { freePort } from '../support/controller-process';

/**
 * ONVIF end to end: users call the real controller, which checks roles, audits and relays to the
 * real media gateway's internal ONVIF routes; the gateway reads the camera's ONVIF address and
 * credentials from the controller and talks SOAP to a FAKE ONVIF device on 127.0.0.1 (the one
 * boundary we cannot reach here). No discovery: it would send multicast.
 */
const SECRET = 'e2e-onvif-media-secret-0123456789abcdefgh';
const ONVIF_USER = 'onvif-admin';
const ONVIF_PASSWORD = 'Pt2:d0m@/b4o v3 %x';
const FORMS = [ONVIF_PASSWORD, encodeURIComponent(ONVIF_PASSWORD), encodeURI(ONVIF_PASSWORD), 'Pt2:d0m@', 'Pt2%3Ad0m%40'];
const ADMIN_PASSWORD = 'admin-password-for-onvif-e2e';

/** JSON answers as the test reads them; each assertion states the shape it relies on. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

let device: FakeOnvifDevice;
let ctrl: Controller;
let ctrlUrl: string;
let gateway: Gateway;
let gatewayUrl: string;
let dir: string;
const ctrlLog = memoryLogger();
const gatewayLog: string[] = [];
const answers: string[] = [];
const tokens: Partial<Record<'admin' | Role, string>> = {};

async function api(method: string, path: string, body: unknown, token: string | undefined): Promise<{ status: number; body: Loose }> {
  const res = await fetch(ctrlUrl + path, {
    method,
    headers: { authorization: `Bearer ${token ?? ''}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  answers.push(text);
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

const as = (who: 'admin' | Role) => tokens[who];

async function login(username: string, password: string): Promise<string> {
  const r = await api('POST', '/api/auth/login', { username, password }, undefined);
  expect(r.status).toBe(200);
  return r.body.token as string;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ioc-e2e-onvif-'));
  device = await startFakeOnvifDevice({ username: ONVIF_USER, password: ONVIF_PASSWORD, embedCredentialsInUris: true });
  const gatewayPort = await freePort();
  ({ ctrl, url: ctrlUrl } = await startE2eController({ dir, gatewayPort, secret: SECRET, adminPassword: ADMIN_PASSWORD, log: ctrlLog }));
  tokens.admin = await login('admin', ADMIN_PASSWORD);
  for (const role of ['technician', 'duty-officer', 'operator', 'viewer'] as const) {
    const username = `e2e-${role}`;
    const created = await api('POST', '/api/users', { username, password: `${username}-password-1`, roles: [role] }, tokens.admin);
    expect(created.status).toBe(201);
    tokens[role] = await login(username, `${username}-password-1`);
  }

  ({ gateway, url: gatewayUrl } = await startE2eGateway({
    dir,
    port: gatewayPort,
    secret: SECRET,
    controllerUrl: ctrlUrl,
    sink: (line) => gatewayLog.push(line),
    config: { webrtc: { interfaces: ['127.0.0.1'] } },
  }));
}, 60_000);

afterAll(async () => {
  await gateway?.close();
  await ctrl?.close();
  await device?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('ONVIF through the controller and the media gateway', () => {
  it('adds a camera by address: the probe gives the model and main/sub RTSP URIs without credentials', async () => {
    const probe = await api('POST', '/api/cameras/onvif/probe', { address: device.address, username: ONVIF_USER, password: ONVIF_PASSWORD }, as('technician'));
    expect(probe.status).toBe(200);
    expect(probe.body.device).toMatchObject({ manufacturer: 'HIKVISION', model: 'DS-2DE4425IW-DE' });
    expect(probe.body.profiles.map((p: Loose) => p.token)).toEqual(['Profile_1', 'Profile_2']);
    expect(probe.body.ptz).toBe(true);
    expect(probe.body.main.rtspUri).toBe('rtsp://127.0.0.1:554/Streaming/Channels/101?transportmode=unicast&profile=Profile_1');
    expect(probe.body.sub.rtspUri).toBe('rtsp://127.0.0.1:554/Streaming/Channels/102?transportmode=unicast&profile=Profile_2');
    expect(probe.body.main.snapshotUri).toBe(`http://${device.address}/onvif-http/snapshot?Profile_1`);
    // The fake embedded user:pass in every URI it handed out; none survives.
    expect(JSON.stringify(probe.body)).not.toContain(`${encodeURIComponent(ONVIF_USER)}:`);

    // ...so the technician can register it with what the probe found.
    const created = await api(
      'POST',
      '/api/cameras',
      { id: 'cam-dome', name: 'PTZ dome', mainUrl: probe.body.main.rtspUri, subUrl: probe.body.sub.rtspUri, onvifAddress: device.address, username: ONVIF_USER, password: ONVIF_PASSWORD },
      as('technician'),
    );
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: 'cam-dome', onvifAddress: device.address, hasCredentials: true });
  });

  it('refuses probe to an operator (403) and surfaces a wrong ONVIF password as BAD_CREDENTIALS', async () => {
    const before = device.actions.length;
    const refused = await api('POST', '/api/cameras/onvif/probe', { address: device.address, username: ONVIF_USER, password: ONVIF_PASSWORD }, as('operator'));
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('FORBIDDEN');
    expect(device.actions.length).toBe(before);

    const wrong = await api('POST', '/api/cameras/onvif/probe', { address: device.address, username: ONVIF_USER, password: 'not-the-password' }, as('admin'));
    expect(wrong.status).toBe(401);
    expect(wrong.body.code).toBe('BAD_CREDENTIALS');
    expect(wrong.body.message).toContain(device.address);
    expect(wrong.body.message).not.toContain('not-the-password');

    const bad = await api('POST', '/api/cameras/onvif/probe', { address: 'rtsp://x@10.0.0.1' }, as('admin'));
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    expect(bad.body.message).toContain('address');
  });

  it("sends a duty officer's move, stop and go-to-preset to the device with the right values, and audits each", async () => {
    device.ptzCalls.length = 0;
    const officer = as('duty-officer');
    const presets = await api('GET', '/api/cameras/cam-dome/presets', undefined, officer);
    expect(presets.status).toBe(200);
    expect(presets.body.presets).toEqual([
      { token: '1', name: 'Nga tu Phan Boi Chau' },
      { token: '2', name: 'Cong chinh' },
    ]);
    expect((await api('POST', '/api/cameras/cam-dome/ptz', { action: 'move', x: 0.5, y: -0.25, zoom: 0.1, timeoutMs: 1500 }, officer)).status).toBe(200);
    expect((await api('POST', '/api/cameras/cam-dome/ptz', { action: 'stop' }, officer)).status).toBe(200);
    expect((await api('POST', '/api/cameras/cam-dome/ptz', { action: 'preset', presetToken: '2' }, officer)).status).toBe(200);
    expect(device.ptzCalls).toEqual([
      { op: 'ContinuousMove', profileToken: 'Profile_1', x: 0.5, y: -0.25, zoom: 0.1, timeout: 'PT1.5S' },
      { op: 'Stop', profileToken: 'Profile_1', panTilt: true, zoom: true },
      { op: 'GotoPreset', profileToken: 'Profile_1', presetToken: '2' },
    ]);

    const audit = await api('GET', '/api/audit?limit=50', undefined, as('admin'));
    const rows = (audit.body.entries as Loose[]).filter((r) => r.action === 'camera.ptz').reverse();
    expect(rows.map((r) => [r.actor, r.target, r.details])).toEqual([
      ['e2e-duty-officer', 'cam-dome', { action: 'move', x: 0.5, y: -0.25, zoom: 0.1, timeoutMs: 1500, ok: true }],
      ['e2e-duty-officer', 'cam-dome', { action: 'stop', ok: true }],
      ['e2e-duty-officer', 'cam-dome', { action: 'preset', presetToken: '2', ok: true }],
    ]);
  });

  it('refuses PTZ to a viewer and a technician (403) without touching the device', async () => {
    device.ptzCalls.length = 0;
    for (const who of ['viewer', 'technician'] as const) {
      const r = await api('POST', '/api/cameras/cam-dome/ptz', { action: 'move', x: 1 }, as(who));
      expect(r.status).toBe(403);
      expect(r.body.code).toBe('FORBIDDEN');
      expect((await api('GET', '/api/cameras/cam-dome/presets', undefined, as(who))).status).toBe(403);
    }
    expect(device.ptzCalls).toEqual([]);
  });

  it('answers 404 for an unknown camera, 400 naming onvifAddress for a camera without one, 400 for a bad command', async () => {
    const officer = as('duty-officer');
    const missing = await api('POST', '/api/cameras/no-such-cam/ptz', { action: 'stop' }, officer);
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('CAMERA_NOT_FOUND');

    expect((await api('POST', '/api/cameras', { id: 'cam-fixed', name: 'Fixed', mainUrl: 'rtsp://127.0.0.1:554/fixed' }, as('admin'))).status).toBe(201);
    const plain = await api('POST', '/api/cameras/cam-fixed/ptz', { action: 'stop' }, officer);
    expect(plain.status).toBe(400);
    expect(plain.body.message).toContain('onvifAddress');
    expect(plain.body.details.issues[0].path).toBe('onvifAddress');

    const spin = await api('POST', '/api/cameras/cam-dome/ptz', { action: 'spin' }, officer);
    expect(spin.status).toBe(400);
    expect(spin.body.code).toBe('VALIDATION_FAILED');
    const fast = await api('POST', '/api/cameras/cam-dome/ptz', { action: 'move', x: 3 }, officer);
    expect(fast.status).toBe(400);
    expect(fast.body.message).toContain('x');
  });

  it('surfaces a stored wrong ONVIF password as BAD_CREDENTIALS and audits the failure', async () => {
    const created = await api(
      'POST',
      '/api/cameras',
      { id: 'cam-stale', name: 'Stale password', mainUrl: 'rtsp://127.0.0.1:554/stale', onvifAddress: device.address, username: ONVIF_USER, password: 'an-old-password' },
      as('admin'),
    );
    expect(created.status).toBe(201);
    device.ptzCalls.length = 0;
    const r = await api('POST', '/api/cameras/cam-stale/ptz', { action: 'stop' }, as('duty-officer'));
    expect(r.status).toBe(401);
    expect(r.body.code).toBe('BAD_CREDENTIALS');
    expect(r.body.message).toContain(device.address);
    expect(device.ptzCalls).toEqual([]);
    const audit = await api('GET', '/api/audit?limit=5', undefined, as('admin'));
    expect((audit.body.entries as Loose[]).find((row) => row.action === 'camera.ptz')).toMatchObject({
      target: 'cam-stale',
      details: { action: 'stop', ok: false, error: 'BAD_CREDENTIALS' },
    });
    // The duty officer's session is intact: the 401 was the camera's, not theirs.
    expect((await api('GET', '/api/cameras/cam-dome/presets', undefined, as('duty-officer'))).status).toBe(200);
  });

  it("keeps the gateway's ONVIF routes to the controller: no or wrong secret is refused, and reported as the gateway's fault", async () => {
    const url = `${gatewayUrl}/api/onvif/probe`;
    const body = JSON.stringify({ address: device.address, username: ONVIF_USER, password: ONVIF_PASSWORD });
    const before = device.actions.length;
    for (const authorization of [undefined, 'Bearer not-the-media-secret-0123456789abcdef']) {
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) }, body });
      const text = await res.text();
      answers.push(text);
      expect(res.status).toBe(401);
      expect(JSON.parse(text).code).toBe('UNAUTHENTICATED');
    }
    expect(device.actions.length).toBe(before);

    // With the secret, the gateway still validates strictly and looks cameras up itself.
    const ptz = async (body: unknown) => {
      const res = await fetch(`${gatewayUrl}/api/onvif/ptz`, { method: 'POST', headers: { authorization: `Bearer ${SECRET}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const text = await res.text();
      answers.push(text);
      return { status: res.status, body: JSON.parse(text) as Loose };
    };
    expect(await ptz({ cameraId: 'cam-dome', action: 'stop', speed: 9 })).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    expect(await ptz({ cameraId: '../x', action: 'stop' })).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    expect(await ptz({ cameraId: 'no-such-cam', action: 'stop' })).toMatchObject({ status: 404, body: { code: 'CAMERA_NOT_FOUND' } });
    const fixed = await ptz({ cameraId: 'cam-fixed', action: 'stop' });
    expect(fixed).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    expect(fixed.body.message).toContain('onvifAddress');
    expect(device.actions.length).toBe(before);

    // A controller configured with another secret: its user sees a 502 naming the key, not a 401.
    const other = createController({
      log: ctrlLog,
      config: withOverrides({
        http: { host: '127.0.0.1', port: 0 },
        db: { path: join(dir, 'other.sqlite') },
        admin: { username: 'admin', password: ADMIN_PASSWORD },
        mediaGateway: { url: gatewayUrl, secret: 'a-different-media-secret-0123456789abcdef' },
        wallClient: { distDir: join(dir, 'none') },
        console: { distDir: join(dir, 'none') },
      }),
    });
    const otherUrl = (await other.start()).url;
    try {
      const login = await fetch(`${otherUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }) });
      const token = ((await login.json()) as { token: string }).token;
      const res = await fetch(`${otherUrl}/api/cameras/onvif/probe`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body });
      const text = await res.text();
      answers.push(text);
      expect(res.status).toBe(502);
      expect(JSON.parse(text)).toMatchObject({ code: 'UPSTREAM_FAILED' });
      expect(JSON.parse(text).message).toContain('mediaGateway.secret');
    } finally {
      await other.close();
    }
  });

  it('never shows the ONVIF password: no answer, log line or audit row carries it', async () => {
    const audit = await api('GET', '/api/audit?limit=1000', undefined, as('admin'));
    expect(audit.status).toBe(200);
    const everything = [...answers, ...ctrlLog.lines, ...gatewayLog, JSON.stringify(audit.body)];
    expect(gatewayLog.some((l) => l.includes('PTZ command sent'))).toBe(true);
    // The gateway learnt the stored passwords, so any later line that meets them is scrubbed too.
    expect(gateway.redactor.redact(`x ${ONVIF_PASSWORD} y an-old-password`)).toBe('x *** y ***');
    for (const text of everything) {
      for (const form of FORMS) expect(text).not.toContain(form);
      expect(text).not.toContain('an-old-password');
    }
  });
});
