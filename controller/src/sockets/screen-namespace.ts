import type { Namespace, Server, Socket } from 'socket.io';
import {
  AccessTokenRequestSchema,
  AckSchema,
  AppError,
  ClockPingSchema,
  HeartbeatSchema,
  NAMESPACES,
  ScreenHandshakeSchema,
  ScreenshotFailedSchema,
  ScreenshotPartSchema,
  SyncRequestSchema,
  type Screen,
  type WallSpec,
  type ScreenClientToServer,
  type ScreenHandshake,
  type ScreenServerToClient,
} from '@ioc/protocol';
import type { Core } from '../core';
import { camerasOnWall } from '../services/access-tokens';
import { guardConnection } from './guard-connection';
import { parseHandshake } from './handshake';
import { onRequest } from './validate-event';

interface ScreenData {
  hs: ScreenHandshake;
  screen: Screen | null;
}
type ScreenSocket = Socket<ScreenClientToServer, ScreenServerToClient, Record<string, never>, ScreenData>;
export type ScreenNamespace = Namespace<ScreenClientToServer, ScreenServerToClient, Record<string, never>, ScreenData>;

export const wallRoom = (wallId: string) => `wall:${wallId}`;
const screenRoom = (screenId: string) => `screen:${screenId}`;

/**
 * `/screen`: paired screens join `wall:<id>` and receive every state; new ones get a pairing code.
 * When a technician pairs a code, the live socket is upgraded in place (`paired`, then `welcome`
 * and `state`); the screen also stores the token for its next connection.
 */
