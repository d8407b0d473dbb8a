import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { AppError, parseOrThrow, type Result } from '@ioc/protocol';
import { toApiError } from '../http/errors';
import { retryAfterMsOf } from '../services/rate-limits';
import type { Logger } from '../logger';
import { withRequestId } from '../request-context';

interface EventSocket {
  on(event: string, listener: (...args: unknown[]) => void): unknown;
}

export interface RequestOptions {
  maxBytes: number;
  now: () => number;
  log: Logger;
  /** Throws RATE_LIMITED when the connection is over its event limit (checked first: cheapest). */
  limit?: () => Promise<void>;
  /** Called after a RATE_LIMITED answer: the connection may be read more slowly. */
  throttle?: () => void;
}

export interface EventContext {
  /** Controller time when the event arrived (the `t1` of a clock ping). */
  receivedAt: number;
}

/**
 * Registers a request handler that never throws and never kills the connection: the payload's
 * size is checked, then it is parsed with its schema; any failure goes back as an error ack and
 * nothing is applied. A client that sent no ack callback simply gets no answer.
 */
export function onRequest<S extends z.ZodType, R>(
  socket: EventSocket,
  event: string,
  schema: S,
  handler: (payload: z.infer<S>, ctx: EventContext) => R | Promise<R>,
  opts: RequestOptions,
): void {
  socket.on(event, (...args: unknown[]) => {
    const receivedAt = opts.now();
    const last = args[args.length - 1];
    const cb = typeof last === 'function' ? (last as (res: Result<R>) => void) : undefined;
    const payload = cb ? (args.length > 1 ? args[0] : undefined) : args[0];
    const reply = (res: Result<R>) => {
      try {
        cb?.(res);
      } catch (err) {
        opts.log.warn(`ack of ${event} failed`, { error: String(err) });
      }
    };
    // Each event is a request of its own: its log lines and audit rows share a fresh id.
    void withRequestId(randomUUID(), async () => {
      try {
        await opts.limit?.();
        let size: number;
        try {
          size = Buffer.byteLength(JSON.stringify(payload) ?? '');
        } catch {
          throw new AppError('VALIDATION_FAILED', `${event}: payload is not JSON`);
        }
        if (size > opts.maxBytes) {
          throw new AppError('PAYLOAD_TOO_LARGE', `${event}: payload is ${size} bytes, the limit is ${opts.maxBytes}`);
        }
        const data = parseOrThrow(schema, payload, event);
        reply({ ok: true, data: await handler(data, { receivedAt }) });
      } catch (err) {
        const error = toApiError(err, opts.log).body;
        reply({ ok: false, error });
        if (retryAfterMsOf(error) !== null) opts.throttle?.();
      }
    });
  });
}
