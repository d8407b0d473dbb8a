import { describe, expect, it } from 'vitest';
import { CONTROLLER_SERVICE_TYPE, controllerUrlFromService } from './discovery';

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
