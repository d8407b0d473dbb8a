import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { barcodeStripHeight, decodeBarcode, latencyFromBarcode } from '../../../tests/support/barcode';
import { RtspCamera } from '../../../tests/support/rtsp-camera';
import { StaticCameraCatalog } from '../catalog';
import { leftovers, startHarness, TEST_SECRET, type Harness } from '../test-harness';
import { Recorder } from './recorder';
import type { Recording } from './recording-record';

/**
 * Real parts: a GStreamer RTSP camera painting the wall clock into every frame, the real
 * gateway and ffmpeg. The clip's first frame must show a time from before the escalation.
 */
const W = 640;
const run = promisify(execFile);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let cam: RtspCamera;
let catalog: StaticCameraCatalog;
let root: string;
let hlsDir: string;
let h: Harness | undefined;

beforeAll(async () => {
  cam = await RtspCamera.start({ width: W, height: 360, fps: 25, barcode: true, paths: ['/main'], user: 'admin', password: 'cam-pass-77' });
  catalog = new StaticCameraCatalog([
    { id: 'cam-1', name: 'Gate', main: cam.url('/main') },
    // Nothing listens there: the stream never delivers a segment.
    { id: 'cam-dead', name: 'Dead', main: 'rtsp://127.0.0.1:1/none' },
  ]);
  root = await mkdtemp(join(tmpdir(), 'ioc-rec-test-'));
  hlsDir = join(root, 'hls');
  h = await startHarness(catalog, { hls: { dir: hlsDir } });
}, 30_000);

afterAll(async () => {
  await h?.close();
  await cam?.stop();
  expect((await leftovers(root)).ffmpeg).toEqual([]);
  await rm(root, { recursive: true, force: true });
});

const recordingsDir = () => `${hlsDir}-recordings`;
function api(path: string, init: RequestInit & { json?: unknown } = {}): Promise<Response> {
  const { json, ...rest } = init;
  return fetch(`${h!.url}${path}`, {
    ...rest,
    headers: { authorization: `Bearer ${TEST_SECRET}`, 'content-type': 'application/json', ...(rest.headers as Record<string, string>) },
    ...(json === undefined ? {} : { body: typeof json === 'string' ? json : JSON.stringify(json) }),
  });
}
const put = (id: string, body: unknown) => api(`/api/recordings/${id}`, { method: 'PUT', json: body });
const codeOf = async (res: Response) => ((await res.json()) as { code: string; message: string }).code;

/** The clock barcode of the first frame (or of the last, `last`), in the camera's ms. */
async function barcodeAt(file: string, last = false): Promise<number | null> {
  const strip = barcodeStripHeight(W);
  const { stdout } = await run('ffmpeg', ['-v', 'error', ...(last ? ['-sseof', '-1'] : []), '-i', file, ...(last ? [] : ['-frames:v', '1']), '-vf', `crop=${W}:${strip}:0:0`, '-pix_fmt', 'rgba', '-f', 'rawvideo', 'pipe:1'], { encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 });
  const frame = last ? stdout.subarray(stdout.length - W * strip * 4) : stdout.subarray(0, W * strip * 4);
  return decodeBarcode(new Uint8ClampedArray(frame), W, strip);
}

async function probe(file: string): Promise<{ codec: string; duration: number }> {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=codec_name:format=duration', '-of', 'json', file]);
  const j = JSON.parse(stdout) as { streams: { codec_name: string }[]; format: { duration: string } };
  return { codec: j.streams[0]?.codec_name ?? '', duration: Number(j.format.duration) };
}

async function download(id: string, to: string): Promise<Response> {
  const res = await api(`/api/recordings/${id}/clip`);
  await writeFile(to, Buffer.from(await res.arrayBuffer()));
  return res;
}

