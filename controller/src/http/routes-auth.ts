import { Router } from 'express';
import type { Core } from '../core';
import { limitCommands } from './limit-commands';
import { SESSION_COOKIE } from '../auth/sessions';
import { actorOf, authenticate, sessionOf, sessionToken } from './authenticate';

export function authRoutes(core: Core): Router {
  const r = Router();
  r.post('/auth/login', async (req, res) => {
    // req.ip honours `http.trustProxy` only: a client cannot pick its address with X-Forwarded-For.
    const result = await core.sessions.login(req.body, req.ip ?? 'unknown');
    const maxAge = Math.max(0, Math.floor((result.expiresAt - core.now()) / 1000));
    // HttpOnly + SameSite=Strict: the console never reads it from JS, and no other site can ride it.
    res.setHeader(
      'Set-Cookie',
      `${SESSION_COOKIE}=${encodeURIComponent(result.token)}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAge}${req.secure ? '; Secure' : ''}`,
    );
    res.json(result);
  });
  r.post('/auth/logout', authenticate(core.sessions), (req, res) => {
    core.sessions.logout(sessionToken(req) ?? '', actorOf(res));
    res.setHeader('Set-Cookie', `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0`);
    res.json({ ok: true });
  });
  r.get('/me', authenticate(core.sessions), (_req, res) => {
    res.json(core.users.me(sessionOf(res)));
  });
  r.put('/me/preferences', authenticate(core.sessions), limitCommands(core.limits), (req, res) => {
    res.json(core.users.setPreferences(sessionOf(res), req.body));
  });
  return r;
}
