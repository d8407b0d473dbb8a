import { Bonjour } from 'bonjour-service';

/** The service type kiosks browse for (wall-client/electron/discovery.ts). */
export const CONTROLLER_SERVICE_TYPE = 'ioc-controller';

export interface MdnsAdvertiseOptions {
  /** The controller's HTTP port, announced in the SRV record. */
  httpPort: number;
  /** Send and join only through this interface address; null = every interface. */
  interface: string | null;
  /** The mDNS UDP port (5353 on a real LAN). */
  mdnsPort: number;
}

/**
 * Announces the controller on the LAN over mDNS (`_ioc-controller._tcp`), so a technician
 * setting up a kiosk types no URL. Off unless `discovery.advertise` is set.
 */
export function advertiseController(opts: MdnsAdvertiseOptions): { close(): Promise<void> } {
  const bonjour = new Bonjour({
    port: opts.mdnsPort,
    ...(opts.interface ? { interface: opts.interface, bind: '0.0.0.0' } : {}),
  });
  bonjour.publish({ name: `IOC controller ${opts.httpPort}`, type: CONTROLLER_SERVICE_TYPE, port: opts.httpPort, txt: { scheme: 'http' } });
  return {
    close: () => new Promise<void>((resolve) => bonjour.unpublishAll(() => bonjour.destroy(() => resolve()))),
  };
}
