export { createFeedHub } from './feed-hub';
export type { FeedHub, FeedHubDeps } from './feed-hub';
export { FeedsConfigSchema, parseFeedsConfig, demoFeeds, DEMO_FEED_IDS } from './feed-config';
export type { FeedsConfig, FeedsConfigInput, FeedConfig, Mapping } from './feed-config';
