import { randomBytes } from 'node:crypto';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodePng, encodePng, solidPng } from '../../../tests/support/png';
import { next, request, startHarness, type Harness, type Loose } from '../test-support/harness';

// A real controller, real socket.io screens, real HTTP: what a technician sees of a screen's
// health, and the screenshot round trip with everything a screen might get wrong.
let h: Harness;
let tech: string;
let op: string;
let admin: string;

beforeAll(async () => {
  h = await startHarness({ screenshots: { keep: 2, maxBytes: 10_000, timeoutMs: 1_000 }, demo: { autoPair: true } });
  tech = await h.userToken('tina', ['technician']);
  op = await h.userToken('oscar', ['operator']);
  admin = await h.login();
});
afterAll(() => h.close());

/** A demo screen placed at (col, row) of the command wall, welcomed. */
async function screenAt(col: number, row: number): Promise<Socket> {
  const s = h.socket('/screen', { deviceId: `device-${col}-${row}-xyz`, demoPosition: { wallId: 'command', col, row } });
  await next(s, 'welcome');
  return s;
}

/** Answers one screenshot request with `png`, in the parts the controller asked for. */
function answerWith(s: Socket, png: Buffer): Promise<Loose[]> {
  return next<{ requestId: string; chunkChars: number }>(s, 'screenshotRequest').then(async (req) => {
    const data = png.toString('base64');
    const count = Math.ceil(data.length / req.chunkChars);
    const acks: Loose[] = [];
    for (let index = 0; index < count; index++) {
      acks.push(await request(s, 'screenshotPart', { requestId: req.requestId, index, count, data: data.slice(index * req.chunkChars, (index + 1) * req.chunkChars) }));
    }
    return acks;
  });
}

describe('screen health', () => {
  it('keeps each screen\'s latest health and shows it in the screens listing and the console push', async () => {
    const s = await screenAt(0, 0);
    const tiles = [
      { tileId: 'cam-a', cameraId: 'cam-a', state: 'playing', transport: 'webrtc', latencyMs: 140, droppedFrames: 2 },
      { tileId: 'cam-b', cameraId: 'cam-b', state: 'lost', transport: 'hls', latencyMs: null, reason: 'offline' },
    ];
    const ack = await request(s, 'heartbeat', { fps: 58.5, memoryMb: 210, appliedVersion: null, uptimeS: 42, droppedFrames: 7, renderer: 'canvas', tiles, lastError: { message: 'boom', at: 1 } });
    expect(ack.ok).toBe(true);
    const list = await h.api('GET', '/api/screens', { token: op });
    const me = (list.body as Loose[]).find((x) => x.id === 'command-0-0');
    expect(me).toMatchObject({ online: true, health: { fps: 58.5, memoryMb: 210, uptimeS: 42, droppedFrames: 7, renderer: 'canvas', tiles, lastError: { message: 'boom' } } });
    const sync = h.ctrl.core.sync.getWallSync('command').screens.find((x) => x.screenId === 'command-0-0');
    expect(sync?.lastHeartbeat).toMatchObject({ renderer: 'canvas', tiles });
    s.disconnect();
  });

  it('still takes a heartbeat of an older screen (no health fields) and refuses one out of bounds', async () => {
    const s = await screenAt(1, 0);
    expect((await request(s, 'heartbeat', { fps: 30, memoryMb: 100, appliedVersion: null })).ok).toBe(true);
    const tooMany = Array.from({ length: 65 }, (_, i) => ({ tileId: `t${i}`, cameraId: `c${i}`, state: 'playing', transport: 'hls', latencyMs: 1 }));
    const refused = await request(s, 'heartbeat', { fps: 30, memoryMb: 100, appliedVersion: null, tiles: tooMany });
    expect(refused).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    const long = await request(s, 'heartbeat', { fps: 30, memoryMb: 100, appliedVersion: null, lastError: { message: 'x'.repeat(501), at: 1 } });
    expect(long).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    const me = ((await h.api('GET', '/api/screens', { token: op })).body as Loose[]).find((x) => x.id === 'command-1-0');
    expect(me.health).toMatchObject({ fps: 30, memoryMb: 100 });
    expect(me.health.tiles).toBeUndefined();
    s.disconnect();
  });
});

