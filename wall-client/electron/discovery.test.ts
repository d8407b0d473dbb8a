import { randomBytes } from 'node:crypto';
import { Bonjour } from 'bonjour-service';
import { describe, expect, it } from 'vitest';
import { CONTROLLER_SERVICE_TYPE, controllerUrlFromService, createControllerDiscovery } from './discovery';

describe('mDNS controller discovery', () => {
  it('browses the service type the controller advertises', () => {
    expect(CONTROLLER_SERVICE_TYPE).toBe('ioc-controller');
  });

  it('turns an advertised service into a controller URL, preferring IPv4 and honouring scheme=https', () => {
    expect(controllerUrlFromService({ host: 'ioc.local', port: 8080, addresses: ['fe80::1', '10.1.2.3'] })).toBe('http://10.1.2.3:8080');
    expect(controllerUrlFromService({ host: 'ioc.local', port: 8443, addresses: [], txt: { scheme: 'https' } })).toBe('https://ioc.local:8443');
    expect(controllerUrlFromService({ host: 'fe80::1', port: 80 })).toBe('http://[fe80::1]');
  });

  it('ignores services it cannot reach', () => {
    expect(controllerUrlFromService({ port: 8080 })).toBeUndefined();
    expect(controllerUrlFromService({ host: 'ioc.local', port: 0 })).toBeUndefined();
    expect(controllerUrlFromService({ host: 'bad host name', port: 8080 })).toBeUndefined();
  });
});

/**
 * Real mDNS packets, kept on this machine: sent and joined through the loopback interface only,
 * on a port of their own, so nothing reaches a LAN (and a real responder on 5353 cannot answer).
 */
const LOOPBACK_MDNS = { interface: '127.0.0.1', bind: '0.0.0.0', port: 45_000 + (process.pid % 1000), ttl: 1 };

describe('mDNS on the loopback network stack', () => {
  it('finds a controller advertised with bonjour-service', async () => {
    // A type of our own, so a real controller advertising on this LAN cannot answer instead.
    const type = `ioc-t-${randomBytes(3).toString('hex')}`;
    const publisher = new Bonjour(LOOPBACK_MDNS);
    publisher.publish({ name: `ioc-controller-${type}`, type, port: 18_081, txt: { scheme: 'http' } });
    const discovery = createControllerDiscovery(type, LOOPBACK_MDNS);
    try {
      const url = await discovery.find(8_000);
      expect(url).toMatch(/^http:\/\/[^/]+:18081$/);
    } finally {
      discovery.close();
      await new Promise<void>((resolve) => publisher.unpublishAll(() => publisher.destroy(() => resolve())));
    }
  }, 15_000);

  it('gives up after the timeout when nobody answers', async () => {
    const discovery = createControllerDiscovery(`ioc-n-${randomBytes(3).toString('hex')}`, LOOPBACK_MDNS);
    try {
      expect(await discovery.find(500)).toBeUndefined();
    } finally {
      discovery.close();
    }
  });
});
