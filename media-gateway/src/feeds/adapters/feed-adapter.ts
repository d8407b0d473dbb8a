import type { FeedChannel } from '../feed-channel';

/** Brings upstream values into a channel; the hub owns its lifecycle. */
export interface FeedAdapter {
  start(channel: FeedChannel): void;
  close(): void;
}
