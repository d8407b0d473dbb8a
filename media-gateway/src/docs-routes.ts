import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import express, { Router } from 'express';
import { swaggerInitJs, swaggerPageHtml } from '@ioc/protocol';
import { gatewayOpenApi, gatewaySocketEvents } from './api-reference';

/**
 * The gateway's API reference, public (it describes shapes, holds no data): mounted before the
 * media secret guards `/api`. Swagger UI comes from the installed package, not a CDN.
 */
export function docsRouter(): Router {
  const r = Router();
  const docs = { openapi: gatewayOpenApi(), events: gatewaySocketEvents() };
  const assets = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
  r.get('/api/openapi.json', (_req, res) => void res.json(docs.openapi));
  r.get('/api/events.json', (_req, res) => void res.json(docs.events));
  r.get('/api/docs', (_req, res) => void res.type('html').send(swaggerPageHtml('IOC media gateway: API reference', '/api/docs/assets', '/api/docs/init.js')));
  r.get('/api/docs/init.js', (_req, res) => void res.type('text/javascript').send(swaggerInitJs('/api/openapi.json')));
  r.use('/api/docs/assets', express.static(assets, { index: false, redirect: false }));
  return r;
}
