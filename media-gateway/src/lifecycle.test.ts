import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RtspCamera } from '../../tests/support/rtsp-camera';
import type { SourceInput } from './catalog';
import { StaticCameraCatalog } from './catalog';
import { liveGroupCount } from './process-group';
import { leftovers, startHarness, type Harness } from './test-harness';

/** Runs exit-fixture.ts in `hang` mode directly under node (no tsx wrapper process). */
async function startFixture(dir: string): Promise<{ child: ChildProcess; pids: number[] }> {
  const fixture = fileURLToPath(new URL('./exit-fixture.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', fixture, dir, 'hang'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const pids = await new Promise<number[]>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('fixture did not start')), 40_000);
    child.stdout!.on('data', (b: Buffer) => {
      const m = /PIDS ([\d,]+)/.exec(b.toString());
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1].split(',').map(Number));
      }
    });
  });
  return { child, pids };
}

async function running(pid: number): Promise<boolean> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

// No zombie or orphan ffmpeg, ever: after many start/stop cycles, after close(), after exit.
let cam: RtspCamera;
/** A camera of its own for the tests after the 200 cycles, which can leave a shared camera's media mid-teardown. */
let freshCam: RtspCamera;
let h: Harness;

beforeAll(async () => {
  // Shared media: one encoder in the fake camera however many sessions the cycles open.
  cam = await RtspCamera.start({ width: 320, height: 180, shared: true });
  freshCam = await RtspCamera.start({ width: 320, height: 180 });
  h = await startHarness(new StaticCameraCatalog([]), { streams: { idleTimeoutMs: 60_000, stopGraceMs: 1_000 } });
});
afterAll(async () => {
  await h?.close();
  await cam?.stop();
  await freshCam?.stop();
});

describe('ffmpeg lifecycle', () => {
  it('leaves no ffmpeg process or zombie after 200 start/stop cycles', async () => {
    const sup = h.gateway.supervisor;
    const rtsp: SourceInput = { kind: 'rtsp', url: cam.url() };
    const lavfi: SourceInput = { kind: 'lavfi', pattern: 'testsrc2', width: 160, height: 90, fps: 10, label: 'cycle' };
    let cycles = 0;
    let wentLive = 0;
    const worker = async (w: number) => {
      for (let i = 0; i < 20; i += 1) {
        const id = `cycle-${w}`;
        const stream = await sup.acquire(id, 'main', w % 5 === 4 ? lavfi : rtsp);
        // Stop at every phase: right after spawn, while connecting, and once live.
        if (i % 4 === 1) await new Promise((r) => setTimeout(r, 50 + ((i * 37) % 300)));
        if (i % 4 === 3 && (await stream.waitLive(5_000))) wentLive += 1;
        await sup.stop(`${id}/main`);
        cycles += 1;
      }
    };
    await Promise.all(Array.from({ length: 10 }, (_v, w) => worker(w)));
    expect(cycles).toBe(200);
    expect(wentLive).toBeGreaterThan(0);
    expect(sup.pids()).toEqual([]);
    expect(liveGroupCount()).toBe(0);
    expect(await leftovers(h.hlsDir)).toEqual({ ffmpeg: [], zombies: [] });
  }, 110_000);

  it('restarts a stream on its new input when the camera record changes', async () => {
    const sup = h.gateway.supervisor;
    const first = await sup.acquire('changing', 'main', { kind: 'rtsp', url: freshCam.url() });
    expect(await first.waitLive(15_000)).toBe(true);
    const oldPid = first.pid!;
    const second = await sup.acquire('changing', 'main', { kind: 'rtsp', url: `${freshCam.url()}?v=2` });
    expect(second).not.toBe(first);
    expect(second.dir).not.toBe(first.dir);
    expect(await second.waitLive(15_000)).toBe(true);
    expect(first.status.state).toBe('stopped');
    expect(await running(oldPid)).toBe(false);
    await sup.stop('changing/main');
  });

  it('close() stops every stream and its process group', async () => {
    const h2 = await startHarness(new StaticCameraCatalog([{ id: 'c1', name: 'c1', main: freshCam.url(), sub: freshCam.url() }]));
    const token = h2.token(['c1']);
    const answers = await Promise.all(['main', 'sub'].map((p) => fetch(`${h2.url}/hls/${token}/c1/${p}/index.m3u8`)));
    expect(answers.map((r) => r.status)).toEqual([200, 200]);
    expect(h2.gateway.supervisor.pids()).toHaveLength(2);
    await h2.close();
    expect(await leftovers(h2.hlsDir)).toEqual({ ffmpeg: [], zombies: [] });
    expect(h2.statuses.filter((s) => s.state === 'stopped')).toHaveLength(2);
  });

  it('kills ffmpeg groups when the gateway process exits without close()', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ioc-gw-exit-'));
    try {
      const fixture = fileURLToPath(new URL('./exit-fixture.ts', import.meta.url));
      const tsx = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));
      const { stdout } = await promisify(execFile)(tsx, [fixture, dir], { timeout: 40_000 });
      const pids = /PIDS ([\d,]+)/.exec(stdout)?.[1]?.split(',').map(Number) ?? [];
      expect(pids).toHaveLength(2);
      await new Promise((r) => setTimeout(r, 300));
      // Dead means gone or a zombie: once its parent (the fixture) has exited, reaping a killed
      // ffmpeg is init's job, and this sandbox's init does not reap.
      for (const pid of pids) expect(await running(pid), `ffmpeg ${pid}`).toBe(false);
      expect((await leftovers(dir)).ffmpeg).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('kills ffmpeg groups when the gateway process dies of an unhandled SIGTERM', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ioc-gw-term-'));
    try {
      const { child, pids } = await startFixture(dir);
      child.kill('SIGTERM');
      const [, signal] = (await new Promise((r) => child.once('exit', (...a) => r(a)))) as [number | null, string | null];
      expect(signal).toBe('SIGTERM');
      await new Promise((r) => setTimeout(r, 300));
      for (const pid of pids) expect(await running(pid), `ffmpeg ${pid}`).toBe(false);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('reaps ffmpeg orphaned by a SIGKILLed gateway when the next one starts on the same dir', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ioc-gw-orphan-'));
    try {
      const { child, pids } = await startFixture(dir);
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
      await new Promise((r) => setTimeout(r, 200));
      expect(pids).toHaveLength(2);
      // SIGKILL runs no exit hook: the ffmpegs live on as orphans...
      for (const pid of pids) expect(await running(pid)).toBe(true);
      const next = await startHarness(new StaticCameraCatalog([]), { hls: { dir } });
      try {
        await new Promise((r) => setTimeout(r, 300));
        // ...until the next gateway on that dir starts and kills them.
        for (const pid of pids) expect(await running(pid), `orphan ${pid}`).toBe(false);
        expect(next.logLines.some((l) => l.includes('orphan'))).toBe(true);
      } finally {
        await next.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
