import { request } from 'node:http';
import { stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RtspCamera } from '../../tests/support/rtsp-camera';
import { StaticCameraCatalog } from './catalog';
import { processArgs, probeVideo, startHarness, TEST_SECRET, type Harness } from './test-harness';

// Real GStreamer camera with Basic auth, real ffmpeg, real HTTP: RTSP -> gateway -> fMP4 HLS.
const PASSWORD = 'S3cr:t@Cam/99 x';
const ENCODED = encodeURIComponent(PASSWORD);

let cam: RtspCamera;
let h: Harness;

beforeAll(async () => {
  cam = await RtspCamera.start({ width: 640, height: 360, user: 'admin', password: PASSWORD, paths: ['/main', '/sub'] });
  h = await startHarness(
    new StaticCameraCatalog([
      { id: 'cam-1', name: 'Gate', main: cam.url('/main'), sub: cam.url('/sub') },
      { id: 'cam-2', name: 'Other', main: cam.url('/main') },
      // Same camera, wrong password in the URL: its failures must not leak that one either.
      { id: 'cam-bad', name: 'Bad', main: cam.url('/main').replace(ENCODED, `${ENCODED}-WRONG`) },
    ]),
  );
}, 30_000);

afterAll(async () => {
  await h?.close();
  await cam?.stop();
});

const hls = (token: string, rest: string) => `${h.url}/hls/${token}/${rest}`;

function rawGet(path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const u = new URL(h.url);
    request({ host: u.hostname, port: u.port, path, method: 'GET' }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    }).on('error', reject).end();
  });
}

