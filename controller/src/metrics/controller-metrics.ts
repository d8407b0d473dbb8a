import type { Request, RequestHandler } from 'express';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Server } from 'socket.io';
import { ALERT_KINDS, NAMESPACES } from '@ioc/protocol';
import type { Store } from '../db/store';
import type { Alerts } from '../services/alerts';
import type { Hub } from '../services/hub';
import type { SwitchMargins } from '../services/switch-margin';
import type { SyncStatus } from '../services/sync-status';
import { scrape } from '@ioc/protocol/metrics';

export interface ControllerMetricsDeps {
  store: Store;
  hub: Hub;
  sync: Pick<SyncStatus, 'getWallSync'>;
  alerts: Pick<Alerts, 'countByKind'>;
  margins: Pick<SwitchMargins, 'forWall'>;
}

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
const LOGIN_ROUTE = '/api/auth/login';

/**
 * Records, as the router matches them, the express pattern of the route a request matches
 * (`/api/walls/:wallId/apply`) and the last mount path it entered (`/api`, `/wall`): by the time
 * the response is written the router may have restored `req.baseUrl` (an error thrown in a
 * nested router is answered by the app), leaving only the route's own part.
 */
function watchRoute(req: Request): () => { route: string | null; mount: string | null } {
  let route: unknown = req.route;
  let baseUrl = req.baseUrl;
  const seen = { route: null as string | null, mount: null as string | null };
  Object.defineProperty(req, 'baseUrl', {
    configurable: true,
    enumerable: true,
    get: () => baseUrl,
    set(v: string) {
      baseUrl = v;
      if (v) seen.mount = v;
    },
  });
  Object.defineProperty(req, 'route', {
    configurable: true,
    enumerable: true,
    get: () => route,
    set(v: unknown) {
      route = v;
      const path = (v as { path?: unknown } | undefined)?.path;
      if (typeof path === 'string') seen.route = `${baseUrl}${path}` || '/';
    },
  });
  return () => seen;
}

/**
 * The route a request matched, as its express pattern, never the raw URL: ids, tokens and query
 * strings would each make a series. Without a route, what a mount answered (a static file, a
 * refusal by a router's middleware) is `<mount>/*`; a 404 no route matched is `unmatched`.
 */
function routeLabel(seen: { route: string | null; mount: string | null }, status: number): string {
  if (seen.route) return seen.route;
  if (status !== 404 && seen.mount) return `${seen.mount}/*`;
  return 'unmatched';
}

const loginFailure = (status: number): string | null =>
  status === 401 ? 'bad_credentials' : status === 429 ? 'rate_limited' : status === 400 ? 'invalid_request' : null;

/**
 * The controller's Prometheus metrics, in a registry of its own (several controllers in one test
 * process never collide); the process metrics come from one shared registry (`scrape`).
 * Gauges of state (screens, escalations, alerts, sockets) are read at scrape time, so nothing on
 * the switch path keeps them up to date.
 */
