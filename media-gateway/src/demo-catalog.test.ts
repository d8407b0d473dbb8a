import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DemoCameraCatalog } from './demo-catalog';
import { buildFfmpegArgs, DEJAVU_FONT } from './ffmpeg-args';
import { probeVideo, startHarness, type Harness } from './test-harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness(new DemoCameraCatalog());
});
afterAll(async () => {
  await h?.close();
});

describe('demo cameras', () => {
  it('serve live H.264 at the sub size, with name and clock drawn when the font exists', async () => {
    const token = h.token(['demo-cam-2']);
    const playlist = await (await fetch(`${h.url}/hls/${token}/demo-cam-2/sub/index.m3u8`)).text();
    const init = /#EXT-X-MAP:URI="([^"]+)"/.exec(playlist)?.[1];
    const seg = playlist.split('\n').find((l) => l.endsWith('.m4s'));
    const bytes = await Promise.all([init, seg].map(async (f) => Buffer.from(await (await fetch(`${h.url}/hls/${token}/demo-cam-2/sub/${f}`)).arrayBuffer())));
    const file = join(h.hlsDir, 'demo.mp4');
    await writeFile(file, Buffer.concat(bytes));
    expect(await probeVideo(file)).toMatchObject({ codec_name: 'h264', width: 480, height: 270 });
    const cam = await new DemoCameraCatalog().get('demo-cam-2');
    expect(cam?.profiles.main).toMatchObject({ kind: 'lavfi', width: 1280, height: 720, fps: 25 });
    const opts = { dir: '/d', segmentSeconds: 1, listSize: 4, instance: 'a', generation: 0, startNumber: 0, transcode: true, h264Encoder: 'libx264' };
    expect(buildFfmpegArgs(cam!.profiles.main, { ...opts, fontFile: DEJAVU_FONT }).join(' ')).toMatch(/drawtext=.*Demo camera 2.*localtime/);
    expect(buildFfmpegArgs(cam!.profiles.main, { ...opts, fontFile: null }).join(' ')).not.toContain('drawtext');
    expect(buildFfmpegArgs(cam!.profiles.main, { ...opts, fontFile: null })).toEqual(expect.arrayContaining(['-g', '25']));
  });

  it('know only demo-cam-1..4', async () => {
    expect(DemoCameraCatalog.ids).toEqual(['demo-cam-1', 'demo-cam-2', 'demo-cam-3', 'demo-cam-4']);
    const r = await fetch(`${h.url}/hls/${h.token(['demo-cam-5'])}/demo-cam-5/main/index.m3u8`);
    expect(r.status).toBe(404);
    expect(((await r.json()) as { code: string }).code).toBe('CAMERA_NOT_FOUND');
  });
});
