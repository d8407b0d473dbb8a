import { isIPv4 } from 'node:net';
import { networkInterfaces, type NetworkInterfaceInfo } from 'node:os';
import { AppError } from '@ioc/protocol';
import type { RTCPeerConnectionConfig } from 'werift';
import type { GatewayConfig } from '../config';

type Interfaces = NodeJS.Dict<NetworkInterfaceInfo[]>;

/**
 * The addresses that get host candidates. Configured ones must belong to this machine: werift
 * would otherwise fail to bind, or advertise an address nobody answers on. Checked at start
 * so a typo stops the gateway naming the key, like any other bad config value.
 */
export function hostAddresses(cfg: GatewayConfig['webrtc'], ifaces: Interfaces = networkInterfaces()): string[] {
  const all = Object.values(ifaces).flatMap((list) => list ?? []);
  if (cfg.interfaces.length > 0) {
    for (const a of cfg.interfaces) {
      if (!all.some((i) => i.address === a)) {
        throw new AppError('VALIDATION_FAILED', `invalid gateway config: webrtc.interfaces: ${a} is not an address of this machine`);
      }
    }
    return [...new Set(cfg.interfaces)];
  }
  const v4 = all.filter((i) => i.family === 'IPv4' && !i.internal && !i.address.startsWith('169.254.')).map((i) => i.address);
  return v4.length > 0 ? [...new Set(v4)] : ['127.0.0.1'];
}

/**
 * werift's ICE settings for host candidates on exactly `addresses`: its own interface scan is
 * turned off (it would add every address of the machine), the addresses come in as "additional
 * hosts", and with one address per family the sockets bind to it rather than to the wildcard.
 * No STUN or TURN server: screens reach the gateway on the LAN, and werift's default STUN
 * server is on the internet.
 */
export function iceConfig(cfg: GatewayConfig['webrtc'], addresses: string[]): RTCPeerConnectionConfig {
  const v4 = addresses.filter((a) => isIPv4(a));
  const v6 = addresses.filter((a) => !isIPv4(a));
  return {
    iceServers: [],
    iceUseIpv4: false,
    iceUseIpv6: false,
    iceAdditionalHostAddresses: addresses,
    iceInterfaceAddresses: {
      ...(v4.length === 1 ? { udp4: v4[0] } : {}),
      ...(v6.length === 1 ? { udp6: v6[0] } : {}),
    },
    icePortRange: [cfg.portRange.min, cfg.portRange.max],
    bundlePolicy: 'max-bundle',
  };
}