export function createControllerMetrics(d: ControllerMetricsDeps) {
  const registry = new Registry();
  const registers = [registry];

  const switchLatency = new Histogram({
    name: 'ioc_switch_latency_seconds',
    help: 'From a layout command (or escalation) to the last ack of the screens online to get it.',
    labelNames: ['wall'],
    buckets: [0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.5, 0.75, 1, 2, 5, 10],
    registers,
  });
  const switchSkew = new Histogram({
    name: 'ioc_switch_skew_seconds',
    help: 'Spread of the swap times of one switch over its screens (latest minus earliest, controller clock).',
    labelNames: ['wall'],
    buckets: [0.001, 0.002, 0.005, 0.01, 0.017, 0.034, 0.05, 0.1, 0.25, 0.5, 1],
    registers,
  });
  d.hub.on('switchCompleted', (s) => {
    switchLatency.observe({ wall: s.wallId }, s.latencyMs / 1000);
    switchSkew.observe({ wall: s.wallId }, s.skewMs / 1000);
  });

  new Gauge({
    name: 'ioc_switch_margin_seconds',
    help: "The margin of each wall's next switch (activateAt = now + margin); it follows how early the screens got the last ones.",
    labelNames: ['wall'],
    registers,
    collect() {
      this.reset();
      for (const wall of d.store.walls.walls()) this.set({ wall: wall.id }, d.margins.forWall(wall.id) / 1000);
    },
  });

  new Gauge({
    name: 'ioc_screens',
    help: 'Paired screens by wall and sync state: in_sync (drawing the current version), behind, offline.',
    labelNames: ['wall', 'state'],
    registers,
    collect() {
      this.reset();
      for (const wall of d.store.walls.walls()) {
        const n = { in_sync: 0, behind: 0, offline: 0 };
        for (const s of d.sync.getWallSync(wall.id).screens) n[!s.online ? 'offline' : s.inSync ? 'in_sync' : 'behind'] += 1;
        for (const [state, v] of Object.entries(n)) this.set({ wall: wall.id, state }, v);
      }
    },
  });

  new Gauge({
    name: 'ioc_escalations_open',
    help: 'Escalations not closed yet, by state (open, acknowledged).',
    labelNames: ['state'],
    registers,
    collect() {
      const n = { open: 0, acknowledged: 0 };
      for (const e of d.store.escalations.open()) if (e.state === 'open' || e.state === 'acknowledged') n[e.state] += 1;
      for (const [state, v] of Object.entries(n)) this.set({ state }, v);
    },
  });

  new Gauge({
    name: 'ioc_alerts_active',
    help: 'Active alerts by kind (screen-offline, camera-offline, feed-stale).',
    labelNames: ['kind'],
    registers,
    collect() {
      for (const [kind, v] of Object.entries(d.alerts.countByKind())) this.set({ kind }, v);
    },
  });
  const alertsRaised = new Counter({ name: 'ioc_alerts_raised_total', help: 'Alerts raised, by kind.', labelNames: ['kind'], registers });
  for (const kind of ALERT_KINDS) alertsRaised.inc({ kind }, 0);
  d.hub.on('alert', (a) => {
    if (a.clearedAt === null) alertsRaised.inc({ kind: a.kind });
  });

  const httpRequests = new Counter({
    name: 'ioc_http_requests_total',
    help: 'HTTP requests by method, route pattern and status code.',
    labelNames: ['method', 'route', 'status'],
    registers,
  });
  const httpDuration = new Histogram({
    name: 'ioc_http_request_duration_seconds',
    help: 'HTTP request duration (until the response is written), by method and route pattern.',
    labelNames: ['method', 'route'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers,
  });
  const loginFailures = new Counter({
    name: 'ioc_login_failures_total',
    help: 'Refused logins by reason: bad_credentials, rate_limited, invalid_request.',
    labelNames: ['reason'],
    registers,
  });
  loginFailures.inc({ reason: 'bad_credentials' }, 0);

  const http: RequestHandler = (req, res, next) => {
    const start = process.hrtime.bigint();
    const matched = watchRoute(req);
    res.once('finish', () => {
      const status = res.statusCode;
      const route = routeLabel(matched(), status);
      const method = METHODS.has(req.method) ? req.method : 'OTHER';
      httpRequests.inc({ method, route, status: String(status) });
      httpDuration.observe({ method, route }, Number(process.hrtime.bigint() - start) / 1e9);
      if (method === 'POST' && route === LOGIN_ROUTE) {
        const reason = loginFailure(status);
        if (reason) loginFailures.inc({ reason });
      }
    });
    next();
  };

  let io: Server | null = null;
  new Gauge({
    name: 'ioc_socket_connections',
    help: 'Open socket.io connections by namespace (/screen, /console).',
    labelNames: ['namespace'],
    registers,
    collect() {
      for (const ns of Object.values(NAMESPACES)) this.set({ namespace: ns }, io?.of(ns).sockets.size ?? 0);
    },
  });

  return {
    registry,
    /** Counts every HTTP request: mount first, before any route. */
    http,
    /** The socket.io server whose namespaces are counted (it is built after the app). */
    watchSockets(server: Server): void {
      io = server;
    },
    scrape: () => scrape(registry),
  };
}
export type ControllerMetrics = ReturnType<typeof createControllerMetrics>;
