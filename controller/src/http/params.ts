import type { Request } from 'express';

/** A route parameter as a string (express types widen params once middleware is chained). */
export function param(req: Request, name: string): string {
  const v: unknown = (req.params as Record<string, unknown>)[name];
  return typeof v === 'string' ? v : '';
}
