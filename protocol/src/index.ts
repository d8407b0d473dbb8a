/** Bumped on any incompatible change to a wire message; checked at every socket handshake. */
export const PROTOCOL_VERSION = 1;

export * from './common';
export * from './errors';
export * from './wall';
export * from './source';
export * from './layout';
export * from './wall-state';
export * from './commands';
export * from './screen-messages';
export * from './screen-health';
export * from './screenshots';
export * from './auth';
export * from './events';
export * from './feeds';
export * from './stream-status';
export * from './camera';
export * from './onvif';
export * from './escalation';
export * from './webhooks';
export * from './alerts';
export * from './recordings';
export * from './log-redaction';
export * from './openapi';
export * from './socket-events-doc';
export * from './express-routes';
export * from './api-reference-check';
export * from './swagger-page';
