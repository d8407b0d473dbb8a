import { createSocket, type Socket } from 'node:dgram';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RtspCamera } from '../../../tests/support/rtsp-camera';
import { StaticCameraCatalog } from '../catalog';
import { leftovers, processArgs, probeVideo, startHarness, TEST_SECRET, type Harness } from '../test-harness';
import { WhepTestClient } from './whep-test-client';

// Real GStreamer camera with Basic auth -> real gateway (one ffmpeg: HLS + RTP) -> werift viewers.
const PASSWORD = 'Wh3p:s3cr@t/42 y';
const ENCODED = encodeURIComponent(PASSWORD);
const IDLE_MS = 2_000;

let cam: RtspCamera;
let h: Harness;
const clients: WhepTestClient[] = [];
const answers: string[] = [];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  cam = await RtspCamera.start({ width: 640, height: 360, fps: 25, user: 'admin', password: PASSWORD, paths: ['/main'] });
  h = await startHarness(
    new StaticCameraCatalog([
      { id: 'cam-1', name: 'Gate', main: cam.url('/main') },
      { id: 'cam-2', name: 'Other', main: cam.url('/main') },
    ]),
    { streams: { idleTimeoutMs: IDLE_MS }, webrtc: { interfaces: ['127.0.0.1'], portRange: { min: 24000, max: 24199 }, peerTimeoutMs: 7_000 } },
  );
}, 30_000);

afterAll(async () => {
  for (const c of clients) await c.close().catch(() => undefined);
  await h?.close();
  await cam?.stop();
});

const whep = (token: string, rest = 'cam-1/main') => `${h.url}/whep/${token}/${rest}`;
async function viewer(token = h.token(['cam-1']), rest?: string): Promise<WhepTestClient> {
  const { client, status, body } = await WhepTestClient.offer(h.url, whep(token, rest));
  clients.push(client);
  expect(status, body).toBe(201);
  answers.push(body);
  return client;
}
const ffmpegsOf = async (stream: string) => (await leftovers(join(h.hlsDir, stream))).ffmpeg;
const peers = () => h.gateway.webrtc!.stats().peers;
async function until(pred: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await pred())) {
    if (Date.now() > end) throw new Error(`${what} not reached in ${timeoutMs} ms`);
    await sleep(50);
  }
}

