export { probeDevice, connectOnvif, OnvifSession } from './onvif-client';
export type {
  OnvifTarget,
  OnvifDeviceInfo,
  OnvifProfileInfo,
  OnvifStreamEndpoints,
  OnvifProbeResult,
  OnvifPreset,
  PtzVelocity,
} from './onvif-client';
export { discover } from './onvif-discovery';
export type { DiscoveredDevice, DiscoverOptions } from './onvif-discovery';
export { parseOnvifAddress, stripUserinfo } from './onvif-address';
