import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryLogger, type Controller } from '@ioc/controller';
import { ControllerCameraCatalog, createLogger, Redactor, type Gateway } from '@ioc/media-gateway';
import { PROTOCOL_VERSION, type StreamStatus } from '@ioc/protocol';
import { createGatewayFeeds, createMemoryStorage, createScreenClient, createTimerScheduler, type ScreenClient } from '@ioc/wall-client';
import { RtspCamera } from '../support/rtsp-camera';
import { loginAt, startE2eController, startE2eGateway } from '../support/controller-and-gateway';
import { freePort } from '../support/controller-process';

/**
 * Cameras across parts: a technician registers a camera (with credentials) in the controller;
 * the real gateway reads it through the controller's internal API and streams it from a real
 * GStreamer RTSP camera; a screen gets a media token over its socket and plays the HLS; stream
 * health flows back gateway -> controller -> console and screen sockets. The gateway starts
 * after the controller, as it may in production.
 */
const SECRET = 'e2e-cameras-media-secret-0123456789abcdef';
const PASSWORD = 'Kh0a:b@o/m4t kh4u%';
const ENCODED = encodeURIComponent(PASSWORD);
const FORMS = [PASSWORD, ENCODED, encodeURI(PASSWORD), 'Kh0a:b@o', 'Kh0a%3Ab%40o'];
const ADMIN_PASSWORD = 'admin-password-for-e2e';

