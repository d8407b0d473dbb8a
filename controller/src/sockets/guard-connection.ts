import { SLOW_DOWN_MS, type RateLimits } from '../services/rate-limits';
import type { RequestOptions } from './validate-event';

interface Pausable {
  pause(): void;
  resume(): void;
}

interface GuardedSocket {
  id: string;
  nsp: { name: string };
  handshake: { address: string };
  conn: unknown;
  on(event: 'disconnect', listener: (reason: string) => void): unknown;
}

/** Reasons socket.io gives when the client broke the transport, e.g. a message over `maxHttpBufferSize`. */
const BROKEN = new Set(['transport error', 'parse error']);

/** The `ws` WebSocket under a websocket transport (engine.io keeps it as `transport.socket`); null on polling. */
function webSocketOf(socket: GuardedSocket): Pausable | null {
  const t = (socket.conn as { transport?: { name?: string; socket?: Partial<Pausable> } } | null)?.transport;
  const ws = t?.name === 'websocket' ? t.socket : undefined;
  return typeof ws?.pause === 'function' && typeof ws.resume === 'function' ? (ws as Pausable) : null;
}

/**
 * Per connection: the request options with its event limit, and one log line when the client
 * broke the transport (socket.io then closes without telling the client why; the client
 * reconnects by itself, and our clients check the size first: SOCKET_TRANSPORT_MAX_BYTES).
 * A connection refused for a rate limit is not read for SLOW_DOWN_MS:
 * TCP then slows the flooder down, and the controller stays free for the other clients.
 */
export function guardConnection(socket: GuardedSocket, base: RequestOptions, limits: Pick<RateLimits, 'socketEvent'>): RequestOptions {
  let paused: { ws: Pausable; timer: NodeJS.Timeout } | null = null;
  const resume = () => {
    if (!paused) return;
    clearTimeout(paused.timer);
    paused.ws.resume();
    paused = null;
  };
  socket.on('disconnect', (reason) => {
    resume();
    if (!BROKEN.has(reason)) return;
    base.log.warn(`${socket.nsp.name} connection dropped: ${reason} (an event over the transport limit, or a broken client)`, {
      socketId: socket.id,
      address: socket.handshake.address,
    });
  });
  return {
    ...base,
    limit: () => limits.socketEvent(socket.id),
    throttle() {
      const ws = webSocketOf(socket);
      if (paused || !ws) return;
      ws.pause();
      paused = { ws, timer: setTimeout(resume, SLOW_DOWN_MS) };
    },
  };
}
