import { setTimeout as sleep } from 'node:timers/promises';
import type { RequestHandler } from 'express';
import { AppError } from '@ioc/protocol';
import { retryAfterMsOf, SLOW_DOWN_MS, type RateLimits } from '../services/rate-limits';
import { actorOf } from './authenticate';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * After `authenticate`: every mutation (POST, PUT, PATCH, DELETE) counts against its user's
 * command limit, shared with the console socket's commands. Over it: 429 RATE_LIMITED with
 * `Retry-After`, and the route never runs, so nothing is applied. The refusal is sent after a
 * pause (SLOW_DOWN_MS): a client flooding with many requests in flight waits on them rather
 * than making the controller refuse thousands a second.
 */
export function limitCommands(limits: Pick<RateLimits, 'command'>): RequestHandler {
  return async (req, res, next) => {
    if (READS.has(req.method)) return next();
    try {
      await limits.command(actorOf(res).username);
    } catch (err) {
      if (err instanceof AppError && retryAfterMsOf(err) !== null) await sleep(SLOW_DOWN_MS);
      throw err;
    }
    next();
  };
}
