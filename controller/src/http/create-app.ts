import express, { type Express, type RequestHandler } from 'express';
import type { Core } from '../core';
import { authenticate } from './authenticate';
import { errorHandler, notFound } from './errors';
import { requestIds } from './request-id';
import { metricsRoute } from '@ioc/protocol/metrics';
import { adminRoutes } from './routes-admin';
import { alertRoutes } from './routes-alerts';
import { authRoutes } from './routes-auth';
import { cameraRoutes } from './routes-cameras';
import { docsRoutes } from './routes-docs';
import { escalationRoutes } from './routes-escalations';
import { internalRoutes } from './routes-internal';
import { layoutRoutes } from './routes-layouts';
import { limitCommands } from './limit-commands';
import { onvifRoutes } from './routes-onvif';
import { screenRoutes } from './routes-screens';
import { consoleSecurityHeaders, staticDist } from './static-dist';
import { wallRoutes } from './routes-walls';
import { webhookRoutes } from './routes-webhooks';

const securityHeaders: RequestHandler = (req, res, next) => {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  // The demo page (/wall/demo.html) frames the renderer once per screen; nothing else is framed.
  res.setHeader('X-Frame-Options', req.path.startsWith('/wall/') ? 'SAMEORIGIN' : 'DENY');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  next();
};

/**
 * The express app. Public: /healthz, /api/time, /api/auth/login, the API reference (/api/docs,
 * /api/openapi.json, /api/events.json), the static apps. Everything else
 * under /api needs a session; add new route files to the authenticated list below.
 */
export function createApp(core: Core): Express {
  const app = express();
  app.disable('x-powered-by');
  // First, so that every later line and audit row of the request carries its id.
  app.use(requestIds(core.log));
  // Counts every request by its route pattern once answered, whatever answers it.
  app.use(core.metrics.http);
  // req.ip (login limits) comes from X-Forwarded-For only through the proxies named here.
  app.set('trust proxy', core.config.http.trustProxy);
  app.set('etag', false);
  app.use(securityHeaders);

  app.get('/healthz', (_req, res) => void res.json({ ok: true, now: core.now() }));
  // Prometheus: bearer metrics.token; off (404) without one.
  app.get('/metrics', metricsRoute(core.config.metrics.token, core.metrics.scrape));
  const api = express.Router();
  api.use((_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  api.use(express.json({ limit: core.config.limits.httpBodyBytes }));
  api.get('/time', (_req, res) => void res.json({ now: core.now() }));
  // The API reference is public: it describes shapes and holds no data.
  api.use(docsRoutes());
  api.use(authRoutes(core));
  // Before session auth: the gateway authenticates with the media secret, not a session.
  api.use(internalRoutes(core));
  api.use(authenticate(core.sessions));
  api.use(limitCommands(core.limits));
  api.use(wallRoutes(core), layoutRoutes(core), screenRoutes(core), adminRoutes(core), cameraRoutes(core), onvifRoutes(core), escalationRoutes(core), webhookRoutes(core), alertRoutes(core));
  app.use('/api', api);

  app.use(staticDist('/wall', core.config.wallClient.distDir, 'the wall renderer', false));
  app.use('/console', consoleSecurityHeaders(core.config.mediaGateway.publicUrl ?? core.config.mediaGateway.url));
  app.use(staticDist('/console', core.config.console.distDir, 'the console', true));
  app.get('/', (_req, res) => res.redirect(302, '/console/'));

  app.use(notFound);
  app.use(errorHandler(core.log));
  return app;
}
