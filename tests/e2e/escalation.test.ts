import { execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ControllerCameraCatalog, createGateway, createLogger, loadGatewayConfig, Redactor, type Gateway } from '@ioc/media-gateway';
import { barcodeStripHeight, decodeBarcode, latencyFromBarcode } from '../support/barcode';
import { launchChromium } from '../support/chromium';
import { ControllerProcess, demoControllerEnv, freePort } from '../support/controller-process';
import { pixels } from '../support/page-pixels';
import { RtspCamera } from '../support/rtsp-camera';

/**
 * A duty officer's escalation, end to end: the real controller (its own process, SIGKILLable),
 * the real media gateway reading a GStreamer RTSP camera whose frames carry the wall clock, the
 * 9 command-room screens as pages in Chromium, and a webhook receiver. Screenshots of the
 * command wall with an escalation are kept in tests/artifacts/escalation.
 */
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const ARTIFACTS = join(root, 'tests', 'artifacts', 'escalation');
const SECRET = 'e2e-escalation-media-secret-0123456789abcd';
const HOOK_SECRET = 'e2e-escalation-webhook-secret-01';
const ADMIN_PASSWORD = 'e2e-escalation-admin-0001';
const CAMERA_ID = 'cam-bridge';
const VIEW = { width: 320, height: 180 };
const SCREENS = [0, 1, 2].flatMap((row) => [0, 1, 2].map((col) => ({ col, row })));

let dir: string;
let cam: RtspCamera;
let ctl: ControllerProcess;
let ctlEnv: Record<string, string>;
let gateway: Gateway;
let browser: Browser;
let hooks: Server;
const pages: Page[] = [];
const tokens: Record<string, string> = {};
const received: { key: string; event: string; signatureOk: boolean; status: number; body: { id: string; data: { id: string } } }[] = [];
let hookCalls = 0;
let keepStreaming: NodeJS.Timeout | undefined;
let streamingSince = 0;

