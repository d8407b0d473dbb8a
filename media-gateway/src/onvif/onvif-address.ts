import { AppError } from '@ioc/protocol';

export interface OnvifEndpoint {
  hostname: string;
  port: number;
  /** Device service path, `/onvif/device_service` unless the address names another. */
  path: string;
  /** `host:port` for messages; never carries credentials. */
  display: string;
}

/**
 * Accepts what technicians type: `10.0.0.5`, `10.0.0.5:8080`, `[fe80::1]:80` or a full
 * `http://host:port/onvif/device_service` URL. Userinfo in a URL is dropped: credentials
 * travel only in their own fields.
 */
export function parseOnvifAddress(address: string): OnvifEndpoint {
  const trimmed = address.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `http://${trimmed}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new AppError('VALIDATION_FAILED', `address: not a host, host:port or http URL`);
  }
  if (url.protocol !== 'http:') {
    throw new AppError('VALIDATION_FAILED', `address: only http ONVIF endpoints are supported`);
  }
  if (!url.hostname) throw new AppError('VALIDATION_FAILED', 'address: missing host');
  const port = url.port ? Number(url.port) : 80;
  const hostname = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const path = url.pathname && url.pathname !== '/' ? url.pathname : '/onvif/device_service';
  return { hostname, port, path, display: `${url.hostname}:${port}` };
}

/** Removes `user:pass@` from a URI a camera hands out (some firmwares embed them). */
export function stripUserinfo(uri: string): string {
  try {
    const u = new URL(uri);
    if (!u.username && !u.password) return uri;
    u.username = '';
    u.password = '';
    return u.toString();
  } catch {
    return uri.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@]*@/i, '$1');
  }
}