describe('RTSP camera through the gateway', () => {
  it('serves a live fMP4 playlist whose segments carry the camera picture', async () => {
    const token = h.token(['cam-1']);
    const res = await fetch(hls(token, 'cam-1/main/index.m3u8'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.apple.mpegurl');
    expect(res.headers.get('cache-control')).toBe('no-cache, no-store');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const playlist = await res.text();
    expect(playlist).toContain('#EXT-X-MAP:URI="init-');
    const init = /#EXT-X-MAP:URI="([^"]+)"/.exec(playlist)?.[1];
    const seg = playlist.split('\n').find((l) => l.endsWith('.m4s'));
    expect(init && seg).toBeTruthy();
    const initRes = await fetch(hls(token, `cam-1/main/${init}`));
    const segRes = await fetch(hls(token, `cam-1/main/${seg}`));
    expect(initRes.headers.get('content-type')).toBe('video/mp4');
    expect(segRes.headers.get('content-type')).toBe('video/iso.segment');
    expect(segRes.headers.get('cache-control')).toContain('max-age=');
    const file = join(h.hlsDir, 'probe.mp4');
    await writeFile(file, Buffer.concat([Buffer.from(await initRes.arrayBuffer()), Buffer.from(await segRes.arrayBuffer())]));
    expect(await probeVideo(file)).toMatchObject({ codec_name: 'h264', width: 640, height: 360 });
    const [status] = h.gateway.supervisor.list();
    expect(status).toMatchObject({ cameraId: 'cam-1', profile: 'main', state: 'live', codec: 'h264', transcoding: false });
  });

  it('gives 20 concurrent viewers one upstream RTSP session', async () => {
    const token = h.token(['cam-1']);
    const before = cam.totalConnects;
    const answers = await Promise.all(
      Array.from({ length: 20 }, async () => {
        const r = await fetch(hls(token, 'cam-1/sub/index.m3u8'));
        const text = await r.text();
        const seg = text.split('\n').find((l) => l.endsWith('.m4s'));
        const s = await fetch(hls(token, `cam-1/sub/${seg}`));
        await s.arrayBuffer();
        return [r.status, s.status];
      }),
    );
    expect(answers.flat().every((s) => s === 200)).toBe(true);
    // cam-1/main is still running from the first test: one session for main, one for sub.
    expect(cam.totalConnects - before).toBe(1);
    expect(cam.clients).toBe(2);
    expect(h.gateway.supervisor.list().filter((s) => s.cameraId === 'cam-1')).toHaveLength(2);
  });

  it('refuses without a valid token (401), with another camera\'s token (403), and any traversal', async () => {
    const cam1 = h.token(['cam-1']);
    const cam2 = h.token(['cam-2']);
    expect((await fetch(`${h.url}/hls/cam-1/main/index.m3u8`)).status).toBe(404);
    expect((await fetch(hls('garbage', 'cam-1/main/index.m3u8'))).status).toBe(401);
    expect((await fetch(hls(h.token(['cam-1'], -5), 'cam-1/main/index.m3u8'))).status).toBe(401);
    const forged = (await import('@ioc/protocol/signed-token')).signToken('another-secret-that-is-long-enough-000', { aud: 'media', sub: 'x', res: ['cam-1'], exp: 9e9 });
    expect((await fetch(hls(forged, 'cam-1/main/index.m3u8'))).status).toBe(401);
    const other = await fetch(hls(cam2, 'cam-1/main/index.m3u8'));
    expect(other.status).toBe(403);
    expect(((await other.json()) as { code: string }).code).toBe('FORBIDDEN');
    for (const bad of ['cam-1/main/source.ffconcat', 'cam-1/main/..%2F..%2F..%2Fetc%2Fpasswd', 'cam-1/main/%2E%2E', 'cam-1/..%2Fmain/index.m3u8', 'cam-1/main/seg-1.m4s%00.txt', 'cam-1/other/index.m3u8']) {
      const r = await fetch(hls(cam1, bad));
      expect([400, 404], bad).toContain(r.status);
      expect(await r.text()).not.toMatch(/root:|rtsp:|ffconcat version/);
    }
    expect(await rawGet(`/hls/${cam1}/cam-1/main/../../../../etc/passwd`)).toBe(404);
    expect(await rawGet(`/hls/${cam1}/../../etc/passwd`)).toBe(404);
    const pre = await fetch(hls(cam1, 'cam-1/main/index.m3u8'), { method: 'OPTIONS' });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('reports stream status to the controller only with the gateway secret', async () => {
    expect((await fetch(`${h.url}/api/streams`)).status).toBe(401);
    expect((await fetch(`${h.url}/api/streams`, { headers: { authorization: 'Bearer nope' } })).status).toBe(401);
    const res = await fetch(`${h.url}/api/streams`, { headers: { authorization: `Bearer ${TEST_SECRET}` } });
    const body = (await res.json()) as { streams: { cameraId: string; state: string }[] };
    expect(body.streams.map((s) => `${s.cameraId}:${s.state}`)).toEqual(expect.arrayContaining(['cam-1:live']));
  });

  it('pushes status changes as server-sent events to the controller', async () => {
    expect((await fetch(`${h.url}/api/streams/events`)).status).toBe(401);
    const ctl = new AbortController();
    const res = await fetch(`${h.url}/api/streams/events`, { headers: { authorization: `Bearer ${TEST_SECRET}` }, signal: ctl.signal });
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const reader = res.body!.getReader();
    let text = '';
    const readUntil = async (needle: RegExp) => {
      while (!needle.test(text)) text += new TextDecoder().decode((await reader.read()).value);
    };
    await readUntil(/event: snapshot\ndata: .*cam-1/);
    await h.gateway.supervisor.stop('cam-1/sub');
    await readUntil(/event: status\ndata: \{"cameraId":"cam-1","profile":"sub","state":"stopped"/);
    ctl.abort();
  });

  it('never shows the camera password in ps, logs or answers, even when the camera refuses it', async () => {
    const badToken = h.token(['cam-bad']);
    // A healthy stream of the same camera is running while we look at the process list.
    expect((await fetch(hls(h.token(['cam-1']), 'cam-1/main/index.m3u8'))).status).toBe(200);
    const offline = h.waitStatus((s) => s.cameraId === 'cam-bad' && s.state === 'offline', 15_000);
    const res = await fetch(hls(badToken, 'cam-bad/main/index.m3u8'));
    const answer = await res.text();
    expect(res.status).toBe(502);
    const status = await offline;
    expect(status.error).toBeTruthy();
    const streams = await (await fetch(`${h.url}/api/streams`, { headers: { authorization: `Bearer ${TEST_SECRET}` } })).text();
    const ps = (await processArgs()).filter((l) => !l.includes('rtsp-server.py'));
    expect(ps.some((l) => l.includes('ffmpeg') && l.includes(h.hlsDir))).toBe(true);
    const everything = [answer, streams, JSON.stringify(h.statuses), ...h.logLines, ...ps].join('\n');
    expect(h.logLines.some((l) => l.includes('ffmpeg ended'))).toBe(true);
    // ffmpeg did print the URL of the camera that refused it; the log shows it scrubbed.
    expect(h.logLines.some((l) => l.includes('rtsp://***@127.0.0.1'))).toBe(true);
    for (const secret of [PASSWORD, ENCODED, encodeURI(PASSWORD), 'S3cr:t', 'S3cr%3At']) {
      expect(everything).not.toContain(secret);
    }
    expect(everything).not.toMatch(/rtsp:\/\/[^\s'"]*:[^\s'"]*@/);
    // The one place the URL lives: a file only the gateway's user can read.
    const dir = h.gateway.supervisor.get('cam-1', 'main')!.dir;
    expect((await stat(join(dir, 'source.ffconcat'))).mode & 0o777).toBe(0o600);
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    expect((await stat(h.hlsDir)).mode & 0o077).toBe(0);
  });
});
