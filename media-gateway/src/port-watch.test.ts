import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { rtspEndpoint, watchPortOpening } from './port-watch';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

function listen(port = 0): Promise<Server> {
  return new Promise((resolve, reject) => {
    const s = createServer((c) => c.destroy());
    s.once('error', reject);
    s.listen(port, '127.0.0.1', () => {
      servers.push(s);
      resolve(s);
    });
  });
}
const portOf = (s: Server) => (s.address() as { port: number }).port;

describe('rtspEndpoint', () => {
  it('reads host and port, 554 by default, and nothing from other schemes', () => {
    expect(rtspEndpoint('rtsp://user:pw@10.1.2.3:8554/main')).toEqual({ host: '10.1.2.3', port: 8554 });
    expect(rtspEndpoint('rtsp://cam.example/stream')).toEqual({ host: 'cam.example', port: 554 });
    expect(rtspEndpoint('rtsp://[::1]:9554/x')).toEqual({ host: '::1', port: 9554 });
    expect(rtspEndpoint('http://cam/x')).toBeNull();
    expect(rtspEndpoint('not a url')).toBeNull();
  });
});

describe('watchPortOpening', () => {
  it('calls once when a closed port opens (a camera back from a reboot)', async () => {
    // A port that was free a moment ago: closed now, opened again below.
    const probe = await listen();
    const port = portOf(probe);
    await new Promise((r) => probe.close(r));
    servers.splice(servers.indexOf(probe), 1);

    let calls = 0;
    const opened = new Promise<void>((resolve) => {
      const stop = watchPortOpening('127.0.0.1', port, 50, () => {
        calls += 1;
        stop();
        resolve();
      });
    });
    await new Promise((r) => setTimeout(r, 200));
    expect(calls).toBe(0);
    await listen(port);
    await opened;
    await new Promise((r) => setTimeout(r, 200));
    expect(calls).toBe(1);
  });

  it('never calls for a port open from the start (the camera answers; its stream failed)', async () => {
    const s = await listen();
    let calls = 0;
    const stop = watchPortOpening('127.0.0.1', portOf(s), 50, () => void (calls += 1));
    await new Promise((r) => setTimeout(r, 400));
    stop();
    expect(calls).toBe(0);
  });
});
