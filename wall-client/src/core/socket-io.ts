import { io } from 'socket.io-client';
import { encodedEventBytes, resultSchema, screenRequests, SOCKET_TRANSPORT_MAX_BYTES } from '@ioc/protocol';
import type { ScreenReply, ScreenRequestName } from '@ioc/protocol';
import type { z } from 'zod';
import type { ScreenSocket, SocketFactory } from './types';

const REQUEST_TIMEOUT_MS = 5_000;

/** socket.io with jittered backoff capped at 10 s; websocket first, polling if it must. */
export const defaultSocketFactory: SocketFactory = (url, opts) =>
  io(url, {
    auth: opts.auth,
    transports: ['websocket', 'polling'],
    tryAllTransports: true,
    reconnectionDelay: 500,
    reconnectionDelayMax: 10_000,
    randomizationFactor: 0.5,
  }) as ScreenSocket;

type LooseSocket = {
  timeout(ms: number): { emit(ev: string, payload: unknown, cb: (err: unknown, res: unknown) => void): void };
};

/**
 * Request/ack calls that validate the reply with the protocol's schema and resolve null on
 * timeout, refusal or a malformed reply: callers treat all three as "no answer".
 */
export function createRequester(getSocket: () => ScreenSocket | null) {
  return function request<K extends ScreenRequestName>(
    name: K,
    payload: z.input<(typeof screenRequests)[K]['payload']>,
    timeoutMs = REQUEST_TIMEOUT_MS,
  ): Promise<ScreenReply<K> | null> {
    const socket = getSocket();
    // socket.io buffers emits while offline; a stale ack or heartbeat is worse than none.
    if (!socket?.connected) return Promise.resolve(null);
    // Over the transport's limit the controller would drop the connection without a word.
    const bytes = encodedEventBytes(name, payload);
    if (bytes > SOCKET_TRANSPORT_MAX_BYTES) {
      console.warn(`[wall] ${name} refused: PAYLOAD_TOO_LARGE ${bytes} bytes, the transport limit is ${SOCKET_TRANSPORT_MAX_BYTES}`);
      return Promise.resolve(null);
    }
    const s = socket as unknown as LooseSocket;
    return new Promise((resolve) => {
      s.timeout(timeoutMs).emit(name, payload, (err, res) => {
        if (err) return resolve(null);
        const parsed = resultSchema(screenRequests[name].reply).safeParse(res);
        if (!parsed.success) {
          console.warn(`[wall] malformed ${name} reply ignored`);
          return resolve(null);
        }
        if (!parsed.data.ok) {
          console.warn(`[wall] ${name} refused: ${parsed.data.error.code} ${parsed.data.error.message}`);
          return resolve(null);
        }
        resolve(parsed.data.data as ScreenReply<K>);
      });
    });
  };
}

/** Process RSS in Node, the JS heap in Chromium, else 0: what a heartbeat can honestly say. */
export function defaultMemoryMb(): number {
  // memoryUsage.rss() reads the RSS alone; memoryUsage() also walks the heap's spaces.
  const proc = (globalThis as { process?: { memoryUsage?: { rss?: () => number } } }).process;
  if (typeof proc?.memoryUsage?.rss === 'function') return proc.memoryUsage.rss() / 1048576;
  const mem = (globalThis.performance as { memory?: { usedJSHeapSize: number } } | undefined)?.memory;
  return mem ? mem.usedJSHeapSize / 1048576 : 0;
}
