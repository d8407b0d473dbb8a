import type { RequestHandler } from 'express';

/**
 * Open CORS for the routes a signed token in the URL gates (HLS, WHEP, snapshots): screens and
 * consoles load them from other origins, and with no cookie involved a wildcard origin grants
 * nothing extra. Preflights are answered here.
 */
export function tokenCors(o: { methods: string; allowHeaders: string; exposeHeaders?: string }): RequestHandler {
  return (req, res, next) => {
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Access-Control-Allow-Methods', o.methods);
    res.setHeader('Access-Control-Allow-Headers', o.allowHeaders);
    if (o.exposeHeaders) res.setHeader('Access-Control-Expose-Headers', o.exposeHeaders);
    res.setHeader('Access-Control-Max-Age', '600');
    if (req.method === 'OPTIONS') {
      res.status(204).end();
      return;
    }
    next();
  };
}
