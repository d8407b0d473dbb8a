import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness, type Loose } from '../test-support/harness';

/**
 * The controller's ONVIF routes when the media gateway is missing or down: clear, stable errors
 * (never a 401 a console would take for its own session ending), role checks before anything,
 * and PTZ failures still audited. The full path to a device is in tests/e2e/onvif.test.ts.
 */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

const ONVIF_PASSWORD = 'cam-onvif-secret-9!';
const camera = { id: 'cam-ptz', name: 'Dome', mainUrl: 'rtsp://10.0.0.7:554/main', onvifAddress: '10.0.0.7:80', username: 'admin', password: ONVIF_PASSWORD };

describe('ONVIF routes without a media gateway', () => {
  let h: Harness;
  let admin: string;
  beforeAll(async () => {
    h = await startHarness();
    admin = await h.login();
    expect((await h.api('POST', '/api/cameras', { token: admin, body: camera })).status).toBe(201);
  });
  afterAll(() => h.close());

  it('answers 503 GATEWAY_NOT_CONFIGURED naming the config keys, and audits the refused PTZ', async () => {
    const probe = await h.api('POST', '/api/cameras/onvif/probe', { token: admin, body: { address: '10.0.0.7', username: 'admin', password: ONVIF_PASSWORD } });
    expect(probe.status).toBe(503);
    expect(probe.body.code).toBe('GATEWAY_NOT_CONFIGURED');
    expect(probe.body.message).toContain('mediaGateway.url');
    const discover = await h.api('POST', '/api/cameras/discover', { token: admin, body: {} });
    expect(discover.status).toBe(503);

    const ptz = await h.api('POST', '/api/cameras/cam-ptz/ptz', { token: admin, body: { action: 'preset', presetToken: '3' } });
    expect(ptz.status).toBe(503);
    const audit = await h.api('GET', '/api/audit?limit=5', { token: admin });
    expect((audit.body.entries as Loose[]).find((r) => r.action === 'camera.ptz')).toMatchObject({
      actor: 'admin',
      target: 'cam-ptz',
      details: { action: 'preset', presetToken: '3', ok: false, error: 'GATEWAY_NOT_CONFIGURED' },
    });
    expect(JSON.stringify(audit.body)).not.toContain(ONVIF_PASSWORD);
  });

  it('checks roles first: probe and discover for admin/technician, PTZ and presets for admin/duty-officer', async () => {
    const viewer = await h.userToken('onvif-viewer', ['viewer']);
    const operator = await h.userToken('onvif-operator', ['operator']);
    const officer = await h.userToken('onvif-officer', ['duty-officer']);
    const tech = await h.userToken('onvif-tech', ['technician']);
    const status = async (token: string, method: string, path: string, body?: unknown) => (await h.api(method, path, { token, body })).status;
    const probe = { address: '10.0.0.7' };
    expect(await status(viewer, 'POST', '/api/cameras/onvif/probe', probe)).toBe(403);
    expect(await status(operator, 'POST', '/api/cameras/onvif/probe', probe)).toBe(403);
    expect(await status(officer, 'POST', '/api/cameras/onvif/probe', probe)).toBe(403);
    expect(await status(tech, 'POST', '/api/cameras/onvif/probe', probe)).toBe(503);
    expect(await status(operator, 'POST', '/api/cameras/discover', {})).toBe(403);
    expect(await status(tech, 'POST', '/api/cameras/discover', {})).toBe(503);
    expect(await status(viewer, 'POST', '/api/cameras/cam-ptz/ptz', { action: 'stop' })).toBe(403);
    expect(await status(tech, 'POST', '/api/cameras/cam-ptz/ptz', { action: 'stop' })).toBe(403);
    expect(await status(operator, 'GET', '/api/cameras/cam-ptz/presets')).toBe(403);
    expect(await status(officer, 'POST', '/api/cameras/cam-ptz/ptz', { action: 'stop' })).toBe(503);
    expect(await status(officer, 'GET', '/api/cameras/cam-ptz/presets')).toBe(503);
    expect((await h.api('POST', '/api/cameras/cam-ptz/ptz', { body: { action: 'stop' } })).status).toBe(401);
  });
});

describe('ONVIF routes with the media gateway down', () => {
  let h: Harness;
  let admin: string;
  let gatewayUrl: string;
  beforeAll(async () => {
    gatewayUrl = `http://127.0.0.1:${await closedPort()}`;
    h = await startHarness({ mediaGateway: { url: gatewayUrl, secret: 'onvif-test-media-secret-0123456789abcdef' } });
    admin = await h.login();
    expect((await h.api('POST', '/api/cameras', { token: admin, body: camera })).status).toBe(201);
  });
  afterAll(() => h.close());

  it('answers 502 UPSTREAM_FAILED naming the unreachable gateway', async () => {
    const probe = await h.api('POST', '/api/cameras/onvif/probe', { token: admin, body: { address: '10.0.0.7', password: ONVIF_PASSWORD } });
    expect(probe.status).toBe(502);
    expect(probe.body.code).toBe('UPSTREAM_FAILED');
    expect(probe.body.message).toContain(gatewayUrl);
    expect(probe.body.message).toContain('unreachable');
    const ptz = await h.api('POST', '/api/cameras/cam-ptz/ptz', { token: admin, body: { action: 'move', x: -0.5 } });
    expect(ptz.status).toBe(502);
    expect(ptz.body.code).toBe('UPSTREAM_FAILED');
    const presets = await h.api('GET', '/api/cameras/cam-ptz/presets', { token: admin });
    expect(presets.status).toBe(502);
    for (const line of h.log.lines) expect(line).not.toContain(ONVIF_PASSWORD);
  });
});