describe('screenshots', () => {
  it('asks the screen, keeps its PNG and serves it to a technician; audited', async () => {
    const s = await screenAt(2, 0);
    const png = solidPng(64, 36, [200, 30, 40, 255]);
    const answered = answerWith(s, png);
    const r = await h.api('POST', '/api/screens/command-2-0/screenshot', { token: tech });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ n: 1, screenId: 'command-2-0', requestedBy: 'tina', width: 64, height: 36, bytes: png.length });
    expect((await answered).every((a) => a.ok)).toBe(true);
    const list = await h.api('GET', '/api/screens/command-2-0/screenshots', { token: tech });
    expect(list.body).toEqual([r.body]);
    const img = await fetch(`${h.url}/api/screens/command-2-0/screenshots/1`, { headers: { authorization: `Bearer ${tech}` } });
    expect(img.headers.get('content-type')).toBe('image/png');
    const got = Buffer.from(await img.arrayBuffer());
    expect(got.equals(png)).toBe(true);
    expect(decodePng(got).pixel(10, 10)).toEqual([200, 30, 40, 255]);
    const audit = (await h.api('GET', '/api/audit?limit=20', { token: admin })).body.entries as Loose[];
    expect(audit).toContainEqual(expect.objectContaining({ action: 'screen.screenshot', target: 'command-2-0', actor: 'tina' }));
    s.disconnect();
  });

  it('keeps only the last few per screen', async () => {
    const s = await screenAt(0, 1);
    for (let i = 0; i < 3; i++) {
      const answered = answerWith(s, solidPng(8, 8, [i, i, i, 255]));
      expect((await h.api('POST', '/api/screens/command-0-1/screenshot', { token: admin })).status).toBe(201);
      await answered;
    }
    const list = (await h.api('GET', '/api/screens/command-0-1/screenshots', { token: admin })).body as Loose[];
    expect(list.map((x) => x.n)).toEqual([2, 3]);
    expect((await h.api('GET', '/api/screens/command-0-1/screenshots/1', { token: admin })).status).toBe(404);
    s.disconnect();
  });

  it('is for technicians and admins only, and needs a connected screen', async () => {
    const s = await screenAt(1, 1);
    expect((await h.api('POST', '/api/screens/command-1-1/screenshot', { token: op })).status).toBe(403);
    expect((await h.api('GET', '/api/screens/command-1-1/screenshots', { token: op })).status).toBe(403);
    expect((await h.api('POST', '/api/screens/command-1-1/screenshot')).status).toBe(401);
    expect((await h.api('POST', '/api/screens/nope/screenshot', { token: tech })).status).toBe(404);
    s.disconnect();
    await new Promise((r) => setTimeout(r, 100));
    const offline = await h.api('POST', '/api/screens/command-1-1/screenshot', { token: tech });
    expect(offline.status).toBe(409);
    expect(offline.body.code).toBe('SCREEN_OFFLINE');
  });

  it('takes parts only in answer to this screen\'s own pending request', async () => {
    const asked = await screenAt(2, 1);
    const other = await screenAt(2, 2);
    const unsolicited = await request(other, 'screenshotPart', { requestId: 'made-up-request-id', index: 0, count: 1, data: solidPng(4, 4, [0, 0, 0, 255]).toString('base64') });
    expect(unsolicited).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const req = next<{ requestId: string }>(asked, 'screenshotRequest');
    const post = h.api('POST', '/api/screens/command-2-1/screenshot', { token: tech });
    const { requestId } = await req;
    const hijack = await request(other, 'screenshotPart', { requestId, index: 0, count: 1, data: solidPng(4, 4, [0, 0, 0, 255]).toString('base64') });
    expect(hijack).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    // Not a PNG: the screen's ack says so, and the technician gets a clear failure, not a timeout.
    const notPng = await request(asked, 'screenshotPart', { requestId, index: 0, count: 1, data: Buffer.from('GIF89a not a png at all, sorry').toString('base64') });
    expect(notPng).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    const r = await post;
    expect(r.status).toBe(502);
    expect(r.body.code).toBe('SCREENSHOT_FAILED');
    // The request is closed: a late part is refused.
    const late = await request(asked, 'screenshotPart', { requestId, index: 0, count: 1, data: solidPng(4, 4, [0, 0, 0, 255]).toString('base64') });
    expect(late).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect((await h.api('GET', '/api/screens/command-2-1/screenshots', { token: tech })).body).toEqual([]);
    asked.disconnect();
    other.disconnect();
  });

  it('refuses a PNG over the size cap, relays a screen\'s failure, and times out a screen that does not answer', async () => {
    const s = await screenAt(0, 2);
    // Noise does not compress: well over the 10 000-byte cap of this controller.
    const noise = randomBytes(80 * 80 * 4);
    const answered = answerWith(s, encodePng(80, 80, noise));
    const big = await h.api('POST', '/api/screens/command-0-2/screenshot', { token: tech });
    expect(big.status).toBe(502);
    expect((await answered).some((a) => a.ok === false && a.error.code === 'PAYLOAD_TOO_LARGE')).toBe(true);
    // A screen that cannot take one says why, and the technician reads it.
    const cannot = next<{ requestId: string }>(s, 'screenshotRequest').then((r) => request(s, 'screenshotFailed', { requestId: r.requestId, message: 'canvas is tainted' }));
    const failed = await h.api('POST', '/api/screens/command-0-2/screenshot', { token: tech });
    expect((await cannot).ok).toBe(true);
    expect(failed.status).toBe(502);
    expect(failed.body).toMatchObject({ code: 'SCREENSHOT_FAILED', message: expect.stringContaining('canvas is tainted') });
    const silent = await h.api('POST', '/api/screens/command-0-2/screenshot', { token: tech });
    expect(silent.status).toBe(504);
    expect(silent.body.code).toBe('SCREENSHOT_TIMEOUT');
    s.disconnect();
  });
});
