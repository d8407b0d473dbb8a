import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { Router, type RequestHandler } from 'express';

/**
 * Serves a built web app (the wall renderer or the console) from `dir` at `mount`. When it has
 * not been built, answers 503 with what to do rather than a bare 404.
 */
export function staticDist(mount: string, dir: string, what: string, spaFallback: boolean): Router {
  const r = Router();
  const index = join(dir, 'index.html');
  r.use(mount, (_req, res, next) => {
    if (existsSync(index)) return next();
    res.status(503).type('text/plain').send(`${what} is not built (${dir} is missing): run npm run build`);
  });
  // The built pages load `./wall.js`-style relative assets, which only resolve under `/wall/`:
  // so `/wall?x` redirects to `/wall/?x` (query kept), and `/wall/` answers index.html.
  r.get(mount, (req, res, next) => {
    if (req.path !== mount) return next();
    const q = req.originalUrl.indexOf('?');
    res.redirect(302, `${mount}/${q >= 0 ? req.originalUrl.slice(q) : ''}`);
  });
  r.get(`${mount}/`, (_req, res) => res.sendFile(index, { headers: { 'Cache-Control': 'no-cache' } }));
  r.use(mount, express.static(dir, { index: false, redirect: false, fallthrough: true }));
  if (spaFallback) {
    r.get(`${mount}/*rest`, (req, res, next) => {
      if (/\.[a-z0-9]+$/i.test(req.path)) return next();
      res.sendFile(index, { headers: { 'Cache-Control': 'no-cache' } });
    });
  }
  return r;
}

/**
 * The console's Content-Security-Policy, as a header: no inline code, and the media gateway's
 * origin allowed for what the console takes from it (camera snapshots, the WHEP live preview).
 */
export function consoleSecurityHeaders(gatewayUrl: string | null): RequestHandler {
  const gateway = gatewayUrl ? ` ${new URL(gatewayUrl).origin}` : '';
  const csp = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    `img-src 'self' data: blob:${gateway}`,
    `media-src 'self' blob:${gateway}`,
    `connect-src 'self'${gateway}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
  return (_req, res, next) => {
    res.set('Content-Security-Policy', csp);
    res.set('Referrer-Policy', 'no-referrer');
    res.set('X-Content-Type-Options', 'nosniff');
    next();
  };
}
