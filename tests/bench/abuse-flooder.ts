/**
 * The flooding client of the abuse bench, in its own process (as another PC would be), so that
 * making the flood does not slow the bench's own measurement of the other clients. It starts
 * paused; the bench sends `flood` and `pause` to alternate flooded and quiet windows, then
 * `stop` for the counts.
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
let flooding = false;
let inFlight = 0;
const count = (code: string) => void (counts[code] = (counts[code] ?? 0) + 1);

const socket = mode === 'socket' ? io(`${url}/console`, { auth: { protocolVersion: PROTOCOL_VERSION, token }, transports: ['websocket'], forceNew: true }) : null;

/** One request; when it is answered and the flood is on, the next. */
function send(): void {
  if (!flooding) return;
  inFlight++;
  const done = (code: string) => {
    inFlight--;
    count(code);
    send();
  };
  if (socket) {
    socket.emit('applyLayout', command, (res: { ok: boolean; error?: { code: string } }) => done(res.ok ? 'ok' : (res.error?.code ?? 'error')));
    return;
  }
  fetch(`${url}/api/walls/command/apply`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ layoutId: command.layoutId }),
  })
    .then(async (res) => done(res.status === 200 ? 'ok' : (((await res.json()) as { code?: string }).code ?? String(res.status))))
    .catch(() => done('network'));
}

process.on('message', (m: { type: string }) => {
  if (m.type === 'flood') {
    flooding = true;
    for (let i = inFlight; i < window; i++) send();
  } else if (m.type === 'pause') {
    flooding = false;
  } else if (m.type === 'stop') {
    flooding = false;
    process.send?.({ type: 'report', counts });
    socket?.close();
    setTimeout(() => process.exit(0), 100);
  }
});

if (socket) socket.once('connect', () => process.send?.({ type: 'ready' }));
else process.send?.({ type: 'ready' });