/** JSON answers as the test reads them; each assertion states the shape it relies on. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

let cam: RtspCamera;
let ctrl: Controller;
let ctrlUrl: string;
let gateway: Gateway;
let gatewayUrl: string;
let dir: string;
const ctrlLog = memoryLogger();
const gatewayLog: string[] = [];
const answers: string[] = [];
const sockets: Socket[] = [];
let admin: string;
let client: ScreenClient | undefined;

async function api(method: string, path: string, body?: unknown, token = admin): Promise<{ status: number; body: Loose }> {
  const res = await fetch(ctrlUrl + path, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  answers.push(text);
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

function socket(ns: '/screen' | '/console', auth: Record<string, unknown>): Socket {
  const s = connect(ctrlUrl + ns, { auth: { protocolVersion: PROTOCOL_VERSION, ...auth }, transports: ['websocket'], reconnection: false, forceNew: true });
  s.onAny((_ev: string, ...args: unknown[]) => answers.push(JSON.stringify(args)));
  sockets.push(s);
  return s;
}

function waitFor<T>(s: Socket, event: string, pred: (v: T) => boolean, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no matching ${event} in ${ms} ms`)), ms);
    const on = (v: T) => {
      if (!pred(v)) return;
      clearTimeout(timer);
      s.off(event, on);
      resolve(v);
    };
    s.on(event, on);
  });
}

async function ask(s: Socket, event: string, payload: unknown): Promise<Loose> {
  const r = await s.timeout(5_000).emitWithAck(event, payload);
  answers.push(JSON.stringify(r));
  return r;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ioc-e2e-cameras-'));
  cam = await RtspCamera.start({ width: 640, height: 360, user: 'admin', password: PASSWORD, paths: ['/main', '/sub'] });
  const gatewayPort = await freePort();
  ({ ctrl, url: ctrlUrl } = await startE2eController({ dir, gatewayPort, secret: SECRET, adminPassword: ADMIN_PASSWORD, log: ctrlLog, overrides: { demo: { autoPair: true } } }));
  admin = await loginAt(ctrlUrl, 'admin', ADMIN_PASSWORD);
  // The gateway comes up only after the controller has tried and failed to reach it.
  for (let i = 0; i < 100 && !ctrlLog.lines.some((l) => l.includes('status stream unavailable')); i++) await new Promise((r) => setTimeout(r, 50));
  expect(ctrlLog.lines.some((l) => l.includes('status stream unavailable'))).toBe(true);

  ({ gateway, url: gatewayUrl } = await startE2eGateway({
    dir,
    port: gatewayPort,
    secret: SECRET,
    controllerUrl: ctrlUrl,
    sink: (line) => gatewayLog.push(line),
    config: { watchdog: { stallMs: 3_000, startTimeoutMs: 8_000, backoffMs: { initial: 300, max: 2_000 } }, webrtc: { interfaces: ['127.0.0.1'] } },
  }));
}, 60_000);

afterAll(async () => {
  client?.close();
  for (const s of sockets) s.disconnect();
  await gateway?.close();
  await ctrl?.close();
  await cam?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('cameras end to end: controller registry -> gateway -> screen', () => {
  let screen: Socket;
  let consoleSocket: Socket;
  const consoleStatuses: StreamStatus[] = [];

  it('registers cameras with credentials in the controller, shown without them', async () => {
    const created = await api('POST', '/api/cameras', {
      id: 'cam-gate',
      name: 'Cổng chính',
      district: 'Hải Châu',
      mainUrl: cam.url('/main'),
      subUrl: cam.url('/sub', false),
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ mainUrl: `rtsp://127.0.0.1:${cam.port}/main`, hasCredentials: true });
    const other = await api('POST', '/api/cameras', { id: 'cam-other', name: 'Other', mainUrl: cam.url('/sub', false), username: 'admin', password: PASSWORD });
    expect(other.status).toBe(201);
    const tiles = [{ id: 'gate', rect: { x: 0, y: 0, w: 1, h: 1 }, z: 0, source: { kind: 'camera', cameraId: 'cam-gate', stream: 'main' } }];
    expect((await api('POST', '/api/walls/command/apply', { tiles })).status).toBe(200);
  });

  it('gives a screen of that wall a media token that plays at the gateway; other tokens 401/403', async () => {
    consoleSocket = socket('/console', { token: admin });
    consoleSocket.on('streamStatus', (s: StreamStatus) => consoleStatuses.push(s));
    screen = socket('/screen', { deviceId: 'e2e-cameras-screen-1', demoPosition: { wallId: 'command', col: 0, row: 0 } });
    const welcome = await waitFor<{ mediaGatewayUrl: string }>(screen, 'welcome', () => true, 5_000);
    expect(welcome.mediaGatewayUrl).toBe(gatewayUrl);
    const screenLive = waitFor<StreamStatus>(screen, 'streamStatus', (s) => s.cameraId === 'cam-gate' && s.state === 'live', 30_000);
    const consoleLive = waitFor<StreamStatus>(consoleSocket, 'streamStatus', (s) => s.cameraId === 'cam-gate' && s.profile === 'main' && s.state === 'live', 30_000);

    const t = await ask(screen, 'accessToken', { aud: 'media', resource: 'cam-gate' });
    expect(t.ok).toBe(true);
    expect(t.data.gatewayUrl).toBe(gatewayUrl);
    const base = `${t.data.gatewayUrl}/hls/${t.data.token}/cam-gate/main`;
    const playlist = await fetch(`${base}/index.m3u8`);
    const text = await playlist.text();
    answers.push(text);
    expect(playlist.status).toBe(200);
    expect(text).toContain('#EXTINF');
    const seg = /^(seg-[^\s]+\.m4s)$/m.exec(text)?.[1];
    expect(seg).toBeTruthy();
    const segment = await fetch(`${base}/${seg}`);
    expect(segment.status).toBe(200);
    expect((await segment.arrayBuffer()).byteLength).toBeGreaterThan(1000);

    // The wall does not show cam-other: the controller refuses the screen a token for it.
    const refused = await ask(screen, 'accessToken', { aud: 'media', resource: 'cam-other' });
    expect(refused.ok).toBe(false);
    expect(refused.error.code).toBe('FORBIDDEN');
    // A console's token for cam-other does not open cam-gate.
    const otherToken = await api('POST', '/api/cameras/cam-other/token');
    expect(otherToken.status).toBe(200);
    const wrong = await fetch(`${gatewayUrl}/hls/${otherToken.body.token}/cam-gate/main/index.m3u8`);
    answers.push(await wrong.text());
    expect(wrong.status).toBe(403);
    const none = await fetch(`${gatewayUrl}/hls/not-a-token/cam-gate/main/index.m3u8`);
    answers.push(await none.text());
    expect(none.status).toBe(401);

    // Health flows back: gateway -> controller -> console and the screen whose wall shows it.
    await consoleLive;
    await screenLive;
    const one = await api('GET', '/api/cameras/cam-gate');
    expect(one.body.status.main.state).toBe('live');
    const all = await api('GET', '/api/streams/status');
    expect(all.body.gatewayConnected).toBe(true);
    expect(all.body.streams).toContainEqual(expect.objectContaining({ cameraId: 'cam-gate', profile: 'main', state: 'live' }));
  }, 60_000);

  it("gives the wall-client's media resolver a playable URL, and its feeds auth a '*' token", async () => {
    client = createScreenClient({
      controllerUrl: ctrlUrl,
      storage: createMemoryStorage(),
      scheduler: createTimerScheduler(),
      demoPosition: { wallId: 'command', col: 1, row: 0 },
    });
    await client.start();
    const url = await client.mediaResolver().streamUrl('cam-gate', 'sub');
    expect(url.startsWith(`${gatewayUrl}/hls/`)).toBe(true);
    expect(url.endsWith('/cam-gate/sub/index.m3u8')).toBe(true);
    const res = await fetch(url);
    answers.push(await res.text());
    expect(res.status).toBe(200);
    // Cached: the same token again, no second round trip.
    expect(await client.mediaResolver().streamUrl('cam-gate', 'sub')).toBe(url);
    await expect(client.mediaResolver().streamUrl('cam-other', 'sub')).rejects.toThrow(/refused/);
    const feeds = await client.feedsAuth();
    expect(feeds.url).toBe(gatewayUrl);
    expect(feeds.token.length).toBeGreaterThan(20);
    expect(client.store.getState().mediaGatewayUrl).toBe(gatewayUrl);
  }, 60_000);

  it('delivers a feed to the screen through the gateway with a feeds token, and recovers from a refused one', async () => {
    const c = client!;
    let refuseOnce = true;
    const feeds = createGatewayFeeds({
      gatewayUrl: () => c.store.getState().mediaGatewayUrl,
      watchGatewayUrl: (fn) => c.store.subscribe((st, prev) => st.mediaGatewayUrl !== prev.mediaGatewayUrl && fn()),
      // The first handshake carries a token the gateway must refuse (signed with another secret).
      token: async () => {
        if (refuseOnce) {
          refuseOnce = false;
          return 'eyJhdWQiOiJmZWVkcyJ9.bm90LXNpZ25lZA';
        }
        return (await c.feedsAuth()).token;
      },
      invalidateToken: () => c.invalidateAccessToken({ aud: 'feeds' }),
      retryMs: 200,
    });
    try {
      const value = await new Promise<unknown>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no feed value in 15 s')), 15_000);
        feeds.subscribe('public-services', (v) => {
          clearTimeout(timer);
          resolve(v);
        });
      });
      expect(value).toBeTruthy();
      expect(refuseOnce).toBe(false);
      expect(feeds.client()?.activeFeeds()).toEqual(['public-services']);
    } finally {
      feeds.close();
    }
  }, 30_000);

  it('never shows the password in a log line, an answer, a push or a process argv', async () => {
    await api('GET', '/api/cameras');
    const { stdout } = await promisify(execFile)('ps', ['-eo', 'args'], { maxBuffer: 8 * 1024 * 1024 });
    // The fake camera itself is started with the password; every other process must not carry it.
    const ps = stdout.split('\n').filter((l) => !l.includes('rtsp-server.py'));
    expect(ps.some((l) => l.includes('ffmpeg') && l.includes(join(dir, 'hls')))).toBe(true);
    const everything = [...answers, ...ctrlLog.lines, ...gatewayLog, ...ps, JSON.stringify(consoleStatuses)].join('\n');
    expect(gatewayLog.length).toBeGreaterThan(0);
    expect(ctrlLog.lines.some((l) => l.includes('status stream connected'))).toBe(true);
    for (const s of FORMS) expect(everything).not.toContain(s);
    expect(everything).not.toMatch(/rtsp:\/\/[^\s'"]*:[^\s'"]*@/);
  });

  it('gives a screen that connects later the current health of its cameras at once', async () => {
    const late = socket('/screen', { deviceId: 'e2e-cameras-screen-3', demoPosition: { wallId: 'command', col: 2, row: 0 } });
    const live = await waitFor<StreamStatus>(late, 'streamStatus', (s) => s.cameraId === 'cam-gate' && s.profile === 'main', 3_000);
    expect(live.state).toBe('live');
  });

    it('tells consoles and screens the stream is offline when the gateway becomes unreachable', async () => {
    const consoleOffline = waitFor<StreamStatus>(consoleSocket, 'streamStatus', (s) => s.cameraId === 'cam-gate' && s.state === 'offline', 15_000);
    const screenOffline = waitFor<StreamStatus>(screen, 'streamStatus', (s) => s.cameraId === 'cam-gate' && s.state === 'offline', 15_000);
    // The gateway's process "dies" for the network: no listener, connections cut, streams not stopped.
    gateway.httpServer.close();
    gateway.httpServer.closeAllConnections();
    expect((await consoleOffline).error).toBe('media gateway unreachable');
    await screenOffline;
    const all = await api('GET', '/api/streams/status');
    expect(all.body.gatewayConnected).toBe(false);
  }, 30_000);

  it("gateway's controller catalog: short cache, unknown ids, last known answer while the controller is away", async () => {
    const warnings: string[] = [];
    const log = createLogger({ redactor: new Redactor(), sink: (line) => warnings.push(line) });
    const catalog = new ControllerCameraCatalog({ controllerUrl: ctrlUrl, secret: SECRET, cacheMs: 300, timeoutMs: 1_000, log });
    const first = await catalog.get('cam-gate');
    expect(first?.name).toBe('Cổng chính');
    expect(first?.profiles.main).toEqual({ kind: 'rtsp', url: cam.url('/main') });
    expect(await catalog.get('no-such-camera')).toBeUndefined();
    expect((await api('PATCH', '/api/cameras/cam-gate', { name: 'Cổng phụ' })).status).toBe(200);
    expect((await catalog.get('cam-gate'))?.name).toBe('Cổng chính');
    await new Promise((r) => setTimeout(r, 350));
    expect((await catalog.get('cam-gate'))?.name).toBe('Cổng phụ');
    const wrongSecret = new ControllerCameraCatalog({ controllerUrl: ctrlUrl, secret: `${SECRET}-wrong`, log });
    expect(await wrongSecret.get('cam-gate')).toBeUndefined();
    await ctrl.close();
    await new Promise((r) => setTimeout(r, 350));
    expect((await catalog.get('cam-gate'))?.name).toBe('Cổng phụ');
    expect(warnings.some((l) => l.includes('controller camera lookup failed'))).toBe(true);
    for (const s of FORMS) expect(warnings.join('\n')).not.toContain(s);
  });
});
