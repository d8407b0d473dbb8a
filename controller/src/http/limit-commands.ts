import type { RequestHandler } from 'express';
import type { RateLimits } from '../services/rate-limits';
import { actorOf } from './authenticate';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * After `authenticate`: every mutation (POST, PUT, PATCH, DELETE) counts against its user's
 * command limit, shared with the console socket's commands. Over it: 429 RATE_LIMITED with
 * `Retry-After`, and the route never runs, so nothing is applied.
 */
export function limitCommands(limits: Pick<RateLimits, 'command'>): RequestHandler {
  return async (req, res, next) => {
    if (!READS.has(req.method)) await limits.command(actorOf(res).username);
    next();
  };
}
