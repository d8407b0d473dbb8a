import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RtspCamera, type RtspCameraOptions } from '../../tests/support/rtsp-camera';
import type { CameraCatalog, CameraSource } from './catalog';
import { probeVideo, startHarness, type Harness } from './test-harness';

// Cameras that die, come back, freeze or speak HEVC: the supervisor must recover by itself.
const cams = new Map<string, RtspCamera>();
const catalog: CameraCatalog = {
  async get(id): Promise<CameraSource | undefined> {
    const cam = cams.get(id);
    return cam ? { id, name: id, profiles: { main: { kind: 'rtsp', url: cam.url() } } } : undefined;
  },
};
let h: Harness;
const players: (() => void)[] = [];

beforeAll(async () => {
  h = await startHarness(catalog, { watchdog: { stallMs: 2_500, startTimeoutMs: 6_000, backoffMs: { initial: 300, max: 2_000 } } });
});
afterEach(() => players.splice(0).forEach((stop) => stop()));
afterAll(async () => {
  await h?.close();
  await Promise.all([...cams.values()].map((c) => c.stop()));
});

/** Polls the playlist every second like a player would, keeping the stream wanted. */
function play(cameraId: string): void {
  const token = h.token([cameraId]);
  const timer = setInterval(() => void fetch(`${h.url}/hls/${token}/${cameraId}/main/index.m3u8`).then((r) => r.arrayBuffer()).catch(() => undefined), 1_000);
  players.push(() => clearInterval(timer));
}

async function liveStream(cameraId: string, opts: RtspCameraOptions = {}): Promise<RtspCamera> {
  const cam = await RtspCamera.start({ width: 320, height: 180, ...opts });
  cams.set(cameraId, cam);
  const res = await fetch(`${h.url}/hls/${h.token([cameraId])}/${cameraId}/main/index.m3u8`);
  expect(res.status).toBe(200);
  play(cameraId);
  return cam;
}

describe('stream recovery', () => {
  it('goes offline within 15 s of the camera dying, and live within 15 s of its return', async () => {
    const cam = await liveStream('cam-kill');
    const offline = h.waitStatus((s) => s.cameraId === 'cam-kill' && s.state === 'offline', 15_000);
    const killedAt = Date.now();
    await cam.kill();
    await offline;
    const offlineAfter = Date.now() - killedAt;
    await new Promise((r) => setTimeout(r, 2_000));
    const live = h.waitStatus((s) => s.cameraId === 'cam-kill' && s.state === 'live', 15_000);
    const backAt = Date.now();
    await cam.restart();
    await live;
    expect(offlineAfter).toBeLessThan(15_000);
    expect(Date.now() - backAt).toBeLessThan(15_000);
    const res = await fetch(`${h.url}/hls/${h.token(['cam-kill'])}/cam-kill/main/index.m3u8`);
    expect(res.status).toBe(200);
    // The new run continues the media sequence and marks the break for the player.
    expect(await res.text()).toMatch(/#EXT-X-MEDIA-SEQUENCE:[1-9]/);
  });

  it('kills and restarts ffmpeg when a frozen camera (SIGSTOP) stops sending', async () => {
    const cam = await liveStream('cam-frozen');
    const stream = h.gateway.supervisor.get('cam-frozen', 'main')!;
    const firstPid = stream.pid!;
    const stalled = h.waitStatus((s) => s.cameraId === 'cam-frozen' && s.state === 'stalled', 10_000);
    cam.freeze();
    try {
      await stalled;
      await h.waitStatus((s) => s.cameraId === 'cam-frozen' && s.state === 'starting', 10_000);
      expect(stream.pid).toBeDefined();
      expect(stream.pid).not.toBe(firstPid);
      // The stalled ffmpeg is gone and reaped: no such process (a zombie would still answer).
      expect(() => process.kill(firstPid, 0)).toThrow();
    } finally {
      cam.thaw();
    }
    await h.waitStatus((s) => s.cameraId === 'cam-frozen' && s.state === 'live', 15_000);
    expect(stream.status.restarts).toBeGreaterThanOrEqual(1);
  });

  it('transcodes a camera whose codec Chromium cannot play (HEVC) to H.264', async () => {
    await liveStream('cam-hevc', { codec: 'h265', bitrateKbps: 300 });
    const status = h.gateway.supervisor.get('cam-hevc', 'main')!.status;
    expect(status).toMatchObject({ codec: 'hevc', transcoding: true, state: 'live' });
    const token = h.token(['cam-hevc']);
    const playlist = await (await fetch(`${h.url}/hls/${token}/cam-hevc/main/index.m3u8`)).text();
    const init = /#EXT-X-MAP:URI="([^"]+)"/.exec(playlist)?.[1];
    const seg = playlist.split('\n').find((l) => l.endsWith('.m4s'));
    const bytes = await Promise.all([init, seg].map(async (f) => Buffer.from(await (await fetch(`${h.url}/hls/${token}/cam-hevc/main/${f}`)).arrayBuffer())));
    const file = join(h.hlsDir, 'hevc-probe.mp4');
    await writeFile(file, Buffer.concat(bytes));
    expect(await probeVideo(file)).toMatchObject({ codec_name: 'h264', width: 320, height: 180 });
  });
});
