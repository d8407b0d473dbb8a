import { WEBHOOK_HEADERS } from '@ioc/protocol';
import type { DeliveryOutcome } from './retry-policy';
import { splitUserinfo } from './safe-url';
import { signWebhook } from './signature';

export interface WebhookRequest {
  url: string;
  secret: string;
  event: string;
  eventId: string;
  body: string;
  timeoutMs: number;
  /** Aborted when the dispatcher closes. */
  signal: AbortSignal;
  now: () => number;
}

/**
 * Names the failure by its kind and code only: error messages can quote the URL (and so a token
 * in it), and whatever is returned here is stored in `last_error` and logged.
 */
function describeFailure(err: unknown, timeoutMs: number): string {
  const e = err as { name?: unknown; cause?: { code?: unknown; name?: unknown } } | null;
  if (e?.name === 'TimeoutError') return `timeout after ${timeoutMs} ms`;
  const code = e?.cause?.code ?? e?.cause?.name;
  if (typeof code === 'string' && /^[A-Za-z0-9_]{1,64}$/.test(code)) return `network error: ${code}`;
  return `network error: ${typeof e?.name === 'string' ? e.name : 'unknown'}`;
}

/** One signed POST; never throws. Redirects count as failures: a signed body goes where it was configured to, nowhere else. */
export async function postWebhook(r: WebhookRequest): Promise<DeliveryOutcome> {
  const timestamp = String(r.now());
  try {
    const { url, headers: auth } = splitUserinfo(r.url);
    const res = await fetch(url, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        'Content-Type': 'application/json',
        [WEBHOOK_HEADERS.event]: r.event,
        [WEBHOOK_HEADERS.idempotencyKey]: r.eventId,
        [WEBHOOK_HEADERS.timestamp]: timestamp,
        [WEBHOOK_HEADERS.signature]: `sha256=${signWebhook(r.secret, timestamp, r.body)}`,
        ...auth,
      },
      body: r.body,
      signal: AbortSignal.any([r.signal, AbortSignal.timeout(r.timeoutMs)]),
    });
    // The answer's body is not used; cancelling it frees the connection now rather than at GC.
    await res.body?.cancel().catch(() => undefined);
    if (res.status >= 200 && res.status < 300) return { ok: true, status: res.status };
    return { ok: false, error: `HTTP ${res.status}` };
  } catch (err) {
    if (r.signal.aborted) return { ok: false, error: 'aborted: dispatcher closing', aborted: true };
    return { ok: false, error: describeFailure(err, r.timeoutMs) };
  }
}
