import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import express, { Router } from 'express';
import { swaggerInitJs, swaggerPageHtml } from '@ioc/protocol';
import { controllerOpenApi, controllerSocketEvents } from './api-reference';

/** Swagger UI's files, from the installed package: the page works without internet. */
const swaggerUiDir = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));

const once = <T>(f: () => T): (() => T) => {
  let v: T | undefined;
  return () => (v ??= f());
};

/**
 * The API reference, public like the routes' shapes it describes (it holds no data): the
 * OpenAPI document, the socket events, and a page that reads them.
 */
export function docsRoutes(): Router {
  const r = Router();
  const openapi = once(controllerOpenApi);
  const events = once(controllerSocketEvents);
  r.get('/openapi.json', (_req, res) => void res.json(openapi()));
  r.get('/events.json', (_req, res) => void res.json(events()));
  r.get('/docs', (_req, res) => {
    res.type('html').send(swaggerPageHtml('IOC video wall: API reference', '/api/docs/assets', '/api/docs/init.js'));
  });
  r.get('/docs/init.js', (_req, res) => void res.type('text/javascript').send(swaggerInitJs('/api/openapi.json')));
  r.use('/docs/assets', express.static(swaggerUiDir, { index: false, redirect: false }));
  return r;
}
