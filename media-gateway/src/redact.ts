import { redactUrlUserinfo } from '@ioc/protocol';

/**
 * Removes credentials from text before it is logged or answered. Two nets, because ffmpeg and
 * libraries print URLs in many shapes: any `scheme://user:pass@` userinfo, and every secret we
 * were told about (camera passwords, raw and %-encoded) wherever it appears.
 */
const USERINFO = /([a-z][a-z0-9+.-]*:\/\/)[^\s/'"<>]*@/gi;

export class Redactor {
  private readonly secrets = new Set<string>();

  /** Registers a secret (e.g. a camera password); its raw and URL-encoded forms get redacted. */
  add(secret: string | undefined | null): void {
    if (!secret || secret.length < 3) return;
    for (const form of variants(secret)) this.secrets.add(form);
  }

  /** Registers the userinfo of a URL (user name and password). */
  addUrl(url: string): void {
    try {
      const u = new URL(url);
      this.add(u.password);
      this.add(safeDecode(u.password));
    } catch {
      // not a URL: the userinfo regex still applies when it is printed
    }
  }

  redact(text: string): string {
    let out = redactUrlUserinfo(text);
    // Longest first, so that an encoded form is not half-replaced by a shorter raw one.
    for (const s of [...this.secrets].sort((a, b) => b.length - a.length)) {
      if (out.includes(s)) out = out.split(s).join('***');
    }
    return out;
  }
}

function variants(s: string): string[] {
  const out = new Set([s, encodeURIComponent(s), encodeURI(s)]);
  const decoded = safeDecode(s);
  out.add(decoded);
  out.add(encodeURIComponent(decoded));
  // Log lines are JSON: a password with a quote or a backslash appears escaped in them.
  for (const v of [...out]) out.add(JSON.stringify(v).slice(1, -1));
  return [...out].filter((v) => v.length >= 3);
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Gives a URL without its userinfo, for showing which upstream a stream uses. */
export function stripCredentials(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    return u.toString();
  } catch {
    return url.replace(USERINFO, '$1');
  }
}
