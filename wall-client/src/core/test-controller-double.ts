import { createServer } from 'node:http';
import type { IncomingMessage, Server as HttpServer, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import type { Socket } from 'socket.io';
import { PROTOCOL_VERSION, ScreenHandshakeSchema } from '@ioc/protocol';
import type { Ack, Heartbeat, ScreenPosition, WallSpec, WallState } from '@ioc/protocol';

/**
 * TEST DOUBLE of the controller's `/screen` namespace, for the wall-client's own tests while
 * the real controller is being built. It implements only the handful of events a screen
 * uses, and it is not the controller: the cross-part e2e suites run against the real one.
 */
export interface ControllerDoubleOptions {
  walls: WallSpec[];
  /** Pair screens that present a demoPosition at once (the controller's demo.autoPair). */
  autoPair?: boolean;
  /** Static files handler for browser tests (the built renderer). */
  serve?: (req: IncomingMessage, res: ServerResponse) => boolean;
  /** Extra ms added to the double's clock, to check that screens correct for offsets. */
  clockSkewMs?: number;
  port?: number;
  /** The version this double speaks; differs from PROTOCOL_VERSION to test refusals. */
  protocolVersion?: number;
  /** The real controller pushes the current state after welcome; off to test `sync` alone. */
  pushStateOnWelcome?: boolean;
}

interface Placed extends ScreenPosition {
  screenId: string;
  token: string;
}

export interface ReceivedAck extends Ack {
  screenId: string;
  receivedAt: number;
}

export class ControllerDouble {
  readonly acks: ReceivedAck[] = [];
  readonly heartbeats: (Heartbeat & { screenId: string })[] = [];
  readonly syncs: { screenId: string; knownVersion: number | null }[] = [];
  readonly states = new Map<string, WallState>();
  /** deviceId -> placement, as the controller's screen table would hold it. */
  readonly placed = new Map<string, Placed>();
  readonly pendingCodes = new Map<string, string>();
  private io!: Server;
  private http!: HttpServer;
  port = 0;

  constructor(private readonly opts: ControllerDoubleOptions) {}

  now(): number {
    return Date.now() + (this.opts.clockSkewMs ?? 0);
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.http = createServer((req, res) => {
      if (this.opts.serve?.(req, res)) return;
      if (!req.url?.startsWith('/socket.io')) {
        res.statusCode = 404;
        res.end('not found');
      }
    });
    this.io = new Server(this.http, { cors: { origin: '*' } });
    const nsp = this.io.of('/screen');
    nsp.use((socket, next) => {
      const parsed = ScreenHandshakeSchema.safeParse(socket.handshake.auth);
      if (!parsed.success) return next(refusal('VALIDATION_FAILED', 'bad handshake'));
      const auth = parsed.data;
      const speaks = this.opts.protocolVersion ?? PROTOCOL_VERSION;
      if (auth.protocolVersion !== speaks) {
        return next(refusal('PROTOCOL_MISMATCH', `protocol ${auth.protocolVersion} refused; controller speaks ${speaks}`));
      }
      socket.data.deviceId = auth.deviceId;
      socket.data.token = auth.token ?? null;
      socket.data.demoPosition = auth.demoPosition ?? null;
      next();
    });
    nsp.on('connection', (socket) => this.onConnection(socket));
    await new Promise<void>((resolve) => this.http.listen(this.opts.port ?? 0, '127.0.0.1', resolve));
    this.port = (this.http.address() as AddressInfo).port;
  }

  private onConnection(socket: Socket) {
    const deviceId = socket.data.deviceId as string;
    const token = socket.data.token as string | null;
    const demo = socket.data.demoPosition as ScreenPosition | null;
    socket.on('clock', (p: { t0: number }, cb: (r: unknown) => void) => {
      const t1 = this.now();
      cb({ ok: true, data: { t0: p.t0, t1, t2: this.now() } });
    });
    const bound = () => socket.data.placed as Placed | undefined;
    const notPaired = { ok: false, error: { code: 'UNAUTHENTICATED', message: 'this screen is not paired yet' } };
    socket.on('ack', (p: Ack, cb: (r: unknown) => void) => {
      const placed = bound();
      if (!placed) return cb(notPaired);
      this.acks.push({ ...p, screenId: placed.screenId, receivedAt: this.now() });
      cb({ ok: true, data: { inSync: p.version === this.states.get(placed.wallId)?.version } });
    });
    socket.on('heartbeat', (p: Heartbeat, cb: (r: unknown) => void) => {
      const placed = bound();
      if (!placed) return cb(notPaired);
      this.heartbeats.push({ ...p, screenId: placed.screenId });
      cb({ ok: true, data: { at: this.now() } });
    });
    socket.on('sync', (p: { knownVersion: number | null }, cb: (r: unknown) => void) => {
      const placed = bound();
      if (!placed) return cb(notPaired);
      this.syncs.push({ screenId: placed.screenId, knownVersion: p.knownVersion });
      const st = this.states.get(placed.wallId) ?? null;
      cb({ ok: true, data: { state: st && (p.knownVersion === null || st.version > p.knownVersion) ? st : null } });
    });
    const placed = token ? [...this.placed.values()].find((p) => p.token === token) : undefined;
    if (placed) return this.bind(socket, placed);
    // Like the real controller: an unknown token is told so, and the screen starts over.
    if (token) socket.emit('unpaired', { reason: 'display token unknown or revoked' });
    if (demo && this.opts.autoPair) {
      const p = this.pair(deviceId, demo);
      socket.emit('paired', p);
      return this.bind(socket, p);
    }
    this.awaitPairing(socket, deviceId);
  }

  private awaitPairing(socket: Socket, deviceId: string) {
    const code = this.pendingCodes.get(deviceId) ?? String(100000 + ++this.codeSeq * 7919).slice(0, 6);
    this.pendingCodes.set(deviceId, code);
    socket.emit('pairing', { code, deviceId, hostname: 'double-host', address: '127.0.0.1' });
  }

  private codeSeq = 0;

  /** The connection is upgraded in place: welcome, then the wall's current state. */
  private bind(socket: Socket, placed: Placed) {
    socket.data = { ...(socket.data as object), placed };
    void socket.join([`wall:${placed.wallId}`, `screen:${placed.screenId}`]);
    socket.emit('welcome', {
      screenId: placed.screenId,
      wallId: placed.wallId,
      col: placed.col,
      row: placed.row,
      serverTime: this.now(),
      mediaGatewayUrl: null,
      wall: this.opts.walls.find((w) => w.id === placed.wallId),
    });
    const st = this.states.get(placed.wallId);
    if (st && this.opts.pushStateOnWelcome !== false) socket.emit('state', st);
  }

  /** Places a device, as a technician would from the console. */
  pair(deviceId: string, pos: ScreenPosition): Placed & { wallId: string } {
    const p: Placed = { ...pos, screenId: `${pos.wallId}-${pos.col}-${pos.row}`, token: `tok-${deviceId}-${Math.random().toString(36).slice(2, 12)}` };
    this.placed.set(deviceId, p);
    this.pendingCodes.delete(deviceId);
    return p;
  }

  /** Pairs a waiting device and tells its socket, like the console's "place screen". */
  async pairWaiting(deviceId: string, pos: ScreenPosition): Promise<void> {
    const p = this.pair(deviceId, pos);
    for (const s of this.io.of('/screen').sockets.values()) {
      if (s.data.deviceId !== deviceId) continue;
      s.emit('paired', p);
      this.bind(s, p);
    }
  }

  /** Writes a new version for the wall and broadcasts it, as applyLayout would. */
  apply(wallId: string, tiles: WallState['tiles'], activateInMs = 300): WallState {
    const prev = this.states.get(wallId);
    const state: WallState = {
      wallId,
      version: (prev?.version ?? 0) + 1,
      layoutId: null,
      tiles,
      activateAt: this.now() + activateInMs,
      changedBy: 'test',
      reason: null,
      createdAt: this.now(),
      incident: null,
    };
    this.states.set(wallId, state);
    this.io.of('/screen').to(`wall:${wallId}`).emit('state', state);
    return state;
  }

  /** Sends any payload as a push, valid or not. */
  pushRaw(wallId: string, event: string, payload: unknown): void {
    this.io.of('/screen').to(`wall:${wallId}`).emit(event, payload);
  }

  identify(wallId: string, durationMs = 5000): void {
    this.io.of('/screen').to(`wall:${wallId}`).emit('identify', { durationMs, until: this.now() + durationMs });
  }

  connectedDevices(): string[] {
    return [...this.io.of('/screen').sockets.values()].map((s) => s.data.deviceId as string);
  }

  /** Revokes a screen's token as a technician removing it would: unpaired, then a new code. */
  revoke(deviceId: string): void {
    const placed = this.placed.get(deviceId);
    this.placed.delete(deviceId);
    for (const s of this.io.of('/screen').sockets.values()) {
      if (s.data.deviceId !== deviceId) continue;
      if (placed) void s.leave(`wall:${placed.wallId}`);
      s.data = { ...(s.data as object), placed: undefined };
      s.emit('unpaired', { reason: 'removed from its wall by a technician' });
      this.awaitPairing(s, deviceId);
    }
  }

  async close(): Promise<void> {
    this.io.of('/screen').disconnectSockets(true);
    await new Promise<void>((resolve) => this.io.close(() => resolve()));
    this.http.closeAllConnections?.();
  }
}

function refusal(code: string, message: string): Error {
  const err = new Error(message) as Error & { data: unknown };
  err.data = { code, message };
  return err;
}