describe('WHEP endpoint', () => {
  it('answers a recvonly H.264 offer and streams the camera as H.264 over SRTP, from a keyframe', async () => {
    const t0 = Date.now();
    const c = await viewer();
    expect(c.location).toMatch(/^\/whep\/[^/]+\/cam-1\/main\/[0-9a-f]{32}$/);
    expect(c.answer).toMatch(/^a=sendonly/m);
    expect(c.answer).toMatch(/^a=candidate:\S+ 1 udp \d+ 127\.0\.0\.1 (24[01]\d{2}) typ host/m);
    expect(c.answer).toMatch(/^a=rtpmap:\d+ H264\/90000/m);
    await c.connected(5_000);
    await c.received(150, 15_000);
    console.log(`[whep] ${c.packets.length} RTP packets ${Date.now() - t0} ms after the offer (cold stream)`);
    // One SSRC, the offered payload type, no gap in the numbering.
    expect(new Set(c.packets.map((p) => p.ssrc)).size).toBe(1);
    expect(new Set(c.packets.map((p) => p.payloadType))).toEqual(new Set([96]));
    for (let i = 1; i < c.packets.length; i++) expect(c.packets[i]!.sequenceNumber).toBe((c.packets[i - 1]!.sequenceNumber + 1) & 0xffff);
    // The first access unit carries SPS and an IDR slice, so it decodes on its own.
    const firstTs = c.packets[0]!.timestamp;
    const firstAu = c.payloads.filter((_p, i) => c.packets[i]!.timestamp === firstTs);
    const nals = firstAu.flatMap(nalTypes);
    expect(nals).toContain(7);
    expect(nals).toContain(5);
    const file = join(h.hlsDir, 'whep.h264');
    await writeFile(file, c.annexB());
    expect(await probeVideo(file)).toMatchObject({ codec_name: 'h264', width: 640, height: 360 });
  }, 30_000);

  it('refuses without a valid token (401), with another camera\'s (403), unknown cameras (404) and bad offers (400)', async () => {
    const sdp = (await offerSdp()).sdp;
    const post = (url: string, body = sdp, type = 'application/sdp') => fetch(url, { method: 'POST', headers: { 'content-type': type }, body });
    const json = async (r: Response) => ({ status: r.status, ...((await r.json()) as { code: string; message: string }) });
    expect(await json(await post(whep('garbage')))).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
    expect(await json(await post(whep(h.token(['cam-1'], -5))))).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
    expect(await json(await post(whep(h.token(['cam-2']))))).toMatchObject({ status: 403, code: 'FORBIDDEN' });
    expect(await json(await post(whep(h.token(['cam-9']), 'cam-9/main')))).toMatchObject({ status: 404, code: 'CAMERA_NOT_FOUND' });
    expect(await json(await post(whep(h.token(['cam-2']), 'cam-2/sub')))).toMatchObject({ status: 404, code: 'STREAM_NOT_FOUND' });
    const token = h.token(['cam-1']);
    const malformed = await json(await post(whep(token), 'hello, I am not SDP'));
    expect(malformed).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    expect(malformed.message).toMatch(/bad SDP offer: must start with v=0/);
    const vp8 = sdp.replace(/H264\/90000/g, 'VP8/90000');
    const noH264 = await json(await post(whep(token), vp8));
    expect(noH264).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    expect(noH264.message).toMatch(/no H\.264 video format offered/);
    const noVideo = await json(await post(whep(token), sdp.replace(/^m=video /m, 'm=text ')));
    expect(noVideo.message).toMatch(/needs exactly one video m-line, found 0/);
    expect(await json(await post(whep(token), sdp, 'text/plain'))).toMatchObject({ status: 400, message: 'Content-Type must be application/sdp' });
    const pre = await fetch(whep(token), { method: 'OPTIONS' });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('*');
    expect(pre.headers.get('access-control-expose-headers')).toBe('Location');
    expect(pre.headers.get('access-control-allow-methods')).toContain('DELETE');
    // The stats route is the controller's: the gateway secret, not a media token.
    expect((await fetch(`${h.url}/api/webrtc`)).status).toBe(401);
    const stats = await fetch(`${h.url}/api/webrtc`, { headers: { authorization: `Bearer ${TEST_SECRET}` } });
    expect(await stats.json()).toMatchObject({ peers: 1, connected: 1 });
  });

  it('serves two WebRTC viewers and an HLS viewer of one camera from ONE ffmpeg and one RTSP session', async () => {
    const before = cam.totalConnects;
    const a = await viewer();
    const b = await viewer();
    const hls = await fetch(`${h.url}/hls/${h.token(['cam-1'])}/cam-1/main/index.m3u8`);
    expect(hls.status).toBe(200);
    await hls.text();
    await Promise.all([a.connected(5_000), b.connected(5_000)]);
    // Joining a running stream: the cached keyframe comes first, at once.
    await Promise.all([a.received(30, 5_000), b.received(30, 5_000)]);
    expect(nalTypes(a.payloads[0]!)).toContain(7);
    expect(await ffmpegsOf('cam-1/main')).toHaveLength(1);
    expect(h.gateway.supervisor.pids()).toHaveLength(1);
    expect(cam.totalConnects - before).toBe(0);
    expect(cam.clients).toBe(1);
    expect(h.gateway.supervisor.holds('cam-1', 'main')).toBe(3);
    expect(h.gateway.webrtc!.stats()).toEqual({ peers: 3, connected: 3, byStream: { 'cam-1/main': 3 }, settingUp: 0, portsInUse: 6 });
  }, 30_000);

  it('releases peers on DELETE, on a vanished viewer and on ICE that never completes; then ffmpeg stops after idle', async () => {
    // A viewer that vanishes without a word: closed within peerTimeoutMs of silence.
    const gone = clients[1]!;
    gone.vanish();
    for (const c of clients.filter((x) => x !== gone)) {
      expect(await c.delete()).toBe(200);
      expect(await c.delete()).toBe(404);
    }
    // An offer whose answer is never used: no ICE, closed at peerTimeoutMs.
    const { status } = await WhepTestClient.offer(h.url, whep(h.token(['cam-1']))).then(async (r) => {
      await r.client.close();
      return r;
    });
    expect(status).toBe(201);
    await until(() => peers() === 0, 10_000, 'no peer left');
    expect(h.gateway.supervisor.holds('cam-1', 'main')).toBe(0);
    expect(h.logLines.some((l) => /webrtc peer closed.*"reason":"silent"/.test(l))).toBe(true);
    expect(h.logLines.some((l) => /webrtc peer closed.*"reason":"(ice-timeout|failed)"/.test(l))).toBe(true);
    // Held streams do not idle out; once released, the idle timer runs from the last release.
    await until(async () => (await ffmpegsOf('cam-1/main')).length === 0, IDLE_MS + 5_000, 'ffmpeg stopped');
    expect(h.gateway.supervisor.pids()).toEqual([]);
    await cam.waitFor((c) => c.clients === 0, 5_000);
  }, 40_000);

  it('never shows the camera password in logs, SDP answers or ps', async () => {
    const c = await viewer();
    await c.connected(5_000);
    await c.received(10, 10_000);
    const ps = (await processArgs()).filter((l) => !l.includes('rtsp-server.py'));
    expect(ps.some((l) => l.includes('ffmpeg') && l.includes(h.hlsDir) && l.includes('-f rtp'))).toBe(true);
    const everything = [...answers, ...h.logLines, ...ps].join('\n');
    for (const secret of [PASSWORD, ENCODED, 'Wh3p:s3cr', 'Wh3p%3As3cr']) expect(everything).not.toContain(secret);
    expect(everything).not.toMatch(/rtsp:\/\/[^\s'"]*:[^\s'"]*@/);
    expect(await c.delete()).toBe(200);
  }, 30_000);

  it('resends what a lossy viewer NACKs (werift keeps the last 128 packets)', async () => {
    const { client: c, status } = await WhepTestClient.offer(h.url, whep(h.token(['cam-1'])), { lossPct: 5 });
    clients.push(c);
    expect(status).toBe(201);
    await c.connected(5_000);
    await c.received(300, 20_000);
    const seqs = c.packets.map((p) => p.sequenceNumber);
    // Behind the newest seen: only a resent packet arrives late on loopback.
    let newest = seqs[0]!;
    let late = 0;
    for (const s of seqs) {
      if (((s - newest) & 0xffff) > 0x8000) late++;
      else newest = s;
    }
    const span = ((newest - seqs[0]!) & 0xffff) + 1;
    const missing = span - new Set(seqs).size;
    console.log(`[whep] 5 % loss: ${late} packets resent after a NACK, ${missing} of ${span} never arrived`);
    expect(late).toBeGreaterThan(0);
    // Some resends are dropped too (5 %), and werift gives up on a packet after 10 NACKs.
    expect(missing).toBeLessThan(span * 0.02);
    expect(await c.delete()).toBe(200);
  }, 30_000);

  it('sets up 24 viewers at once, each on ports of its own, passing over ports another program holds', async () => {
    await until(() => peers() === 0, 10_000, 'no peer left from the tests before');
    // Another program holds two of every six ports of the range: werift can bind none of those.
    // (A port some other socket of this machine holds already is just as taken: not ours to close.)
    const wanted = Array.from({ length: 200 }, (_x, i) => 24000 + i).filter((p) => p % 6 < 2);
    const sockets = (await Promise.all(wanted.map(holdUdp))).filter((s): s is Socket => s !== null);
    const squatted = new Set(sockets.map((s) => s.address().port));
    expect(squatted.size).toBeGreaterThan(wanted.length / 2);
    try {
      const t0 = Date.now();
      const offers = await Promise.all(Array.from({ length: 24 }, () => WhepTestClient.offer(h.url, whep(h.token(['cam-1'])))));
      const setupMs = Date.now() - t0;
      for (const o of offers) {
        clients.push(o.client);
        expect(o.status, o.body).toBe(201);
      }
      const ports = offers.map((o) => Number(/^a=candidate:\S+ 1 udp \d+ 127\.0\.0\.1 (\d+) typ host/m.exec(o.client.answer)?.[1]));
      expect(new Set(ports).size).toBe(24);
      for (const p of ports) {
        expect(p >= 24000 && p <= 24199, `port ${p} in webrtc.portRange`).toBe(true);
        expect(squatted.has(p), `port ${p} is another program's`).toBe(false);
      }
      await Promise.all(offers.map((o) => o.client.connected(10_000)));
      await Promise.all(offers.map((o) => o.client.received(10, 15_000)));
      console.log(`[whep] 24 viewers set up at once in ${setupMs} ms, on 24 ports`);
      expect(h.gateway.webrtc!.stats()).toMatchObject({ peers: 24, connected: 24, portsInUse: 48 });
      for (const o of offers) expect(await o.client.delete()).toBe(200);
      await until(() => h.gateway.webrtc!.stats().portsInUse === 0, 5_000, 'every port given back');
    } finally {
      for (const sock of sockets) sock.close();
    }
  }, 60_000);
});

/** A UDP port held as another program would hold it; null when some other socket has it already. */
function holdUdp(port: number): Promise<Socket | null> {
  return new Promise((resolve, reject) => {
    const sock = createSocket('udp4');
    sock.once('error', (err: NodeJS.ErrnoException) => (err.code === 'EADDRINUSE' ? resolve(null) : reject(err)));
    sock.bind(port, '127.0.0.1', () => resolve(sock));
  });
}

/** NAL unit types in one RTP payload (single NAL, STAP-A or FU-A start). */
function nalTypes(p: Buffer): number[] {
  const type = p[0]! & 0x1f;
  if (type === 28) return p[1]! & 0x80 ? [p[1]! & 0x1f] : [];
  if (type !== 24) return [type];
  const out: number[] = [];
  for (let i = 1; i + 2 < p.length; i += 2 + p.readUInt16BE(i)) out.push(p[i + 2]! & 0x1f);
  return out;
}

async function offerSdp(): Promise<{ sdp: string }> {
  const { client } = await WhepTestClient.offer(h.url, `${h.url}/whep/x/none/main`);
  const sdp = client.pc.localDescription!.sdp;
  await client.close();
  return { sdp };
}
