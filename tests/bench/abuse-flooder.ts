/**
 * The flooding client of the abuse bench, in its own process (as another PC would be), so that
 * making the flood does not slow the bench's own measurement of the other clients.
 * FLOOD_MODE=socket: applyLayout over the console socket, FLOOD_WINDOW requests in flight;
 * FLOOD_MODE=rest: POST /api/walls/command/apply, FLOOD_WINDOW requests in flight.
 */
import { io } from 'socket.io-client';
import { PROTOCOL_VERSION } from '@ioc/protocol';

const url = process.env.FLOOD_URL ?? '';
const token = process.env.FLOOD_TOKEN ?? '';
const mode = process.env.FLOOD_MODE === 'rest' ? 'rest' : 'socket';
const window = Number(process.env.FLOOD_WINDOW ?? 64);
const command = { wallId: 'command', layoutId: 'cmd-quad' };

const counts: Record<string, number> = {};
let stopping = false;
let startedAt = 0;
const count = (code: string) => void (counts[code] = (counts[code] ?? 0) + 1);

function report(): void {
  const seconds = (performance.now() - startedAt) / 1000;
  process.send?.({ type: 'report', counts, seconds });
}

if (mode === 'socket') {
  const socket = io(`${url}/console`, { auth: { protocolVersion: PROTOCOL_VERSION, token }, transports: ['websocket'], forceNew: true });
  const send = (): void => {
    if (stopping) return;
    socket.emit('applyLayout', command, (res: { ok: boolean; error?: { code: string } }) => {
      count(res.ok ? 'ok' : (res.error?.code ?? 'error'));
      send();
    });
  };
  socket.once('connect', () => {
    startedAt = performance.now();
    for (let i = 0; i < window; i++) send();
    process.send?.({ type: 'ready' });
  });
  process.on('message', (m: { type: string }) => {
    if (m.type !== 'stop') return;
    stopping = true;
    report();
    socket.close();
    setTimeout(() => process.exit(0), 100);
  });
} else {
  const body = JSON.stringify({ layoutId: command.layoutId });
  const worker = async (): Promise<void> => {
    while (!stopping) {
      try {
        const res = await fetch(`${url}/api/walls/command/apply`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body,
        });
        const json = (await res.json()) as { code?: string };
        count(res.status === 200 ? 'ok' : (json.code ?? String(res.status)));
      } catch {
        count('network');
      }
    }
  };
  startedAt = performance.now();
  for (let i = 0; i < window; i++) void worker();
  process.send?.({ type: 'ready' });
  process.on('message', (m: { type: string }) => {
    if (m.type !== 'stop') return;
    stopping = true;
    report();
    setTimeout(() => process.exit(0), 100);
  });
}