async function api(method: string, path: string, body?: unknown, as = 'admin') {
  const res = await fetch(ctl.url + path, {
    method,
    headers: { 'content-type': 'application/json', ...(tokens[as] ? { authorization: `Bearer ${tokens[as]}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    /* binary or text */
  }
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return { status: res.status, body: parsed as any };
}

async function login(user: string, password: string) {
  const r = await api('POST', '/api/auth/login', { username: user, password }, '');
  expect(r.status).toBe(200);
  tokens[user] = r.body.token as string;
}

const version = (p: Page) => p.evaluate(() => window.__wall?.scene().version ?? null);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function allAt(v: number, timeout = 15_000) {
  await Promise.all(pages.map((p) => p.waitForFunction((want) => window.__wall?.scene().version === want, v, { timeout, polling: 50 })));
}

async function wallState() {
  return (await api('GET', '/api/walls/command/state')).body as { version: number; incident: null | { escalations: { id: string; acknowledged: boolean }[] } };
}

/** Waits for every command screen to draw the wall's current version, and the controller to say so. */
async function settled() {
  const { version: v } = await wallState();
  await allAt(v);
  const end = Date.now() + 15_000;
  for (;;) {
    const sync = (await api('GET', '/api/walls/command/sync')).body as { version: number; screens: { inSync: boolean; ackedVersion: number }[] };
    if (sync.version === v && sync.screens.length === 9 && sync.screens.every((s) => s.inSync && s.ackedVersion === v)) return v;
    if (Date.now() > end) throw new Error(`screens did not all ack version ${v}: ${JSON.stringify(sync)}`);
    await sleep(100);
  }
}

const screenshots = () => Promise.all(pages.map((p) => p.screenshot()));

/** One picture of the whole command wall (3x3 screenshots side by side), kept as an artifact. */
async function shoot(name: string) {
  const shots = (await screenshots()).map((b) => b.toString('base64'));
  const png = await pages[0]!.evaluate(
    async ({ shots, w, h }) => {
      const c = document.createElement('canvas');
      c.width = w * 3;
      c.height = h * 3;
      const ctx = c.getContext('2d')!;
      for (const [i, b64] of shots.entries()) {
        const img = new Image();
        img.src = `data:image/png;base64,${b64}`;
        await img.decode();
        ctx.drawImage(img, (i % 3) * w, Math.floor(i / 3) * h);
      }
      return c.toDataURL('image/png').split(',')[1]!;
    },
    { shots, w: VIEW.width, h: VIEW.height },
  );
  writeFileSync(join(ARTIFACTS, `${name}-command-wall.png`), Buffer.from(png, 'base64'));
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ioc-e2e-escalation-'));
  mkdirSync(ARTIFACTS, { recursive: true });
  if (!existsSync(join(root, 'wall-client', 'dist', 'wall.js'))) {
    execFileSync(process.execPath, [join(root, 'wall-client', 'scripts', 'build.mjs')], { stdio: 'pipe' });
  }
  // The webhook receiver answers 500 to its first two calls: delivery must retry.
  hooks = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      hookCalls++;
      const status = hookCalls <= 2 ? 500 : 200;
      const ts = String(req.headers['x-ioc-timestamp'] ?? '');
      const expected = `sha256=${createHmac('sha256', HOOK_SECRET).update(`${ts}.${raw}`).digest('hex')}`;
      received.push({
        key: String(req.headers['idempotency-key'] ?? ''),
        event: String(req.headers['x-ioc-event'] ?? ''),
        signatureOk: req.headers['x-ioc-signature'] === expected,
        status,
        body: JSON.parse(raw),
      });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((r) => hooks.listen(0, '127.0.0.1', r));
  const hookPort = (hooks.address() as { port: number }).port;

  cam = await RtspCamera.start({ width: 640, height: 360, fps: 25, paths: ['/main', '/sub'], barcode: true });
  const gatewayPort = await freePort();
  const webhooks = {
    targets: [{ id: 'mobile-app', url: `http://127.0.0.1:${hookPort}/ioc`, secret: HOOK_SECRET }],
    backoffMs: { initial: 200, max: 1000 },
  };
  ctlEnv = demoControllerEnv({ dir, gatewayPort, secret: SECRET, adminPassword: ADMIN_PASSWORD, config: { webhooks } });
  ctl = new ControllerProcess(await freePort(), ctlEnv);
  await ctl.start();
  await login('admin', ADMIN_PASSWORD);
  for (const [user, role] of [['duty1', 'duty-officer'], ['vic', 'viewer'], ['op1', 'operator']] as const) {
    expect((await api('POST', '/api/users', { username: user, password: `${user}-password-1`, roles: [role] })).status).toBe(201);
    await login(user, `${user}-password-1`);
  }
  const created = await api('POST', '/api/cameras', {
    id: CAMERA_ID,
    name: 'Cầu Rồng',
    district: 'Hải Châu',
    mainUrl: `rtsp://127.0.0.1:${cam.port}/main`,
    subUrl: `rtsp://127.0.0.1:${cam.port}/sub`,
  });
  expect(created.status).toBe(201);

  const config = loadGatewayConfig(
    {
      http: { host: '127.0.0.1', port: gatewayPort },
      media: { secret: SECRET },
      hls: { dir: join(dir, 'hls') },
      recording: { dir: join(dir, 'clips') },
      controller: { url: ctl.url },
      demo: { cameras: false },
      watchdog: { stallMs: 3_000, startTimeoutMs: 8_000, backoffMs: { initial: 300, max: 2_000 } },
      webrtc: { interfaces: ['127.0.0.1'] },
    },
    {},
  );
  const log = createLogger({ redactor: new Redactor(), level: 'warn', sink: () => undefined });
  gateway = createGateway({ config, cameras: new ControllerCameraCatalog({ controllerUrl: ctl.url, secret: SECRET, log }), log });
  await gateway.start();

  // A monitoring-room viewer keeps the camera streaming from the start, as on a real wall: the
  // gateway's rolling pre-roll then covers the 30 s before the escalation.
  const watch = async () => {
    const t = await api('POST', `/api/cameras/${CAMERA_ID}/token`, {}, 'vic').catch(() => null);
    if (t?.status !== 200) return;
    await fetch(`${t.body.gatewayUrl}/hls/${t.body.token}/${CAMERA_ID}/main/index.m3u8`).then((r) => r.arrayBuffer()).catch(() => null);
  };
  await watch();
  streamingSince = Date.now();
  keepStreaming = setInterval(() => void watch(), 2_000);

  // Static tiles beneath (a grid over the whole wall), so that "exactly what lay beneath" can be
  // compared pixel for pixel.
  expect((await api('POST', '/api/walls/command/apply', { layoutId: 'cmd-calibration' }, 'op1')).status).toBe(200);

  browser = await launchChromium();
  for (const { col, row } of SCREENS) {
    const page = await browser.newPage({ viewport: VIEW });
    page.on('pageerror', (e) => console.error('[page error]', e.message));
    await page.goto(`${ctl.url}/wall/?renderer=canvas&fps=20&lang=en&wall=command&col=${col}&row=${row}`);
    await page.waitForFunction(() => window.__wall !== undefined, undefined, { timeout: 30_000 });
    pages.push(page);
  }
  await settled();
}, 120_000);

afterAll(async () => {
  clearInterval(keepStreaming);
  await browser?.close();
  await gateway?.close();
  await ctl?.stop();
  await cam?.stop();
  await new Promise((r) => hooks?.close(r));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The red frame's left edge on screen (0,0), through the screenshot. */
async function frameSamples(n: number, everyMs: number): Promise<number[][]> {
  const out: number[][] = [];
  for (let i = 0; i < n; i++) {
    out.push((await pixels(pages[0]!, [{ x: 1, y: 120 }]))[0]!);
    await sleep(everyMs);
  }
  return out;
}

describe('escalation on the command wall', () => {
  const ids: Record<string, string> = {};

  it('escalate: every command screen switches to the same new version, and the incident area shows the camera, its red frame and the reason', async () => {
    const before = await wallState();
    const r = await api('POST', '/api/escalations', { cameraId: CAMERA_ID, reason: 'Traffic accident, 2 cars', priority: 2 }, 'duty1');
    expect(r.status).toBe(201);
    ids.first = r.body.id;
    const v = await settled();
    expect(v).toBe(before.version + 1);
    const swaps = await Promise.all(pages.map((p) => p.evaluate(() => window.__wall!.lastSwap())));
    expect(swaps.every((s) => s?.version === v)).toBe(true);
    // No screen shows it before the common instant (activateAt, on the controller's clock). How
    // close together they paint is the escalation bench's figure: here 9 renderers, 4 video
    // decoders, the gateway and the camera share 2 cores.
    const { activateAt } = (await api('GET', '/api/walls/command/state')).body as { activateAt: number };
    expect(Math.min(...swaps.map((s) => s!.at))).toBeGreaterThanOrEqual(activateAt - 2);
    // The incident area is 2x2 screens at the top left: those four draw the camera and banner.
    for (const [i, p] of pages.entries()) {
      const { col, row } = SCREENS[i]!;
      const kinds = (await p.evaluate(() => window.__wall!.scene().tiles.map((t) => t.kind)));
      expect(kinds.includes('incident'), `screen ${col},${row}`).toBe(col < 2 && row < 2);
    }
    await pages[0]!
      .waitForFunction(() => window.__wallVideo?.tiles().some((t) => t.state === 'playing'), undefined, { timeout: 20_000 })
      .catch(async (err: Error) => {
        throw new Error(`${err.message}\ntiles: ${JSON.stringify(await pages[0]!.evaluate(() => window.__wallVideo?.tiles()))}`);
      });
    const texts = (await pages[0]!.evaluate(() => window.__wall!.texts())).join('\n');
    expect(texts).toContain('P2 · Cầu Rồng');
    expect(texts).toContain('Traffic accident, 2 cars');
    await shoot('escalated');
  });

  it('a higher priority goes on top and the first waits in the queue strip', async () => {
    const r = await api('POST', '/api/escalations', { cameraId: 'cam-bridge', reason: 'Fire near the market', priority: 1 }, 'duty1');
    expect(r.status).toBe(201);
    ids.second = r.body.id;
    await settled();
    const s = await wallState();
    expect(s.incident?.escalations.map((e) => e.id)).toEqual([ids.second, ids.first]);
    const bottom = (await pages[3]!.evaluate(() => window.__wall!.texts())).join('\n');
    expect(bottom).toContain('Queue (1): P2 Cầu Rồng — Traffic accident, 2 cars');
    expect((await pages[0]!.evaluate(() => window.__wall!.texts())).join('\n')).toContain('Fire near the market');
    await shoot('queued');
  });

  it('the unacknowledged frame pulses slowly; acknowledging stops the pulse', async () => {
    const pulsing = await frameSamples(8, 220);
    const reds = pulsing.map((p) => p[0]!);
    expect(Math.max(...reds) - Math.min(...reds), JSON.stringify(pulsing)).toBeGreaterThan(20);
    const ack = await api('POST', `/api/escalations/${ids.second}/ack`, {}, 'duty1');
    expect(ack.status).toBe(200);
    await settled();
    const steady = await frameSamples(6, 220);
    for (const p of steady) {
      expect(Math.abs(p[0]! - steady[0]![0]!) + Math.abs(p[1]! - steady[0]![1]!) + Math.abs(p[2]! - steady[0]![2]!), JSON.stringify(steady)).toBeLessThanOrEqual(6);
    }
    expect(steady[0]![0]!).toBeGreaterThan(180);
    expect(steady[0]![1]!).toBeLessThan(80);
  });

  it('a layout switch under the open escalations changes what lies beneath; the escalation stays on top', async () => {
    const applied = await api('POST', '/api/walls/command/apply', { layoutId: 'cmd-default' }, 'op1');
    expect(applied.status).toBe(200);
    await settled();
    const s = await wallState();
    expect(s.incident?.escalations.map((e) => e.id)).toEqual([ids.second, ids.first]);
    const kinds = await pages[0]!.evaluate(() => window.__wall!.scene().tiles.map((t) => t.kind));
    expect(kinds).toContain('incident');
    // Back to the static grid for the pixel comparison below.
    expect((await api('POST', '/api/walls/command/apply', { layoutId: 'cmd-calibration' }, 'op1')).status).toBe(200);
    await settled();
  });

  it('survives the controller being SIGKILLed: the screens keep the escalation, and after the restart it is still open and closable', async () => {
    const v = (await wallState()).version;
    await ctl.kill();
    await sleep(2_000);
    for (const p of pages) expect(await version(p)).toBe(v);
    // The banner's captions, each on the screen it falls on.
    expect((await pages[0]!.evaluate(() => window.__wall!.texts())).join('\n')).toContain('Fire near the market');
    expect((await pages[1]!.evaluate(() => window.__wall!.texts())).join('\n')).toContain('escalated by duty1');
    await shoot('controller-down');
    ctl = new ControllerProcess(ctl.port, ctlEnv);
    await ctl.start();
    const open = await api('GET', '/api/escalations?state=open', undefined, 'vic');
    expect(open.status).toBe(200);
    expect((open.body as { id: string }[]).map((e) => e.id)).toEqual([ids.second, ids.first]);
  });

  it('closing the last escalation shows exactly what lay beneath, pixel for pixel', async () => {
    // Close the second (top) one: the first comes back on top.
    expect((await api('POST', `/api/escalations/${ids.second}/close`, { note: 'fire out' }, 'duty1')).status).toBe(200);
    await settled();
    expect((await wallState()).incident?.escalations.map((e) => e.id)).toEqual([ids.first]);
    // Reference: the same layout with no escalation, drawn by the same pages. Closing the first
    // now must give exactly these pixels again.
    expect((await api('POST', `/api/escalations/${ids.first}/close`, {}, 'duty1')).status).toBe(200);
    await settled();
    await sleep(300);
    const reference = await screenshots();
    const again = await api('POST', '/api/escalations', { cameraId: CAMERA_ID, reason: 'Pixel check', priority: 3 }, 'duty1');
    ids.third = again.body.id;
    await settled();
    expect(Buffer.compare((await pages[0]!.screenshot()), reference[0]!)).not.toBe(0);
    const t0 = Date.now();
    expect((await api('POST', `/api/escalations/${ids.third}/close`, {}, 'duty1')).status).toBe(200);
    ids.thirdClosedAt = String(t0);
    await settled();
    await sleep(300);
    const after = await screenshots();
    for (const [i] of pages.entries()) {
      expect(Buffer.compare(after[i]!, reference[i]!), `screen ${SCREENS[i]!.col},${SCREENS[i]!.row}`).toBe(0);
    }
    expect((await wallState()).incident).toBeNull();
  });

  it('refuses a viewer on every escalation command (403), and bad bodies with 400 naming the field', async () => {
    expect((await api('POST', '/api/escalations', { cameraId: CAMERA_ID, reason: 'x', priority: 1 }, 'vic')).status).toBe(403);
    expect((await api('POST', `/api/escalations/${ids.first}/ack`, {}, 'vic')).status).toBe(403);
    expect((await api('POST', `/api/escalations/${ids.first}/close`, {}, 'vic')).status).toBe(403);
    const bad = await api('POST', '/api/escalations', { cameraId: CAMERA_ID, priority: 7 }, 'duty1');
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('priority');
    expect(bad.body.message).toContain('reason');
  });

  it('the clip downloads and plays, and starts at least 25 s before the escalation', async () => {
    // The pre-roll holds what the camera sent: give it 30 s of streaming first.
    await sleep(Math.max(0, streamingSince + 32_000 - Date.now()));
    const escalatedAt = Date.now();
    const r = await api('POST', '/api/escalations', { cameraId: CAMERA_ID, reason: 'Evidence', priority: 2 }, 'duty1');
    expect(r.status).toBe(201);
    const notReady = await api('GET', `/api/escalations/${r.body.id}/clip`, undefined, 'vic');
    expect(notReady.status).toBe(409);
    expect(notReady.body.code).toBe('CLIP_NOT_READY');
    await sleep(3_000);
    expect((await api('POST', `/api/escalations/${r.body.id}/close`, {}, 'duty1')).status).toBe(200);
    let clip: Response | null = null;
    const end = Date.now() + 20_000;
    while (Date.now() < end) {
      clip = await fetch(`${ctl.url}/api/escalations/${r.body.id}/clip`, { headers: { authorization: `Bearer ${tokens.vic}` } });
      if (clip.status === 200) break;
      await clip.arrayBuffer();
      await sleep(500);
    }
    expect(clip?.status).toBe(200);
    expect(clip!.headers.get('content-type')).toBe('video/mp4');
    expect(clip!.headers.get('accept-ranges')).toBe('bytes');
    const file = join(dir, 'clip.mp4');
    const whole = Buffer.from(await clip!.arrayBuffer());
    writeFileSync(file, whole);
    // A download resumed through the controller gets exactly the bytes it asks for.
    const rest = await fetch(`${ctl.url}/api/escalations/${r.body.id}/clip`, { headers: { authorization: `Bearer ${tokens.vic}`, range: 'bytes=1000-' } });
    expect(rest.status).toBe(206);
    expect(rest.headers.get('content-range')).toBe(`bytes 1000-${whole.length - 1}/${whole.length}`);
    expect(Buffer.from(await rest.arrayBuffer()).equals(whole.subarray(1000))).toBe(true);
    const outside = await fetch(`${ctl.url}/api/escalations/${r.body.id}/clip`, { headers: { authorization: `Bearer ${tokens.vic}`, range: `bytes=${whole.length + 1}-` } });
    expect([outside.status, ((await outside.json()) as { code: string }).code]).toEqual([416, 'RANGE_NOT_SATISFIABLE']);
    const probe = JSON.parse(execFileSync('ffprobe', ['-v', 'error', '-show_streams', '-show_format', '-of', 'json', file]).toString()) as {
      streams: { codec_name: string; width: number }[];
      format: { duration: string };
    };
    expect(probe.streams[0]?.codec_name).toBe('h264');
    expect(Number(probe.format.duration)).toBeGreaterThan(28);
    // The first decoded frame carries the camera's wall clock at capture.
    const w = probe.streams[0]!.width;
    const strip = barcodeStripHeight(w);
    const rgba = execFileSync('ffmpeg', ['-v', 'error', '-i', file, '-frames:v', '1', '-vf', `crop=${w}:${strip}:0:0`, '-f', 'rawvideo', '-pix_fmt', 'rgba', '-']);
    const value = decodeBarcode(new Uint8ClampedArray(rgba), w, strip);
    expect(value).not.toBeNull();
    const firstFrameAt = escalatedAt - (latencyFromBarcode(value!, escalatedAt) % 2 ** 32);
    expect(escalatedAt - firstFrameAt, `first frame ${escalatedAt - firstFrameAt} ms before the escalation`).toBeGreaterThanOrEqual(25_000);
  }, 60_000);

  it('tells the webhook receiver of every event, signed, retried after its 500s, once per idempotency key', async () => {
    const end = Date.now() + 20_000;
    const delivered = () => new Set(received.filter((x) => x.status === 200).map((x) => x.key));
    // 4 escalations: 4 created, 1 acknowledged, 4 closed.
    while (delivered().size < 9 && Date.now() < end) await sleep(200);
    expect(received.slice(0, 2).every((x) => x.status === 500)).toBe(true);
    expect(received.every((x) => x.signatureOk)).toBe(true);
    const ok = received.filter((x) => x.status === 200);
    expect(ok.length).toBe(delivered().size);
    expect(ok.length).toBe(9);
    expect(ok.filter((x) => x.event === 'escalation.created').map((x) => x.body.data.id)).toContain(ids.first);
    expect(ok.filter((x) => x.event === 'escalation.acknowledged').map((x) => x.body.data.id)).toEqual([ids.second]);
    expect(ok.filter((x) => x.event === 'escalation.closed').length).toBe(4);
    // The two refused deliveries were retried with the same key.
    for (const failed of received.slice(0, 2)) expect(ok.map((x) => x.key)).toContain(failed.key);
  });
});
