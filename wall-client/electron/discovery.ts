import { Bonjour } from 'bonjour-service';

/**
 * Optional LAN discovery: when no controller URL is configured, the kiosk browses mDNS for
 * `_ioc-controller._tcp` so a technician types nothing. The controller advertises itself with
 * port = its HTTP port and TXT `scheme=http|https` (default http).
 */
export const CONTROLLER_SERVICE_TYPE = 'ioc-controller';

export interface DiscoveredService {
  host?: string;
  port: number;
  addresses?: string[];
  txt?: Record<string, unknown>;
}

export function controllerUrlFromService(service: DiscoveredService): string | undefined {
  if (!Number.isInteger(service.port) || service.port <= 0 || service.port > 65535) return undefined;
  const scheme = service.txt?.scheme === 'https' ? 'https' : 'http';
  // An IPv4 address avoids depending on .local name resolution, which kiosk images often lack.
  const ipv4 = service.addresses?.find((a) => /^\d{1,3}(\.\d{1,3}){3}$/.test(a));
  const host = ipv4 ?? service.host;
  if (host === undefined || host === '') return undefined;
  const hostPart = host.includes(':') ? `[${host}]` : host;
  try {
    return new URL(`${scheme}://${hostPart}:${service.port}`).toString().replace(/\/$/, '');
  } catch {
    return undefined;
  }
}

export interface ControllerDiscovery {
  /** Resolves with the first controller found, or undefined after timeoutMs. */
  find(timeoutMs: number): Promise<string | undefined>;
  close(): void;
}

/** multicast-dns socket options (tests keep mDNS on the loopback interface). */
export interface MdnsOptions {
  interface?: string;
  bind?: string;
  port?: number;
  ttl?: number;
}

export function createControllerDiscovery(serviceType: string = CONTROLLER_SERVICE_TYPE, mdns?: MdnsOptions): ControllerDiscovery {
  const bonjour = new Bonjour(mdns);
  return {
    find(timeoutMs) {
      return new Promise((resolve) => {
        const browser = bonjour.find({ type: serviceType, protocol: 'tcp' });
        const timer = setTimeout(() => {
          browser.stop();
          resolve(undefined);
        }, timeoutMs);
        browser.on('up', (service: DiscoveredService) => {
          const url = controllerUrlFromService(service);
          if (url === undefined) return;
          clearTimeout(timer);
          browser.stop();
          resolve(url);
        });
      });
    },
    close: () => bonjour.destroy(),
  };
}