describe('evidence clips', () => {
  it('record from 30 s before the escalation until the stop, behind the controller secret', async () => {
    const playlist = `${h!.url}/hls/${h!.token(['cam-1'])}/cam-1/main/index.m3u8`;
    expect((await fetch(playlist)).status).toBe(200);
    const liveSince = Date.now();

    expect((await fetch(`${h!.url}/api/recordings/esc-1`)).status).toBe(401);
    expect((await api('/api/recordings/esc-1', { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    expect((await fetch(`${h!.url}/api/recordings/esc-1`, { method: 'PUT', body: '{"cameraId":"cam-1"}' })).status).toBe(401);
    const unknownCam = await put('esc-x', { cameraId: 'no-such-cam' });
    expect([unknownCam.status, await codeOf(unknownCam)]).toEqual([404, 'CAMERA_NOT_FOUND']);
    for (const path of ['/api/recordings/nope', '/api/recordings/nope/clip']) {
      const r = await api(path);
      expect([r.status, await codeOf(r)]).toEqual([404, 'RECORDING_NOT_FOUND']);
    }
    const stopUnknown = await api('/api/recordings/nope/stop', { method: 'POST' });
    expect([stopUnknown.status, await codeOf(stopUnknown)]).toEqual([404, 'RECORDING_NOT_FOUND']);
    for (const [id, body, field] of [['bad.id', { cameraId: 'cam-1' }, 'id'], ['esc-x', { cameraId: 'cam-1', profile: 'sub' }, 'profile'], ['esc-x', { cameraId: 'cam-1', extra: 1 }, 'extra'], ['esc-x', {}, 'cameraId'], ['esc-x', '{not json', 'JSON']] as const) {
      const r = await put(id, body);
      const err = (await r.json()) as { code: string; message: string };
      expect([r.status, err.code], field).toEqual([400, 'VALIDATION_FAILED']);
      expect(err.message).toContain(field);
    }
    expect(h!.gateway.recorder.get.bind(h!.gateway.recorder, 'esc-x')).toThrow(/no recording/);

    // 32 s of stream on disk before the escalation (the harness idles streams out after 20 s).
    while (Date.now() - liveSince < 32_500) {
      await sleep(4_000);
      expect((await fetch(playlist)).status).toBe(200);
    }
    const putAt = Date.now();
    const created = await put('esc-1', { cameraId: 'cam-1' });
    expect(created.status).toBe(201);
    const rec = (await created.json()) as Recording;
    expect(rec).toMatchObject({ id: 'esc-1', cameraId: 'cam-1', profile: 'main', state: 'recording', stoppedAt: null });
    expect(rec.startedAt).toBeGreaterThanOrEqual(putAt);
    expect(rec.startedAt - rec.preRollFrom).toBeGreaterThanOrEqual(29_000);
    const again = await put('esc-1', { cameraId: 'cam-1' });
    expect([again.status, ((await again.json()) as Recording).startedAt]).toEqual([200, rec.startedAt]);
    const otherCam = await put('esc-1', { cameraId: 'cam-9' });
    expect([otherCam.status, await codeOf(otherCam)]).toEqual([409, 'ALREADY_EXISTS']);
    const early = await api('/api/recordings/esc-1/clip');
    expect([early.status, await codeOf(early)]).toEqual([409, 'CLIP_NOT_READY']);

    await sleep(4_000);
    const stopAt = Date.now();
    const stopped = await api('/api/recordings/esc-1/stop', { method: 'POST' });
    const done = (await stopped.json()) as Recording;
    expect(stopped.status).toBe(200);
    expect(done).toMatchObject({ state: 'ready', stopReason: 'request', error: null });
    expect(done.bytes).toBeGreaterThan(0);
    expect((await (await api('/api/recordings/esc-1/stop', { method: 'POST' })).json()) as Recording).toEqual(done);
    expect((await (await api('/api/recordings/esc-1')).json()) as Recording).toEqual(done);

    const file = join(root, 'esc-1.mp4');
    const clip = await download('esc-1', file);
    expect(clip.status).toBe(200);
    expect(clip.headers.get('content-type')).toBe('video/mp4');
    expect(clip.headers.get('content-disposition')).toBe('attachment; filename="escalation-esc-1.mp4"');
    expect(Number(clip.headers.get('content-length'))).toBe(done.bytes);
    expect(clip.headers.get('accept-ranges')).toBe('bytes');
    // A resumed download: one byte range, exactly those bytes; a range past the end is 416.
    const whole = await readFile(file);
    const part = await api('/api/recordings/esc-1/clip', { headers: { Range: 'bytes=100-1123' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 100-1123/${done.bytes}`);
    expect(Buffer.from(await part.arrayBuffer()).equals(whole.subarray(100, 1124))).toBe(true);
    const outside = await api('/api/recordings/esc-1/clip', { headers: { Range: `bytes=${done.bytes + 10}-` } });
    expect([outside.status, await codeOf(outside), outside.headers.get('content-range')]).toEqual([416, 'RANGE_NOT_SATISFIABLE', `bytes */${done.bytes}`]);
    const { codec, duration } = await probe(file);
    expect(codec).toBe('h264');
    expect(duration).toBeGreaterThanOrEqual(30);
    const first = await barcodeAt(file);
    const last = await barcodeAt(file, true);
    expect(first, 'first frame barcode').not.toBeNull();
    expect(latencyFromBarcode(first!, putAt)).toBeGreaterThanOrEqual(25_000);
    expect(latencyFromBarcode(first!, putAt)).toBeLessThan(40_000);
    // The clip runs to the stop: its last frame was painted within a segment or two of it.
    const lastVsStop = 2 ** 31 - latencyFromBarcode(last!, stopAt + 2 ** 31);
    expect(Math.abs(lastVsStop), `last frame ${lastVsStop} ms after the stop`).toBeLessThan(3_000);

    const kept = await readdir(join(recordingsDir(), 'esc-1'));
    expect(kept.sort()).toEqual(['clip.mp4', 'meta.json']);
    const meta = await readFile(join(recordingsDir(), 'esc-1', 'meta.json'), 'utf8');
    expect(meta).not.toMatch(/rtsp|cam-pass/);
    expect(h!.logLines.join('\n')).not.toContain('cam-pass-77');
  }, 80_000);

  it('end as failed, with no clip, when the camera sent nothing', async () => {
    expect((await put('esc-dead', { cameraId: 'cam-dead' })).status).toBe(201);
    const stopped = (await (await api('/api/recordings/esc-dead/stop', { method: 'POST' })).json()) as Recording;
    expect(stopped).toMatchObject({ state: 'failed', error: expect.stringContaining('no video') });
    const clip = await api('/api/recordings/esc-dead/clip');
    expect([clip.status, await codeOf(clip)]).toEqual([404, 'NOT_FOUND']);
    await h!.gateway.supervisor.stop('cam-dead/main');
  }, 15_000);

  it('keep within the disk budget by deleting finished clips, never an open recording', async () => {
    const dir = join(root, 'budget');
    const rec = new Recorder({
      options: { dir, preRollSeconds: 30, maxSeconds: 60, budgetBytes: 1, segmentSeconds: 1 },
      streams: h!.gateway.supervisor,
      cameras: catalog,
      ffmpegPath: () => h!.gateway.ffmpeg()?.path ?? null,
      log: h!.gateway.log,
    });
    await rec.start();
    try {
      await rec.begin('open-1', 'cam-1');
      expect(rec.get('open-1').bytes).toBeGreaterThan(1);
      expect(await rec.enforceBudget()).toEqual([]);
      await rec.begin('done-1', 'cam-1');
      expect((await rec.stop('done-1')).state).toBe('ready');
      // The budget runs after each finalize: the finished clip goes, the open one stays.
      await expect.poll(() => readdir(dir), { timeout: 5_000 }).toEqual(['open-1']);
      expect(() => rec.get('done-1')).toThrow(/no recording/);
      const before = rec.get('open-1').bytes;
      await sleep(1_500);
      expect(rec.get('open-1')).toMatchObject({ state: 'recording' });
      expect(rec.get('open-1').bytes).toBeGreaterThan(before);
    } finally {
      await rec.close();
    }
    // Closing leaves an open recording as it is, for the next start to finalize.
    expect(JSON.parse(await readFile(join(dir, 'open-1', 'meta.json'), 'utf8'))).toMatchObject({ state: 'recording' });
  }, 30_000);

  it('follow the stream when it restarts under the recording and join both runs in one clip', async () => {
    const putAt = Date.now();
    const rec = (await (await put('esc-3', { cameraId: 'cam-1' })).json()) as Recording;
    expect(rec.startedAt - rec.preRollFrom).toBeGreaterThanOrEqual(29_000);
    await sleep(1_500);
    // A new stream instance: new dir, new instance name, a new ffmpeg run with its own init.
    await h!.gateway.supervisor.stop('cam-1/main');
    await expect.poll(() => h!.gateway.supervisor.get('cam-1', 'main')?.status.state, { timeout: 10_000 }).toBe('live');
    await sleep(2_500);
    const stopAt = Date.now();
    const done = (await (await api('/api/recordings/esc-3/stop', { method: 'POST' })).json()) as Recording;
    expect(done.state).toBe('ready');
    expect(h!.logLines.find((l) => l.includes('clip ready') && l.includes('esc-3'))).toMatch(/"runs":2/);
    const file = join(root, 'esc-3.mp4');
    expect((await download('esc-3', file)).status).toBe(200);
    const { codec, duration } = await probe(file);
    expect(codec).toBe('h264');
    // Both runs, each timed by its own length: the pre-roll run starts deep into its stream.
    expect(duration).toBeGreaterThanOrEqual(30);
    expect(duration).toBeLessThanOrEqual((stopAt - rec.preRollFrom) / 1000 + 1.5);
    expect(latencyFromBarcode((await barcodeAt(file))!, putAt)).toBeGreaterThanOrEqual(25_000);
    const lastVsStop = 2 ** 31 - latencyFromBarcode((await barcodeAt(file, true))!, stopAt + 2 ** 31);
    expect(Math.abs(lastVsStop)).toBeLessThan(3_000);
  }, 30_000);

  it('keep clips across a gateway restart and finalize the one it interrupted', async () => {
    const before = (await (await api('/api/recordings/esc-1')).json()) as Recording;
    expect((await put('esc-2', { cameraId: 'cam-1' })).status).toBe(201);
    await sleep(2_500);
    await h!.close();
    h = undefined;
    h = await startHarness(catalog, { hls: { dir: hlsDir } });

    const clip = await download('esc-1', join(root, 'esc-1-again.mp4'));
    expect([clip.status, Number(clip.headers.get('content-length'))]).toEqual([200, before.bytes]);
    await expect
      .poll(async () => ((await (await api('/api/recordings/esc-2')).json()) as Recording).state, { timeout: 15_000, interval: 250 })
      .toBe('ready');
    const esc2 = (await (await api('/api/recordings/esc-2')).json()) as Recording;
    expect(esc2).toMatchObject({ stopReason: 'gateway-restart', error: null });
    expect(esc2.stoppedAt).toBeGreaterThan(esc2.startedAt);
    const file = join(root, 'esc-2.mp4');
    expect((await download('esc-2', file)).status).toBe(200);
    // Its stream had restarted in the test before: a few seconds of pre-roll, then 2.5 s.
    expect((await probe(file)).duration).toBeGreaterThanOrEqual(3);
  }, 40_000);
});