export function attachScreenNamespace(io: Server, core: Core): ScreenNamespace {
  const nsp: ScreenNamespace = io.of(NAMESPACES.screen);
  const { store, pairing, sync, hub, log, now, config } = core;
  const nsOpts = { maxBytes: config.limits.socketPayloadBytes, now, log };

  nsp.use((socket, next) => {
    const r = parseHandshake(ScreenHandshakeSchema, socket.handshake.auth);
    if (!r.ok) return next(r.err);
    socket.data.hs = r.data;
    socket.data.screen = null;
    next();
  });

  const bind = (socket: ScreenSocket, screen: Screen) => {
    socket.data.screen = screen;
    void socket.join([wallRoom(screen.wallId), screenRoom(screen.id)]);
    sync.connected(screen.id, screen.wallId);
    // The widget language travels beside the spec: screens built before it parse the spec strictly.
    const { widgetLanguage, ...wall } = store.walls.wall(screen.wallId) ?? {};
    socket.emit('welcome', {
      screenId: screen.id,
      wallId: screen.wallId,
      col: screen.col,
      row: screen.row,
      serverTime: now(),
      mediaGatewayUrl: core.tokens.gatewayUrl(),
      ...('id' in wall ? { wall: wall as WallSpec } : {}),
      ...(widgetLanguage ? { widgetLanguage } : {}),
    });
    const state = store.states.current(screen.wallId);
    if (state) socket.emit('state', state);
    for (const st of knownStatuses(screen.wallId)) socket.emit('streamStatus', st);
  };
  /** What the gateway last said about the cameras a wall shows, so tiles start from the truth. */
  const knownStatuses = (wallId: string) => {
    const out = [];
    for (const id of camerasOnWall(store, wallId, now())) {
      const { main, sub } = core.streams.forCamera(id);
      if (main) out.push(main);
      if (sub) out.push(sub);
    }
    return out;
  };
  const unbind = (socket: ScreenSocket) => {
    const s = socket.data.screen;
    if (!s) return;
    socket.data.screen = null;
    void socket.leave(wallRoom(s.wallId));
    void socket.leave(screenRoom(s.id));
    sync.disconnected(s.id, s.wallId);
  };
  const awaitPairing = (socket: ScreenSocket) => {
    const { deviceId, hostname } = socket.data.hs;
    socket.emit('pairing', pairing.addPending(socket.id, deviceId, hostname ?? null, socket.handshake.address || null));
  };
  const paired = (socket: ScreenSocket): Screen => {
    if (!socket.data.screen) throw new AppError('UNAUTHENTICATED', 'this screen is not paired yet');
    return socket.data.screen;
  };

  nsp.on('connection', (socket) => {
    const { hs } = socket.data;
    const opts = guardConnection(socket, nsOpts, core.limits);
    onRequest(socket, 'clock', ClockPingSchema, (p, ctx) => ({ t0: p.t0, t1: ctx.receivedAt, t2: now() }), opts);
    onRequest(socket, 'ack', AckSchema, (p) => {
      const s = paired(socket);
      if (p.readyAt !== undefined) core.margins.observe(s.wallId, p.version, p.readyAt + (p.clockOffsetMs ?? 0));
      return { inSync: sync.ack(s.id, s.wallId, p.version, p.appliedAt + (p.clockOffsetMs ?? 0)) };
    }, opts);
    onRequest(socket, 'heartbeat', HeartbeatSchema, (p) => {
      const s = paired(socket);
      sync.heartbeat(s.id, s.wallId, p);
      return { at: now() };
    }, opts);
    onRequest(socket, 'sync', SyncRequestSchema, (p) => {
      const s = paired(socket);
      const state = store.states.current(s.wallId);
      if (p.knownVersion !== null && state && p.knownVersion === state.version) sync.resumed(s.id, s.wallId, p.knownVersion);
      return { state: state && (p.knownVersion === null || state.version > p.knownVersion) ? state : null };
    }, opts);
    onRequest(socket, 'accessToken', AccessTokenRequestSchema, (p) => core.tokens.forScreen(paired(socket), p), opts);
    // Screenshot parts: accepted only for a request the controller made of this very screen.
    onRequest(socket, 'screenshotPart', ScreenshotPartSchema, (p) => core.screenshots.part(paired(socket).id, p), opts);
    onRequest(socket, 'screenshotFailed', ScreenshotFailedSchema, (p) => {
      core.screenshots.failed(paired(socket).id, p.requestId, p.message);
      return {};
    }, opts);
    socket.on('disconnect', () => {
      unbind(socket);
      pairing.removePendingSocket(socket.id);
    });

    const screen = hs.token ? pairing.screenForToken(hs.token) : null;
    if (screen) return bind(socket, screen);
    // Demo: a screen whose token is stale just gets a fresh one for its URL position.
    if (config.demo.autoPair && hs.demoPosition) {
      try {
        const r = pairing.autoPair(hs.deviceId, hs.hostname ?? null, hs.demoPosition);
        socket.emit('paired', { screenId: r.screen.id, token: r.token, wallId: r.screen.wallId, col: r.screen.col, row: r.screen.row });
        return bind(socket, r.screen);
      } catch (err) {
        log.warn('demo auto-pair failed; falling back to a pairing code', { error: String(err) });
      }
    }
    if (hs.token) socket.emit('unpaired', { reason: 'display token unknown or revoked' });
    awaitPairing(socket);
  });

  hub.on('state', (state) => {
    nsp.to(wallRoom(state.wallId)).emit('state', state);
    for (const st of knownStatuses(state.wallId)) nsp.to(wallRoom(state.wallId)).emit('streamStatus', st);
  });
  // Bezels or language changed: a small push, not a welcome (no resync, no clock burst per slider step).
  hub.on('wall', (wall) => nsp.to(wallRoom(wall.id)).emit('wall', wall));
  hub.on('identify', (wallId, msg) => nsp.to(wallRoom(wallId)).emit('identify', msg));
  hub.on('screenshotRequest', (screenId, req) => nsp.to(screenRoom(screenId)).emit('screenshotRequest', req));
  // Only to walls that show the camera, so a tile can show offline before its player notices.
  hub.on('streamStatus', (status) => {
    for (const wall of store.walls.walls()) {
      if ((nsp.adapter.rooms.get(wallRoom(wall.id))?.size ?? 0) === 0) continue;
      if (camerasOnWall(store, wall.id, now()).has(status.cameraId)) nsp.to(wallRoom(wall.id)).emit('streamStatus', status);
    }
  });
  hub.on('paired', (socketId, info) => {
    const socket = nsp.sockets.get(socketId);
    const screen = store.walls.screen(info.screenId);
    if (!socket || !screen) return;
    socket.emit('paired', info);
    bind(socket, screen);
  });
  // An unpaired screen keeps its connection but loses its wall and shows a new pairing code.
  hub.on('screenRemoved', (screenId) => {
    for (const socket of nsp.sockets.values()) {
      if (socket.data.screen?.id !== screenId) continue;
      unbind(socket);
      socket.emit('unpaired', { reason: 'removed from its wall by a technician' });
      awaitPairing(socket);
    }
    sync.forget(screenId);
  });
  return nsp;
}
