import {
  ConsoleHandshakeSchema,
  consolePushes,
  consoleRequests,
  NAMESPACES,
  openApiDocument,
  PROTOCOL_VERSION,
  ScreenHandshakeSchema,
  screenPushes,
  screenRequests,
  socketEventSchemas,
  socketEventsDocument,
  socketEventsMarkdown,
  type ApiRoute,
  type SocketEventsDocument,
} from '@ioc/protocol';
import { PERMISSIONS, type Permission } from '../permissions';
import { coreRoutes } from './api-reference-core';
import { mediaRoutes } from './api-reference-media';

/** A route as the controller's registry writes it: a session by default, a permission by name. */
export type ControllerRoute = Omit<ApiRoute, 'auth' | 'permission'> & { auth?: 'public' | 'session' | 'mediaSecret' | 'metricsToken'; permission?: Permission };

export const EVENTS_JSON_PATH = '/api/events.json';

/** Every route the controller answers, as documented; the completeness test holds it to the app. */
export function controllerRoutes(): ApiRoute[] {
  return [...coreRoutes, ...mediaRoutes].map(({ permission, auth, ...r }) => ({
    ...r,
    auth: auth ?? 'session',
    // Every mutation in a session counts against its user's command limit (limit-commands.ts).
    ...((auth ?? 'session') === 'session' && r.method !== 'get' ? { errors: [...(r.errors ?? []), 'RATE_LIMITED' as const] } : {}),
    ...(permission ? { permission: { name: permission, roles: PERMISSIONS[permission] } } : {}),
  }));
}

export function controllerSocketEvents(): SocketEventsDocument {
  return socketEventsDocument('IOC video wall controller: socket events', PROTOCOL_VERSION, {
    [NAMESPACES.screen]: {
      description: 'A screen (wall renderer). Unpaired, it sends its device id and gets a pairing code; paired, its display token.',
      handshake: ScreenHandshakeSchema,
      requests: screenRequests,
      pushes: screenPushes,
    },
    [NAMESPACES.console]: {
      description: 'An operator console, with a session token (or the session cookie). Pushes go to every console; `subscribeWall` adds one wall\'s sync.',
      handshake: ConsoleHandshakeSchema,
      requests: consoleRequests,
      pushes: consolePushes,
    },
  });
}

const DESCRIPTION = `The REST API of the IOC video-wall controller, generated from the zod schemas the routes parse with.

Errors are \`{code, message, details?}\` with a stable \`code\`; each operation lists the codes it may answer. A body with a key the route does not know is refused (400 VALIDATION_FAILED naming the key).`;

/** The OpenAPI 3.1 document, with the socket events in `x-socket-events` and under "Schemas". */
export function controllerOpenApi(): Record<string, unknown> {
  const events = controllerSocketEvents();
  return openApiDocument({
    title: 'IOC video wall controller',
    // The wire protocol's version: the REST shapes change with it.
    version: String(PROTOCOL_VERSION),
    description: `${DESCRIPTION}\n\n${socketEventsMarkdown(events, EVENTS_JSON_PATH)}`,
    routes: controllerRoutes(),
    securitySchemes: {
      session: { type: 'http', scheme: 'bearer', description: 'A session token from POST /api/auth/login (or its `ioc_session` cookie).' },
      mediaSecret: { type: 'http', scheme: 'bearer', description: "The shared media secret (`mediaGateway.secret`): the media gateway's calls only." },
      metricsToken: { type: 'http', scheme: 'bearer', description: 'The metrics token (`metrics.token`, `IOC_METRICS_TOKEN`): the Prometheus scraper.' },
    },
    schemas: socketEventSchemas(events),
    extensions: { 'x-socket-events': events },
  });
}
