import { io } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import { NAMESPACES, PROTOCOL_VERSION, consolePushes, resultSchema, WallSyncSchema } from '@ioc/protocol';
import type { Alert, ConsoleClientToServer, ConsoleServerToClient, Escalation, PairingInfo, StreamStatus, WallSpec, WallState, WallSync } from '@ioc/protocol';

export interface ConsoleSocketHandlers {
  onStatus(status: 'connecting' | 'online' | 'offline', detail: string): void;
  onWallState(state: WallState): void;
  onWallSync(sync: WallSync): void;
  onPending(pending: PairingInfo[]): void;
  /** Every camera stream's health change (all cameras, whichever wall is watched). */
  onStreamStatus(status: StreamStatus): void;
  /** An alert raised or cleared (`clearedAt` set). */
  onAlert(alert: Alert): void;
  /** An escalation created, acknowledged, closed or given its clip. */
  onEscalation(escalation: Escalation): void;
  /** A wall's settings changed (bezels, widget language). */
  onWall(wall: WallSpec): void;
  /** The controller ended this session (expired, or the user was disabled or deleted). */
  onSessionEnded(code: string): void;
}

const SubscribeReply = resultSchema(WallSyncSchema);

/**
 * The live link to the controller's `/console` namespace. Pushes are parsed with the protocol's
 * schemas (socket.io validates nothing); a malformed push is dropped and logged, never drawn.
 */
export function connectConsoleSocket(token: string, handlers: ConsoleSocketHandlers, url = '') {
  const socket: Socket<ConsoleServerToClient, ConsoleClientToServer> = io(`${url}${NAMESPACES.console}`, {
    // An empty token means the session cookie authenticates the handshake instead.
    auth: token ? { protocolVersion: PROTOCOL_VERSION, token } : { protocolVersion: PROTOCOL_VERSION },
    reconnectionDelay: 500,
    reconnectionDelayMax: 5000,
  });
  const wallIds = new Set<string>();

  function subscribe(wanted: string): void {
    if (!socket.connected) return;
    socket.emit('subscribeWall', { wallId: wanted }, (res) => {
      const parsed = SubscribeReply.safeParse(res);
      if (!parsed.success) return console.warn('console: bad subscribeWall reply', parsed.error.issues);
      if (!parsed.data.ok) return handlers.onStatus('online', `subscribe failed: ${parsed.data.error.message}`);
      if (wallIds.has(wanted)) handlers.onWallSync(parsed.data.data);
    });
  }

  handlers.onStatus('connecting', '');
  socket.on('connect', () => {
    handlers.onStatus('online', '');
    for (const id of wallIds) subscribe(id);
  });
  socket.on('disconnect', (reason) => handlers.onStatus('offline', reason));
  socket.on('connect_error', (err) => handlers.onStatus('offline', err.message));

  socket.on('wallState', (raw) => {
    const p = consolePushes.wallState.safeParse(raw);
    if (!p.success) return console.warn('console: bad wallState push', p.error.issues);
    if (wallIds.has(p.data.wallId)) handlers.onWallState(p.data);
  });
  socket.on('wallSync', (raw) => {
    const p = consolePushes.wallSync.safeParse(raw);
    if (!p.success) return console.warn('console: bad wallSync push', p.error.issues);
    if (wallIds.has(p.data.wallId)) handlers.onWallSync(p.data);
  });
  socket.on('pendingScreens', (raw) => {
    const p = consolePushes.pendingScreens.safeParse(raw);
    if (!p.success) return console.warn('console: bad pendingScreens push', p.error.issues);
    handlers.onPending(p.data);
  });
  socket.on('streamStatus', (raw) => {
    const p = consolePushes.streamStatus.safeParse(raw);
    if (!p.success) return console.warn('console: bad streamStatus push', p.error.issues);
    handlers.onStreamStatus(p.data);
  });
  socket.on('alert', (raw) => {
    const p = consolePushes.alert.safeParse(raw);
    if (!p.success) return console.warn('console: bad alert push', p.error.issues);
    handlers.onAlert(p.data);
  });
  socket.on('wall', (raw) => {
    const p = consolePushes.wall.safeParse(raw);
    if (!p.success) return console.warn('console: bad wall push', p.error.issues);
    handlers.onWall(p.data);
  });
  socket.on('sessionEnded', (raw) => {
    const p = consolePushes.sessionEnded.safeParse(raw);
    handlers.onSessionEnded(p.success ? p.data.code : 'UNAUTHENTICATED');
  });
  socket.on('escalation', (raw) => {
    const p = consolePushes.escalation.safeParse(raw);
    if (!p.success) return console.warn('console: bad escalation push', p.error.issues);
    handlers.onEscalation(p.data);
  });

  return {
    /** Gets this wall's `wallState` and `wallSync` pushes from now on (every wall may be watched at once). */
    watchWall(id: string): void {
      if (wallIds.has(id)) return;
      wallIds.add(id);
      subscribe(id);
    },
    close(): void {
      socket.close();
    },
  };
}

export type ConsoleSocket = ReturnType<typeof connectConsoleSocket>;
