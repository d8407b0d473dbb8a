import type { CameraTransport } from '@ioc/protocol';

export type Transport = 'webrtc' | 'hls';

/** How long an `auto` tile that fell back to HLS plays it before trying WebRTC again. */
export const WEBRTC_RETRY_MS = 60_000;

/** The transport a new tile starts on. `auto` prefers WebRTC wherever the page can do it. */
export function initialTransport(requested: CameraTransport | undefined, webrtcAvailable: boolean): Transport {
  if (requested === 'hls') return 'hls';
  if (requested === 'webrtc') return 'webrtc';
  return webrtcAvailable ? 'webrtc' : 'hls';
}

export interface FallbackInput {
  requested: CameraTransport | undefined;
  /** The transport whose player just went down. */
  current: Transport;
  /** The gateway says the camera's stream itself is offline or stalled. */
  streamDown: boolean;
}

/**
 * Whether an `auto` tile leaves WebRTC for HLS. Only when WebRTC is what fails: a camera the
 * gateway reports down would fail on HLS as well, and WebRTC shows it soonest when it returns.
 */
export function shouldFallBack(input: FallbackInput): boolean {
  if (input.requested !== undefined && input.requested !== 'auto') return false;
  if (input.current !== 'webrtc') return false;
  return !input.streamDown;
}
