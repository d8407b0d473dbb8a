/**
 * What a log line must never carry, for every service alike (one table per rule). Field names
 * are matched at any of the first three levels of a logged object, whatever their value; URLs
 * anywhere in a line lose their userinfo (`rtsp://user:pass@host` -> `rtsp://***@host`).
 */
export const CREDENTIAL_FIELDS = [
  'password',
  'passwd',
  'pass',
  'secret',
  'mediaSecret',
  'secretsKey',
  'token',
  'accessToken',
  'refreshToken',
  'displayToken',
  'apiKey',
  'authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
  'privateKey',
] as const;

/** pino `redact.paths` for CREDENTIAL_FIELDS: top level and two levels of nesting (`req.headers.cookie`). */
export function credentialRedactPaths(): string[] {
  const key = (k: string) => (/^[A-Za-z_$][\w$]*$/.test(k) ? `.${k}` : `["${k}"]`);
  return CREDENTIAL_FIELDS.flatMap((k) => [key(k).replace(/^\./, ''), `*${key(k)}`, `*.*${key(k)}`]);
}

const USERINFO = /([a-z][a-z0-9+.-]*:\/\/)[^\s/'"<>]*@/gi;

/** Replaces the userinfo of every URL in `text` with `***`, even when the password holds an `@`. */
export function redactUrlUserinfo(text: string): string {
  return text.replace(USERINFO, '$1***@');
}
