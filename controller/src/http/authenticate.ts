import type { Request, RequestHandler, Response } from 'express';
import { AppError } from '@ioc/protocol';
import { SESSION_COOKIE, type Actor, type ActiveSession, type Sessions } from '../auth/sessions';
import { requirePermission, type Permission } from '../permissions';

/** Reads one cookie without a parser dependency. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

/** Bearer header first (API, scripts), then the console's HttpOnly cookie. */
export function sessionToken(req: Request): string | undefined {
  const auth = req.get('authorization');
  if (auth?.startsWith('Bearer ')) return auth.slice(7).trim();
  return readCookie(req.get('cookie'), SESSION_COOKIE);
}

export function authenticate(sessions: Sessions): RequestHandler {
  return (req, res, next) => {
    const r = sessions.check(sessionToken(req));
    if (!('actor' in r)) throw new AppError(r.code, r.message);
    res.locals.actor = r.actor;
    res.locals.session = r;
    next();
  };
}

export const actorOf = (res: Response): Actor => res.locals.actor as Actor;
export const sessionOf = (res: Response): ActiveSession => res.locals.session as ActiveSession;

/** Route guard for reads; commands check their permission in their service too. */
export function allow(permission: Permission): RequestHandler {
  return (_req, res, next) => {
    requirePermission(actorOf(res), permission);
    next();
  };
}
