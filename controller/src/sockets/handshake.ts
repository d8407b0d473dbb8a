import type { z } from 'zod';
import { describeIssues, PROTOCOL_VERSION, type ErrorCode } from '@ioc/protocol';

/** A handshake refusal: socket.io sends `data` to the client in its `connect_error`. */
export function refusal(code: ErrorCode, message: string): Error & { data: { code: ErrorCode; message: string } } {
  return Object.assign(new Error(message), { data: { code, message } });
}

/** Checks the protocol version first (so the reason is about versions), then the whole auth object. */
export function parseHandshake<S extends z.ZodType>(schema: S, auth: unknown): { ok: true; data: z.infer<S> } | { ok: false; err: Error } {
  const version = (auth as { protocolVersion?: unknown } | null)?.protocolVersion;
  if (typeof version === 'number' && version !== PROTOCOL_VERSION) {
    return { ok: false, err: refusal('PROTOCOL_MISMATCH', `controller speaks protocol ${PROTOCOL_VERSION}, client sent ${version}`) };
  }
  const r = schema.safeParse(auth ?? {});
  if (!r.success) return { ok: false, err: refusal('VALIDATION_FAILED', `invalid handshake: ${describeIssues(r.error.issues, 'auth')}`) };
  return { ok: true, data: r.data };
}
