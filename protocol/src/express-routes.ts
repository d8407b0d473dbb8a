/**
 * Every method + path an express 5 app answers, read from its router stack (nested routers
 * included), so a test can hold an API reference to the routes that really exist.
 * Typed structurally: this package does not depend on express.
 */
interface LayerLike {
  route?: { path: string | string[]; methods: Record<string, boolean> };
  handle?: { stack?: LayerLike[] };
  rawPath?: unknown;
}

export interface ExpressRoute {
  method: string;
  /** Express syntax: `/api/walls/:wallId`. */
  path: string;
}

const join = (prefix: string, path: string) => (prefix + (path === '/' && prefix ? '' : path)).replace(/\/{2,}/g, '/');

function walk(stack: readonly LayerLike[], prefix: string, out: ExpressRoute[]): void {
  for (const layer of stack) {
    if (layer.route) {
      const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
      for (const p of paths) {
        for (const [m, on] of Object.entries(layer.route.methods)) if (on && m !== '_all') out.push({ method: m, path: join(prefix, p) });
      }
    } else if (layer.handle?.stack) {
      const mount = typeof layer.rawPath === 'string' && layer.rawPath !== '/' ? layer.rawPath : '';
      walk(layer.handle.stack, join(prefix, mount), out);
    }
  }
}

export function listExpressRoutes(app: { router: { stack: readonly unknown[] } }): ExpressRoute[] {
  const out: ExpressRoute[] = [];
  walk(app.router.stack as LayerLike[], '', out);
  const seen = new Set<string>();
  return out.filter((r) => {
    const k = `${r.method} ${r.path}`;
    return seen.has(k) ? false : (seen.add(k), true);
  });
}
