import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RtspCamera } from '../../tests/support/rtsp-camera';
import { StaticCameraCatalog } from './catalog';
import { processArgs, startHarness, type Harness } from './test-harness';

// Real GStreamer camera with Basic auth, real ffmpeg, real HTTP: camera -> gateway -> JPEG.
const USER = 'snapadmin';
const PASSWORD = 'Sn4p:sh0t@Cam/7 z';
const ENCODED = encodeURIComponent(PASSWORD);

let cam: RtspCamera;
let h: Harness;

beforeAll(async () => {
  cam = await RtspCamera.start({ width: 640, height: 360, user: USER, password: PASSWORD, paths: ['/main'] });
  h = await startHarness(
    new StaticCameraCatalog([
      { id: 'cam-idle', name: 'Idle', main: cam.url('/main') },
      { id: 'cam-busy', name: 'Busy', main: cam.url('/main') },
      { id: 'cam-live', name: 'Live', main: cam.url('/main') },
      { id: 'cam-bad', name: 'Bad', main: cam.url('/main').replace(ENCODED, `${ENCODED}-WRONG`) },
    ]),
  );
}, 30_000);

afterAll(async () => {
  await h?.close();
  await cam?.stop();
});

const snapshot = (token: string, cameraId: string) => fetch(`${h.url}/snapshot/${token}/${cameraId}.jpg`);

/** Width and height from the JPEG's SOF0 (baseline) frame header, walking the markers after SOI. */
function jpegSize(jpeg: Buffer): { width: number; height: number } {
  expect([jpeg[0], jpeg[1]]).toEqual([0xff, 0xd8]);
  let i = 2;
  while (i + 9 < jpeg.length) {
    expect(jpeg[i]).toBe(0xff);
    const marker = jpeg[i + 1]!;
    const len = jpeg.readUInt16BE(i + 2);
    if (marker === 0xc0) return { height: jpeg.readUInt16BE(i + 5), width: jpeg.readUInt16BE(i + 7) };
    i += 2 + len;
  }
  throw new Error('no SOF0 marker');
}

function expectNoCredential(text: string) {
  for (const secret of [PASSWORD, ENCODED, `${USER}:`]) expect(text).not.toContain(secret);
}

describe('camera snapshots', () => {
  it('grabs a JPEG of the camera size from an idle camera, with no credential in it, its headers or the process list', async () => {
    const seen: string[] = [];
    const ps = setInterval(() => void processArgs().then((l) => seen.push(...l.filter((a) => a.includes('ffmpeg')))), 50);
    const res = await snapshot(h.token(['cam-idle']), 'cam-idle');
    clearInterval(ps);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    expect(res.headers.get('x-snapshot-source')).toBe('grab');
    expect(res.headers.get('x-snapshot-cache')).toBe('miss');
    const jpeg = Buffer.from(await res.arrayBuffer());
    expect(jpegSize(jpeg)).toEqual({ width: 640, height: 360 });
    expectNoCredential(jpeg.toString('latin1'));
    expectNoCredential(JSON.stringify([...res.headers]));
    expectNoCredential(seen.join('\n'));
    // The grab needed no stream: nothing keeps running after it.
    expect(h.gateway.supervisor.list().find((s) => s.cameraId === 'cam-idle')).toBeUndefined();
  }, 30_000);

  it('serves a second request within the cache time from the cache: no second ffmpeg', async () => {
    const before = h.gateway.snapshots.stats();
    const res = await snapshot(h.token(['cam-idle']), 'cam-idle');
    expect(res.status).toBe(200);
    expect(res.headers.get('x-snapshot-cache')).toBe('hit');
    expect(res.headers.get('cache-control')).toBe('private, max-age=1');
    jpegSize(Buffer.from(await res.arrayBuffer()));
    const after = h.gateway.snapshots.stats();
    expect(after.grabs).toBe(before.grabs);
    expect(after.fromStream).toBe(before.fromStream);
    expect(after.cacheHits).toBe(before.cacheHits + 1);
  });

  it('runs one grab for concurrent requests of one camera', async () => {
    const before = h.gateway.snapshots.stats();
    const token = h.token(['cam-busy']);
    const answers = await Promise.all([1, 2, 3, 4].map(() => snapshot(token, 'cam-busy')));
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect(answers.map((r) => r.headers.get('x-snapshot-cache')).sort()).toEqual(['miss', 'shared', 'shared', 'shared']);
    const bodies = await Promise.all(answers.map(async (r) => Buffer.from(await r.arrayBuffer())));
    expect(new Set(bodies.map((b) => b.toString('base64'))).size).toBe(1);
    expect(h.gateway.snapshots.stats().grabs).toBe(before.grabs + 1);
  }, 30_000);

  it('takes it from the running stream when the camera is being watched (no second RTSP session)', async () => {
    const token = h.token(['cam-live']);
    expect((await fetch(`${h.url}/hls/${token}/cam-live/main/index.m3u8`)).status).toBe(200);
    const connects = cam.totalConnects;
    const before = h.gateway.snapshots.stats();
    const res = await snapshot(token, 'cam-live');
    expect(res.status).toBe(200);
    expect(res.headers.get('x-snapshot-source')).toBe('stream');
    expect(jpegSize(Buffer.from(await res.arrayBuffer()))).toEqual({ width: 640, height: 360 });
    expect(h.gateway.snapshots.stats().fromStream).toBe(before.fromStream + 1);
    expect(h.gateway.snapshots.stats().grabs).toBe(before.grabs);
    expect(cam.totalConnects).toBe(connects);
  }, 30_000);

  it('refuses a bad token (401) and another camera\'s token (403), as HLS does', async () => {
    expect((await snapshot('garbage', 'cam-idle')).status).toBe(401);
    expect((await snapshot(h.token(['cam-idle'], -5), 'cam-idle')).status).toBe(401);
    const other = await snapshot(h.token(['cam-busy']), 'cam-idle');
    expect(other.status).toBe(403);
    expect((await other.json()) as { code: string }).toMatchObject({ code: 'FORBIDDEN' });
    expect((await snapshot(h.token(['cam-idle']), 'nope')).status).toBe(403);
    expect((await fetch(`${h.url}/snapshot/${h.token(['cam-idle'])}/cam-idle.png`)).status).toBe(400);
  });

  it('answers a camera that refuses the credentials with 502, naming no credential in the answer or the log', async () => {
    const res = await snapshot(h.token(['cam-bad']), 'cam-bad');
    expect(res.status).toBe(502);
    const body = await res.text();
    expect(JSON.parse(body)).toMatchObject({ code: 'UPSTREAM_FAILED' });
    expectNoCredential(body);
    expectNoCredential(JSON.stringify([...res.headers]));
    expectNoCredential(h.logLines.join('\n'));
  }, 30_000);
});
