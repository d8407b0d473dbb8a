import type { Namespace, Server } from 'socket.io';
import {
  AppError,
  ConsoleHandshakeSchema,
  consoleRequests,
  NAMESPACES,
  type ConsoleClientToServer,
  type ConsoleServerToClient,
} from '@ioc/protocol';
import type { Actor } from '../auth/sessions';
import { SESSION_COOKIE } from '../auth/sessions';
import type { Core } from '../core';
import { readCookie } from '../http/authenticate';
import { can, requirePermission } from '../permissions';
import { ApplyCommandSchema } from '../services/apply-layout';
import { guardConnection } from './guard-connection';
import { parseHandshake, refusal } from './handshake';
import { onRequest } from './validate-event';

interface ConsoleData {
  actor: Actor;
  tokenHash: string;
  expiresAt: number;
}
export type ConsoleNamespace = Namespace<ConsoleClientToServer, ConsoleServerToClient, Record<string, never>, ConsoleData>;

const PENDING_ROOM = 'pending';
const SYNC_PUSH_MS = 100;
const room = (wallId: string) => `wall:${wallId}`;

/**
 * `/console`: authenticated by the session token (handshake `auth.token`, or the `ioc_session`
 * cookie). Subscribed consoles get `wallState` on every change and `wallSync` at most every 100 ms.
 */
export function attachConsoleNamespace(io: Server, core: Core): { nsp: ConsoleNamespace; close(): void } {
  const nsp: ConsoleNamespace = io.of(NAMESPACES.console);
  const { store, sessions, sync, pairing, hub, now, log, config } = core;
  const nsOpts = { maxBytes: config.limits.socketPayloadBytes, now, log };

  nsp.use((socket, next) => {
    const r = parseHandshake(ConsoleHandshakeSchema, socket.handshake.auth);
    if (!r.ok) return next(r.err);
    const token = r.data.token ?? readCookie(socket.handshake.headers.cookie, SESSION_COOKIE);
    const session = sessions.check(token);
    if (!('actor' in session)) {
      return next(refusal(session.code, session.code === 'SESSION_EXPIRED' ? session.message : 'log in first: pass the session token as auth.token'));
    }
    socket.data.actor = session.actor;
    socket.data.tokenHash = session.tokenHash;
    socket.data.expiresAt = session.expiresAt;
    next();
  });

  /** Tells the console why, then closes: it must not keep receiving pushes on a dead session. */
  const endSocket = (socket: { emit: ConsoleNamespace['emit']; disconnect(close?: boolean): unknown }, code: 'SESSION_EXPIRED' | 'UNAUTHENTICATED', message: string) => {
    socket.emit('sessionEnded', { code, message });
    socket.disconnect(true);
  };

  nsp.on('connection', (socket) => {
    const { actor } = socket.data;
    const opts = guardConnection(socket, nsOpts, core.limits);
    // The session's end closes its sockets too (a timer cannot wait longer than ~24.8 days; sessions are at most 30).
    const expiry = setTimeout(() => endSocket(socket, 'SESSION_EXPIRED', 'the session has expired: log in again'), Math.min(2 ** 31 - 1, Math.max(0, socket.data.expiresAt - now())));
    socket.on('disconnect', () => clearTimeout(expiry));
    if (can(actor.roles, 'screens.pending')) {
      void socket.join(PENDING_ROOM);
      socket.emit('pendingScreens', pairing.pendingList());
    }
    onRequest(socket, 'subscribeWall', consoleRequests.subscribeWall.payload, (p) => {
      requirePermission(actor, 'sync.read');
      if (!store.walls.wall(p.wallId)) throw new AppError('WALL_NOT_FOUND', `wall "${p.wallId}" does not exist`);
      void socket.join(room(p.wallId));
      const state = store.states.current(p.wallId);
      if (state) socket.emit('wallState', state);
      return sync.getWallSync(p.wallId);
    }, opts);
    // A command: it also counts against the user's command limit, shared with REST.
    onRequest(socket, 'applyLayout', ApplyCommandSchema, async (p) => {
      await core.limits.command(actor.username);
      return core.applyLayout(actor, p);
    }, opts);
  });

  const timers = new Map<string, NodeJS.Timeout>();
  const lastPush = new Map<string, number>();
  const pushSync = (wallId: string) => {
    timers.delete(wallId);
    lastPush.set(wallId, Date.now());
    if ((nsp.adapter.rooms.get(room(wallId))?.size ?? 0) === 0) return;
    nsp.to(room(wallId)).emit('wallSync', sync.getWallSync(wallId));
  };
  // Throttled: with hundreds of screens acking one switch, the console gets a few pushes, not hundreds.
  hub.on('syncChanged', (wallId) => {
    if (timers.has(wallId)) return;
    const wait = Math.max(0, (lastPush.get(wallId) ?? 0) + SYNC_PUSH_MS - Date.now());
    timers.set(wallId, setTimeout(() => pushSync(wallId), wait));
  });
  hub.on('state', (state) => nsp.to(room(state.wallId)).emit('wallState', state));
  hub.on('pendingChanged', () => nsp.to(PENDING_ROOM).emit('pendingScreens', pairing.pendingList()));
  // Every role may read stream health; consoles show it next to each camera.
  hub.on('streamStatus', (status) => nsp.emit('streamStatus', status));
  hub.on('escalation', (e) => nsp.emit('escalation', e));
  // Every role is told of alerts (alerts.read is every role).
  hub.on('alert', (a) => nsp.emit('alert', a));
  // Consoles show bezels and widget language in the mimic: every role may read walls.
  hub.on('wall', (w) => nsp.emit('wall', w));
  hub.on('sessionsEnded', (hashes, reason) => {
    const ended = new Set(hashes);
    for (const socket of nsp.sockets.values()) {
      if (ended.has(socket.data.tokenHash)) endSocket(socket, 'UNAUTHENTICATED', `the session was ended: ${reason}`);
    }
  });

  return {
    nsp,
    close() {
      for (const t of timers.values()) clearTimeout(t);
      timers.clear();
    },
  };
}
