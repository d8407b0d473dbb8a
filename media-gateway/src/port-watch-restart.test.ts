import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RtspCamera } from '../../tests/support/rtsp-camera';
import type { CameraCatalog, CameraSource } from './catalog';
import { startHarness, type Harness } from './test-harness';

// A rebooted camera closes its RTSP port and opens it again. The gateway restarts ffmpeg the
// moment the port opens instead of waiting out its restart backoff: here the backoff is 60 s,
// so a return well inside it can only be the port watch's doing.
let cam: RtspCamera;
let h: Harness;
const BACKOFF_MS = 60_000;
const catalog: CameraCatalog = {
  async get(id): Promise<CameraSource | undefined> {
    return id === 'cam-reboot' ? { id, name: id, profiles: { main: { kind: 'rtsp', url: cam.url() } } } : undefined;
  },
};

beforeAll(async () => {
  cam = await RtspCamera.start({ width: 320, height: 180 });
  h = await startHarness(catalog, {
    hls: { startWaitMs: 60_000 },
    watchdog: { stallMs: 2_000, startTimeoutMs: 8_000, backoffMs: { initial: BACKOFF_MS, max: BACKOFF_MS }, portWatchMs: 100 },
  });
});
afterAll(async () => {
  await h?.close();
  await cam?.stop();
});

describe('a camera back from a reboot', () => {
  it('is restarted when its RTSP port opens again, not at the end of the restart backoff', async () => {
    const token = h.token(['cam-reboot']);
    const playlist = `${h.url}/hls/${token}/cam-reboot/main/index.m3u8`;
    expect((await fetch(playlist)).status).toBe(200);
    // A player keeps the stream wanted through the outage.
    const keep = setInterval(() => void fetch(playlist).then((r) => r.arrayBuffer()).catch(() => undefined), 1_000);
    try {
      const down = h.waitStatus((s) => s.cameraId === 'cam-reboot' && (s.state === 'offline' || s.state === 'stalled'), 20_000);
      await cam.kill();
      const wentDown = await down;
      // A down player's probe (`?wait=0`) is answered at once while the camera is dead; without
      // it the request would be held (here up to 60 s) until the stream is live again.
      const probe = await fetch(`${playlist}?wait=0`);
      expect(probe.status).toBe(502);
      expect(((await probe.json()) as { code: string }).code).toBe('UPSTREAM_FAILED');
      const live = h.waitStatus((s) => s.cameraId === 'cam-reboot' && s.state === 'live' && s.since > wentDown.since, BACKOFF_MS / 2);
      await new Promise((r) => setTimeout(r, 1_500));
      await cam.restart();
      const back = await live;
      expect(back.restarts).toBeGreaterThanOrEqual(1);
      expect((await fetch(playlist)).status).toBe(200);
    } finally {
      clearInterval(keep);
    }
  });
});
