import onvif from 'onvif';
import { AppError } from '@ioc/protocol';

export interface DiscoveredDevice {
  /** WS-Addressing endpoint reference (urn:uuid:…), stable per device. */
  urn: string;
  /** Device service URLs the camera advertises. */
  xaddrs: string[];
  /** ONVIF scopes (name, location, hardware) as advertised. */
  scopes: string[];
}

export interface DiscoverOptions {
  /** How long to listen for answers; 1000..30000 ms, default 5000. */
  timeoutMs?: number;
  /** Network interface to send from, e.g. `eth0`. */
  device?: string;
}

/**
 * WS-Discovery: sends one multicast Probe to 239.255.255.250:3702 and collects answers.
 * It touches the site network, so it runs only when a technician asks for it (never at start,
 * never in tests). Devices are not contacted further: "add by address" does that.
 */
export function discover(options: DiscoverOptions = {}): Promise<DiscoveredDevice[]> {
  const timeoutMs = Math.max(1000, Math.min(30_000, options.timeoutMs ?? 5000));
  return new Promise((resolve, reject) => {
    onvif.Discovery.probe({ timeout: timeoutMs, resolve: false, device: options.device }, (err, devices) => {
      // Per-answer parse errors come back as an array next to the good answers; a socket
      // error comes alone and means discovery could not run at all.
      if (err && !Array.isArray(err)) {
        reject(new AppError('UPSTREAM_FAILED', `ONVIF discovery failed: ${err.message}`));
        return;
      }
      resolve((devices ?? []).map(toDiscovered).filter((d): d is DiscoveredDevice => d !== null));
    });
  });
}

function toDiscovered(raw: unknown): DiscoveredDevice | null {
  const match = (raw as { probeMatches?: { probeMatch?: Record<string, unknown> } })?.probeMatches?.probeMatch;
  if (!match) return null;
  const ref = match.endpointReference as { address?: unknown } | undefined;
  const words = (v: unknown) => (typeof v === 'string' ? v.split(/\s+/).filter(Boolean) : []);
  return {
    urn: ref?.address === undefined ? '' : String(ref.address),
    xaddrs: words(match.XAddrs),
    scopes: words(match.scopes),
  };
}
