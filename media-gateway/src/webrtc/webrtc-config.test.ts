import { describe, expect, it } from 'vitest';
import { loadGatewayConfig } from '../config';
import { hostAddresses, iceConfig } from './ice-config';

const secret = 's'.repeat(32);
const ifaces = {
  lo: [{ address: '127.0.0.1', family: 'IPv4', internal: true }],
  eth0: [
    { address: '10.1.2.3', family: 'IPv4', internal: false },
    { address: '169.254.9.9', family: 'IPv4', internal: false },
    { address: 'fd00::2', family: 'IPv6', internal: false },
  ],
  eth1: [{ address: '10.9.0.1', family: 'IPv4', internal: false }],
} as unknown as Parameters<typeof hostAddresses>[1];

describe('webrtc config', () => {
  it('has defaults', () => {
    expect(loadGatewayConfig({ media: { secret } }, {}).webrtc).toEqual({
      enabled: true, interfaces: [], host: null, portRange: { min: 40000, max: 40999 }, peerTimeoutMs: 10_000, maxPeers: 500,
    });
  });

  it('takes environment overrides', () => {
    const c = loadGatewayConfig({ media: { secret } }, { IOC_WEBRTC_ENABLED: 'off', IOC_WEBRTC_INTERFACES: '10.1.2.3, 10.9.0.1', IOC_WEBRTC_HOST: '203.0.113.5', IOC_WEBRTC_PORT_RANGE: '50000-50099' });
    expect(c.webrtc).toMatchObject({ enabled: false, interfaces: ['10.1.2.3', '10.9.0.1'], host: '203.0.113.5', portRange: { min: 50000, max: 50099 } });
  });

  it('names the offending key', () => {
    const load = (webrtc: unknown, env: Record<string, string> = {}) => () => loadGatewayConfig({ media: { secret }, webrtc }, env);
    expect(load({ portRange: { min: 5000, max: 5000 } })).toThrow(/webrtc\.portRange: max must be greater than min/);
    expect(load({ portRange: { min: 80 } })).toThrow(/webrtc\.portRange\.min/);
    expect(load({ interfaces: ['eth0'] })).toThrow(/webrtc\.interfaces\[0\]: must be an IPv4 or IPv6 address/);
    expect(load({ host: 'gateway.local' })).toThrow(/webrtc\.host/);
    expect(load({ peerTimeoutMs: 3_000 })).toThrow(/webrtc\.peerTimeoutMs/);
    expect(load({ bogus: 1 })).toThrow(/webrtc/);
    expect(load({}, { IOC_WEBRTC_PORT_RANGE: 'lots' })).toThrow(/webrtc\.portRange/);
  });
});

describe('host candidate addresses', () => {
  const cfg = (webrtc: object) => loadGatewayConfig({ media: { secret }, webrtc }, {}).webrtc;

  it('default to the non-internal, non-link-local IPv4 addresses, else loopback', () => {
    expect(hostAddresses(cfg({}), ifaces)).toEqual(['10.1.2.3', '10.9.0.1']);
    expect(hostAddresses(cfg({}), { lo: ifaces!.lo })).toEqual(['127.0.0.1']);
  });

  it('must be addresses of this machine when configured (checked at start, naming the key)', () => {
    expect(hostAddresses(cfg({ interfaces: ['127.0.0.1'] }), ifaces)).toEqual(['127.0.0.1']);
    expect(() => hostAddresses(cfg({ interfaces: ['10.7.7.7'] }), ifaces)).toThrow(/webrtc\.interfaces: 10\.7\.7\.7 is not an address of this machine/);
  });

  it('turn off werift\'s own interface scan and public STUN, and bind a lone address', () => {
    const one = iceConfig(cfg({ portRange: { min: 41000, max: 41099 } }), ['10.1.2.3']);
    expect(one).toMatchObject({ iceServers: [], iceUseIpv4: false, iceUseIpv6: false, iceAdditionalHostAddresses: ['10.1.2.3'], iceInterfaceAddresses: { udp4: '10.1.2.3' }, icePortRange: [41000, 41099] });
    expect(iceConfig(cfg({}), ['10.1.2.3', '10.9.0.1', 'fd00::2']).iceInterfaceAddresses).toEqual({ udp6: 'fd00::2' });
  });
});
