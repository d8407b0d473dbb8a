import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createController, memoryLogger, withOverrides, type Controller } from '@ioc/controller';
import { PROTOCOL_VERSION, SOCKET_TRANSPORT_MAX_BYTES } from '@ioc/protocol';
import { createRequester, type ScreenSocket } from '@ioc/wall-client';

/**
 * A socket event over the transport's limit (1 MB): socket.io drops the connection without a
 * word. The wall client refuses to send one (PAYLOAD_TOO_LARGE, still connected); a client that
 * sends one anyway is dropped, the controller says why in its log, and the client comes back.
 */
let dir: string;
let ctrl: Controller;
let url: string;
const log = memoryLogger();
const sockets: Socket[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ioc-oversize-'));
  const config = withOverrides({
    http: { host: '127.0.0.1', port: 0 },
    db: { path: join(dir, 'ioc.sqlite') },
    admin: { username: 'admin', password: 'oversize-admin-password' },
    wallClient: { distDir: join(dir, 'none') },
    console: { distDir: join(dir, 'none') },
  });
  ctrl = createController({ config, log });
  url = (await ctrl.start()).url;
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await ctrl.close();
  rmSync(dir, { recursive: true, force: true });
});

function screenSocket(deviceId: string): Promise<Socket> {
  const s = connect(`${url}/screen`, {
    auth: { protocolVersion: PROTOCOL_VERSION, deviceId },
    transports: ['websocket'],
    forceNew: true,
    reconnectionDelay: 100,
    reconnectionDelayMax: 200,
  });
  sockets.push(s);
  return new Promise((resolve) => s.once('connect', () => resolve(s)));
}

const waitFor = <T>(s: Socket, event: string) => new Promise<T>((resolve) => s.once(event, (v: T) => resolve(v)));
const huge = () => 'x'.repeat(SOCKET_TRANSPORT_MAX_BYTES + 1024);

describe('a socket event over the transport limit', () => {
  it('is refused by the wall client with PAYLOAD_TOO_LARGE before it is sent; the screen stays connected', async () => {
    const s = await screenSocket('device-oversize-a');
    const request = createRequester(() => s as unknown as ScreenSocket);
    let disconnects = 0;
    s.on('disconnect', () => disconnects++);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const r = await request('heartbeat', { fps: 60, memoryMb: 1, appliedVersion: null, pad: huge() } as never);
      expect(r).toBeNull();
      expect(warn.mock.calls.flat().join(' ')).toContain('heartbeat refused: PAYLOAD_TOO_LARGE');
    } finally {
      warn.mockRestore();
    }
    expect(await request('clock', { t0: 5 })).toMatchObject({ t0: 5 });
    expect(disconnects).toBe(0);
    expect(log.lines.some((l) => l.includes('connection dropped'))).toBe(false);
  });

  it('drops a raw client that sends one anyway, logs why, and the client reconnects by itself', async () => {
    const s = await screenSocket('device-oversize-b');
    const dropped = waitFor<string>(s, 'disconnect');
    s.emit('clock', { t0: 1, pad: huge() });
    expect(await dropped).toBe('transport close');
    await waitFor(s, 'connect');
    expect(s.connected).toBe(true);
    expect(await s.timeout(5000).emitWithAck('clock', { t0: 2 })).toMatchObject({ ok: true, data: { t0: 2 } });
    expect(log.lines.some((l) => l.includes('/screen connection dropped: transport error'))).toBe(true);
  });
});
