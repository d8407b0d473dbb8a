import { createServer } from 'node:net';
import type { AddressInfo, Server, Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '@ioc/protocol';
import { startFakeOnvifDevice } from '../../../tests/support/fake-onvif-device';
import type { FakeOnvifDevice } from '../../../tests/support/fake-onvif-device';
import { connectOnvif, probeDevice } from './onvif-client';
import { parseOnvifAddress, stripUserinfo } from './onvif-address';

const USER = 'admin';
const PASS = 'S3cret:p@ss/word';

let device: FakeOnvifDevice;

beforeAll(async () => {
  device = await startFakeOnvifDevice({ username: USER, password: PASS, embedCredentialsInUris: true });
});
afterAll(async () => {
  await device.close();
});

async function expectAppError(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

describe('ONVIF client against a fake Hikvision-like device', () => {
  it('probes device info, profiles and main/sub stream URIs without credentials in them', async () => {
    const r = await probeDevice({ address: device.address, username: USER, password: PASS, timeoutMs: 5000 });
    expect(r.address).toBe(device.address);
    expect(r.device).toMatchObject({ manufacturer: 'HIKVISION', model: 'DS-2DE4425IW-DE', firmware: 'V5.7.3 build 220112' });
    expect(r.device.serial).toMatch(/^DS-2DE4425IW-DE/);
    expect(r.profiles.map((p) => [p.token, p.width, p.height, p.encoding])).toEqual([
      ['Profile_1', 1920, 1080, 'H264'],
      ['Profile_2', 640, 360, 'H264'],
    ]);
    expect(r.ptz).toBe(true);
    expect(r.main?.profileToken).toBe('Profile_1');
    expect(r.main?.rtspUri).toBe('rtsp://127.0.0.1:554/Streaming/Channels/101?transportmode=unicast&profile=Profile_1');
    expect(r.sub?.profileToken).toBe('Profile_2');
    expect(r.sub?.rtspUri).toContain('/Streaming/Channels/102');
    expect(r.main?.snapshotUri).toBe(`http://${device.address}/onvif-http/snapshot?Profile_1`);
    // The device embedded user:pass in every URI; none may survive, raw or %-encoded.
    const json = JSON.stringify(r);
    expect(json).not.toContain(PASS);
    expect(json).not.toContain(encodeURIComponent(PASS));
    expect(json).not.toContain(`${USER}:`);
  });

  it('sends PTZ move, stop, presets and go-to-preset with the right values', async () => {
    const session = await connectOnvif({ address: `http://${device.address}/onvif/device_service`, username: USER, password: PASS });
    try {
      device.ptzCalls.length = 0;
      await session.ptzMove({ x: 0.5, y: -0.25, zoom: 0 }, 1500);
      await session.ptzMove({ x: 3, y: 0, zoom: 0.2 }); // out of range -> clamped to 1
      await session.ptzStop();
      const presets = await session.getPresets();
      expect(presets).toEqual([
        { token: '1', name: 'Nga tu Phan Boi Chau' },
        { token: '2', name: 'Cong chinh' },
      ]);
      await session.gotoPreset('2');
      expect(device.ptzCalls).toEqual([
        { op: 'ContinuousMove', profileToken: 'Profile_1', x: 0.5, y: -0.25, zoom: 0, timeout: 'PT1.5S' },
        { op: 'ContinuousMove', profileToken: 'Profile_1', x: 1, y: 0, zoom: 0.2, timeout: 'PT1S' },
        { op: 'Stop', profileToken: 'Profile_1', panTilt: true, zoom: true },
        { op: 'GotoPreset', profileToken: 'Profile_1', presetToken: '2' },
      ]);
      const bad = await expectAppError(session.gotoPreset('1</PresetToken><x>'));
      expect(bad.code).toBe('VALIDATION_FAILED');
    } finally {
      session.close();
    }
  });

  it('maps a wrong password to BAD_CREDENTIALS without echoing it', async () => {
    const before = device.authFailures;
    const err = await expectAppError(probeDevice({ address: device.address, username: USER, password: 'wrong-pass', timeoutMs: 5000 }));
    expect(err.code).toBe('BAD_CREDENTIALS');
    expect(err.message).toContain(device.address);
    expect(err.message).not.toContain('wrong-pass');
    expect(device.authFailures).toBeGreaterThan(before);
  });

  it('maps a refused connection to UPSTREAM_FAILED naming the address', async () => {
    const port = await closedPort();
    const err = await expectAppError(probeDevice({ address: `127.0.0.1:${port}`, username: USER, password: PASS, timeoutMs: 3000 }));
    expect(err.code).toBe('UPSTREAM_FAILED');
    expect(err.message).toContain(`127.0.0.1:${port}`);
  });

  it('gives up on a device that accepts TCP but never answers, within the timeout', async () => {
    const sockets = new Set<Socket>();
    const silent: Server = createServer((s) => {
      sockets.add(s);
      s.on('error', () => undefined);
    });
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const port = (silent.address() as AddressInfo).port;
    try {
      const t0 = Date.now();
      const err = await expectAppError(probeDevice({ address: `127.0.0.1:${port}`, username: USER, password: PASS, timeoutMs: 1500 }));
      const took = Date.now() - t0;
      expect(err.code).toBe('UPSTREAM_FAILED');
      expect(err.message).toContain(`127.0.0.1:${port}`);
      expect(took).toBeGreaterThanOrEqual(1400);
      expect(took).toBeLessThan(4000);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => silent.close(() => r()));
    }
  });
});

describe('ONVIF addresses', () => {
  it('parses host, host:port and URLs, and strips userinfo from URIs', () => {
    expect(parseOnvifAddress('10.1.2.3')).toMatchObject({ hostname: '10.1.2.3', port: 80, path: '/onvif/device_service' });
    expect(parseOnvifAddress('cam.local:8080')).toMatchObject({ hostname: 'cam.local', port: 8080 });
    expect(parseOnvifAddress('http://u:p@10.0.0.9:81/onvif/dev')).toMatchObject({ port: 81, path: '/onvif/dev', display: '10.0.0.9:81' });
    expect(() => parseOnvifAddress('rtsp://10.0.0.9')).toThrow(AppError);
    expect(stripUserinfo('rtsp://admin:x%40y@10.0.0.9:554/a?b=1')).toBe('rtsp://10.0.0.9:554/a?b=1');
  });
});

async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}
