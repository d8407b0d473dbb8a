import type { StreamProfile, StreamStatus } from '@ioc/protocol';
import { formatTime, h } from '../dom';

export type BadgeState = StreamStatus['state'] | 'unknown';

/** Words beside the colour, so the state never rests on colour alone. */
const WORDS: Record<BadgeState, string> = {
  live: 'live',
  starting: 'starting',
  stalled: 'stalled',
  offline: 'offline',
  stopped: 'stopped',
  unknown: 'unknown',
};

/**
 * One stream's health: a coloured badge with its state in words, details in the tooltip and,
 * when the stream is failing, the gateway's (redacted) reason below it.
 */
export function streamBadge(cameraId: string, profile: StreamProfile, status: StreamStatus | undefined): HTMLElement {
  const state: BadgeState = status?.state ?? 'unknown';
  const details = status
    ? [
        `since ${formatTime(status.since)}`,
        status.restarts ? `${status.restarts} restart${status.restarts === 1 ? '' : 's'}` : '',
        status.codec ? `codec ${status.codec}${status.transcoding ? ' (transcoded)' : ''}` : '',
        status.error ?? '',
      ].filter(Boolean)
    : ['the media gateway has not reported this stream'];
  const badge = h(
    'span',
    { class: `stream-badge stream-${state}`, 'data-camera-id': cameraId, 'data-profile': profile, 'data-state': state, title: details.join(' · ') },
    WORDS[state],
  );
  const failing = status && (state === 'stalled' || state === 'offline') && status.error;
  return failing ? h('span', { class: 'stream-cell' }, badge, h('small', { class: 'stream-error' }, status.error)) : badge;
}
