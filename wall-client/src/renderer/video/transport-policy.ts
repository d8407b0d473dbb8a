import type { CameraTransport, StreamState } from '@ioc/protocol';

export type Transport = 'webrtc' | 'hls';

/** How long an `auto` tile that fell back to HLS plays it before trying WebRTC again. */
export const WEBRTC_RETRY_MS = 60_000;

/** The transport a new tile starts on. `auto` prefers WebRTC wherever the page can do it. */
export function initialTransport(requested: CameraTransport | undefined, webrtcAvailable: boolean): Transport {
  if (requested === 'hls') return 'hls';
  if (requested === 'webrtc') return 'webrtc';
  return webrtcAvailable ? 'webrtc' : 'hls';
}

/** How long an `auto` tile whose WebRTC media stopped waits for the gateway's word. */
export const STALL_VERDICT_MS = 6_000;

export interface FallbackInput {
  requested: CameraTransport | undefined;
  /** The transport whose player just went down. */
  current: Transport;
  /** Why it went down: 'ice-failed', 'http-404', 'stalled', 'no-start'… */
  reason: string;
  /** The gateway's last word on the stream; null when none came. */
  streamState: StreamState | null;
  /** True once the player has been down for STALL_VERDICT_MS. */
  waited: boolean;
}

export type FallbackDecision = 'now' | 'wait' | 'stay';

/**
 * Whether an `auto` tile leaves WebRTC for HLS: only when WebRTC is what fails.
 * - ICE or signalling failed: now (HLS runs over the HTTP that just worked for the offer).
 * - Media stopped on a connected peer: a dead camera looks the same for a few seconds, until
 *   the gateway's watchdog says so (5 s); wait for its word, and fall back only if it still
 *   reports the stream live then. A returning camera reaches the kept peer at once.
 * - The gateway reports the camera down: stay; HLS would fail too.
 */
export function fallbackDecision(input: FallbackInput): FallbackDecision {
  if (input.requested !== undefined && input.requested !== 'auto') return 'stay';
  if (input.current !== 'webrtc') return 'stay';
  if (input.streamState === 'offline' || input.streamState === 'stalled') return 'stay';
  if (input.reason === 'stalled' || input.reason === 'no-start') {
    if (!input.waited) return 'wait';
    return input.streamState === 'live' ? 'now' : 'stay';
  }
  return 'now';
}
