import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryLogger, type Controller } from '@ioc/controller';
import type { Gateway } from '@ioc/media-gateway';
import { loginAt, startE2eController, startE2eGateway } from '../support/controller-and-gateway';
import { freePort } from '../support/controller-process';

/**
 * A credential planted in a camera URL, through the real controller API, while the real gateway
 * tries the camera with ffmpeg (nothing listens there, so ffmpeg fails and prints the URL) and
 * both services log about it: every line is JSON, and the password is in none of them.
 */
const SECRET = 'e2e-log-redaction-media-secret-0123456789';
const ADMIN_PASSWORD = 'admin-password-for-e2e';
const PASSWORD = 's3cret-Pl4nted"pw';
const FORMS = [PASSWORD, encodeURIComponent(PASSWORD), JSON.stringify(PASSWORD).slice(1, -1), 's3cret-Pl4nted'];

let dir: string;
let ctrl: Controller;
let ctrlUrl: string;
let gateway: Gateway;
let gatewayUrl: string;
let admin: string;
const ctrlLog = memoryLogger();
const gatewayLog: string[] = [];

async function api(method: string, path: string, body?: unknown): Promise<{ status: number; body: { token?: string } }> {
  const res = await fetch(ctrlUrl + path, {
    method,
    headers: { authorization: `Bearer ${admin}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as { token?: string } };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ioc-e2e-logs-'));
  const gatewayPort = await freePort();
  ({ ctrl, url: ctrlUrl } = await startE2eController({ dir, gatewayPort, secret: SECRET, adminPassword: ADMIN_PASSWORD, log: ctrlLog }));
  admin = await loginAt(ctrlUrl, 'admin', ADMIN_PASSWORD);
  // The gateway's own logger (pino, JSON), writing to the test instead of stdout.
  ({ gateway, url: gatewayUrl } = await startE2eGateway({
    dir,
    port: gatewayPort,
    secret: SECRET,
    controllerUrl: ctrlUrl,
    sink: (line) => gatewayLog.push(line),
    config: { hls: { startWaitMs: 2_000 }, watchdog: { startTimeoutMs: 1_000, backoffMs: { initial: 200, max: 500 } }, webrtc: { enabled: false } },
  }));
}, 60_000);

afterAll(async () => {
  await gateway?.close();
  await ctrl?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('log redaction across the controller and the gateway', () => {
  it('keeps a camera password planted in its URL out of every log line, and every line is JSON', async () => {
    const deadPort = await freePort();
    const created = await api('POST', '/api/cameras', { id: 'cam-leak', name: 'Leak', mainUrl: `rtsp://operator:${encodeURIComponent(PASSWORD)}@127.0.0.1:${deadPort}/x` });
    expect(created.status).toBe(201);
    const token = (await api('POST', '/api/cameras/cam-leak/token')).body.token;
    expect(token).toBeTruthy();
    const playlist = await fetch(`${gatewayUrl}/hls/${token}/cam-leak/main/index.m3u8`);
    expect(playlist.ok).toBe(false);
    await playlist.text();
    // ffmpeg fails on the dead camera and says so with the URL; the gateway logs it redacted.
    for (let i = 0; i < 200 && !gatewayLog.some((l) => l.includes('rtsp://***@127.0.0.1')); i++) await new Promise((r) => setTimeout(r, 50));
    expect(gatewayLog.some((l) => l.includes('rtsp://***@127.0.0.1'))).toBe(true);
    expect(ctrlLog.lines.some((l) => l.includes('camera cam-leak added'))).toBe(true);

    const all = [...ctrlLog.lines, ...gatewayLog];
    for (const line of all) {
      const parsed = JSON.parse(line) as { level: number; time: string; msg: string; name: string };
      expect(typeof parsed.msg).toBe('string');
      expect(['controller', 'gateway']).toContain(parsed.name);
      expect(Number.isNaN(Date.parse(parsed.time))).toBe(false);
    }
    for (const form of FORMS) expect(all.join('\n')).not.toContain(form);
  });
});
