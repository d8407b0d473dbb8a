import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/**
 * The id of the HTTP request or socket event being handled, carried through its awaits, so that
 * its log lines and the audit rows it writes name the same request without passing it around.
 */
const current = new AsyncLocalStorage<string>();

/** An incoming `X-Request-Id` is kept only in this shape; anything else gets a fresh UUID. */
const SAFE_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{7,127}$/;

export function requestIdFrom(incoming: unknown): string {
  return typeof incoming === 'string' && SAFE_ID.test(incoming) ? incoming : randomUUID();
}

export function withRequestId<T>(id: string, fn: () => T): T {
  return current.run(id, fn);
}

export function currentRequestId(): string | null {
  return current.getStore() ?? null;
}
