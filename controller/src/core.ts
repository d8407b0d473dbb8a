import type { ControllerConfig } from './config';
import type { Logger } from './logger';
import type { Sessions } from './auth/sessions';
import type { Store } from './db/store';
import { createSessions } from './auth/sessions';
import { createControllerMetrics } from './metrics/controller-metrics';
import { createAccessTokens } from './services/access-tokens';
import { createAlerts, type AlertOutbox } from './services/alerts';
import { createApplyLayout } from './services/apply-layout';
import { knownSources } from './services/check-layout';
import { createCameraCommands } from './services/cameras';
import { createEscalations, type EscalationOutbox } from './services/escalations';
import { createHub } from './services/hub';
import { createIdentify } from './services/identify';
import { createLayoutCommands } from './services/layouts';
import { createPairing } from './services/pairing';
import { createRateLimits } from './services/rate-limits';
import { createRecordingsClient } from './services/recordings-client';
import { createScreenshots } from './services/screenshots';
import { createStreamStatus } from './services/stream-status';
import { createSyncStatus } from './services/sync-status';
import { createSwitchMargins } from './services/switch-margin';
import { createUserCommands } from './services/users';
import { createWallSettings } from './services/wall-settings';

/** Everything the HTTP routes and socket namespaces share: the store and the command services. */
export function createCore(config: ControllerConfig, log: Logger, now: () => number, store: Store) {
  const hub = createHub((event, err) => log.error(`listener of ${event} failed`, { error: String(err) }));
  const limits = createRateLimits(config.limits);
  const sources = knownSources(store, config.feeds.ids);
  const sessions: Sessions = createSessions(store, config.sessions.ttlHours, now, limits, (hashes, reason) => hub.emit('sessionsEnded', hashes, reason));
  const recordings = createRecordingsClient(config.mediaGateway);
  // The webhook dispatcher is built with the app, after the core; set through `setOutbox`.
  let outbox: (EscalationOutbox & AlertOutbox) | null = null;
  const sync = createSyncStatus(store, hub, now);
  const margins = createSwitchMargins(config.switch, hub);
  const escalations = createEscalations({ store, hub, log, now, config, marginFor: margins.forWall, recordings, outbox: () => outbox });
  const streams = createStreamStatus({ gatewayUrl: config.mediaGateway.url, secret: config.mediaGateway.secret, hub, log, now });
  const alerts = createAlerts({ config: config.alerts, store, hub, log, now, sync, streams, outbox: () => outbox });
  return {
    config,
    log,
    now,
    store,
    hub,
    sessions,
    limits,
    applyLayout: createApplyLayout({ store, hub, now, marginFor: margins.forWall, sources, incidentFor: escalations.incidentFor }),
    escalations,
    recordings,
    setOutbox(o: (EscalationOutbox & AlertOutbox) | null): void {
      outbox = o;
    },
    layouts: createLayoutCommands(store, sources),
    users: createUserCommands(store, sessions),
    wallSettings: createWallSettings(store, hub),
    pairing: createPairing(store, hub),
    sync,
    margins,
    screenshots: createScreenshots({ store, hub, now, config: config.screenshots, socketPayloadBytes: config.limits.socketPayloadBytes, isOnline: sync.isOnline }),
    identify: createIdentify(store, hub, now),
    cameras: createCameraCommands(store),
    tokens: createAccessTokens(store, config, now),
    streams,
    alerts,
    metrics: createControllerMetrics({ store, hub, sync, alerts, margins }),
  };
}
export type Core = ReturnType<typeof createCore>;
