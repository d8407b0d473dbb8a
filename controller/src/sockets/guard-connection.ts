import type { RateLimits } from '../services/rate-limits';
import type { RequestOptions } from './validate-event';

interface GuardedSocket {
  id: string;
  nsp: { name: string };
  handshake: { address: string };
  on(event: 'disconnect', listener: (reason: string) => void): unknown;
}

/** Reasons socket.io gives when the client broke the transport, e.g. a message over `maxHttpBufferSize`. */
const BROKEN = new Set(['transport error', 'parse error']);

/**
 * Per connection: the request options with its event limit, and one log line when the client
 * broke the transport. Socket.io then closes without telling the client why; the client
 * reconnects by itself, and our clients check the size first (SOCKET_TRANSPORT_MAX_BYTES).
 */
export function guardConnection(socket: GuardedSocket, base: RequestOptions, limits: Pick<RateLimits, 'socketEvent'>): RequestOptions {
  socket.on('disconnect', (reason) => {
    if (!BROKEN.has(reason)) return;
    base.log.warn(`${socket.nsp.name} connection dropped: ${reason} (an event over the transport limit, or a broken client)`, {
      socketId: socket.id,
      address: socket.handshake.address,
    });
  });
  return { ...base, limit: () => limits.socketEvent(socket.id) };
}
