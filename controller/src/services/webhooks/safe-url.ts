/** For logs: no userinfo, query or fragment, since receivers put tokens there. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return '(invalid URL)';
  }
}

/**
 * fetch refuses URLs with credentials, so `https://user:pass@host/` becomes the bare URL plus a
 * Basic `Authorization` header, the way a browser or curl would send it.
 */
export function splitUserinfo(url: string): { url: string; headers: Record<string, string> } {
  const u = new URL(url);
  if (!u.username && !u.password) return { url, headers: {} };
  const basic = Buffer.from(`${decodeURIComponent(u.username)}:${decodeURIComponent(u.password)}`).toString('base64');
  u.username = '';
  u.password = '';
  return { url: u.toString(), headers: { Authorization: `Basic ${basic}` } };
}
