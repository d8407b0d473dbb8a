import { AppError } from '@ioc/protocol';

/**
 * Maps what the `onvif` package reports (plain Errors with SOAP fault text, socket errors) to
 * stable codes. Messages name the device's address so a technician knows which camera failed,
 * and never carry the credentials or the raw SOAP (which echoes the username token).
 */
export function toOnvifAppError(err: unknown, address: string, what: string): AppError {
  if (err instanceof AppError) return err;
  const raw = err instanceof Error ? err.message : String(err);
  const code = (err as { code?: unknown } | null)?.code;
  if (/not ?authori[sz]ed|notauthorized|authentication failed|unauthori[sz]ed|\b401\b/i.test(raw)) {
    return new AppError('BAD_CREDENTIALS', `ONVIF device ${address} rejected the username or password (${what})`);
  }
  let reason: string;
  if (code === 'ECONNREFUSED') reason = 'connection refused';
  else if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') reason = 'host unreachable';
  else if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') reason = 'host name not found';
  else if (code === 'ECONNRESET') reason = 'connection reset';
  else if (/timeout/i.test(raw)) reason = 'no answer in time';
  else reason = redact(raw);
  return new AppError('UPSTREAM_FAILED', `ONVIF device ${address} failed during ${what}: ${reason}`, { address });
}

/** Keeps a library message short and free of anything that looks like userinfo or a token. */
function redact(message: string): string {
  return message
    .replace(/\/\/[^/@\s]*@/g, '//')
    .replace(/<[^>]*>/g, '')
    .slice(0, 200);
}
