import express from 'express';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server as IoServer } from 'socket.io';
import { PROTOCOL_VERSION } from '@ioc/protocol';
import { addCameraRoutesDouble } from './camera-routes-double';
import type { Alert, ApiError, Layout, PairingInfo, Role, Screen, Tile, WallSpec, WallState, WallSync } from '@ioc/protocol';

/**
 * A test DOUBLE of the controller for the console's browser test: the documented REST routes
 * and `/console` socket namespace, with canned data, plus the built console served at /console/.
 * It is not the controller; the lead's end-to-end tests run the console against the real one.
 */
export interface ApplyBody {
  layoutId?: string;
  tiles?: Tile[];
  ifVersion?: number;
  reason?: string;
}
export type ApplyResponder = (wallId: string, body: ApplyBody) => { status: number; body: unknown } | null;

const USERS: Record<string, { password: string; roles: Role[] }> = {
  op: { password: 'op-password', roles: ['operator'] },
  viewer: { password: 'viewer-password', roles: ['viewer'] },
  tech: { password: 'tech-password', roles: ['technician'] },
};
const bezel = { left: 6, right: 6, top: 6, bottom: 6 };
const WALLS: WallSpec[] = [
  { id: 'monitoring', name: 'Monitoring room', cols: 9, rows: 3, screenWidth: 1920, screenHeight: 1080, bezel },
  { id: 'command', name: 'Command room', cols: 3, rows: 3, screenWidth: 1920, screenHeight: 1080, bezel },
];

const label = (id: string, x: number, y: number, w: number, h: number, text: string): Tile => ({
  id,
  rect: { x, y, w, h },
  source: { kind: 'label', text },
  label: text,
  z: 0,
});

export function createConsoleApiDouble(distDir: string) {
  const app = express();
  app.use(express.json());
  const http = createServer(app);
  const io = new IoServer(http);
  const applyBodies: ApplyBody[] = [];
  const pairBodies: unknown[] = [];
  let responder: ApplyResponder = () => null;
  let alerts: Alert[] = [];
  const now = Date.now();
  const states = new Map<string, WallState>(
    WALLS.map((w) => [
      w.id,
      {
        wallId: w.id,
        version: 4,
        layoutId: `${w.id}-overview`,
        tiles: [label('map', 0, 0, w.cols / 3, w.rows, 'City map'), label('cam-1', w.cols / 3, 0, 1, 1, 'Cam 1 Le Duan')],
        activateAt: now - 60_000,
        changedBy: 'admin',
        reason: 'morning shift',
        incident: null,
        createdAt: now - 60_500,
      },
    ]),
  );
  const history = new Map<string, WallState[]>([...states].map(([id, s]) => [id, [s]]));
  const layouts: Layout[] = [
    { id: 'mon-quad', wallId: 'monitoring', name: 'Quad cameras', builtin: true, tiles: [0, 1, 2, 3].map((i) => label(`q${i}`, (i % 2) * 0.5, Math.floor(i / 2) * 0.5, 0.5, 0.5, `Quad ${i}`)) },
    { id: 'mon-span', wallId: 'monitoring', name: 'Spanning map', builtin: true, tiles: [label('big', 0, 0, 9, 3, 'Whole wall map')] },
    { id: 'mon-saved', wallId: 'monitoring', name: 'Flood watch', builtin: false, tiles: [label('flood', 2, 0, 5, 2, 'Flood cams')] },
    { id: 'cmd-incident', wallId: 'command', name: 'Incident', builtin: true, tiles: [label('inc', 0, 0, 2, 2, 'Incident')] },
  ];
  const syncOf = (wallId: string, allInSync = false): WallSync => {
    const w = WALLS.find((x) => x.id === wallId)!;
    const version = states.get(wallId)!.version;
    const screens = [];
    for (let row = 0; row < w.rows; row++) {
      for (let col = 0; col < w.cols; col++) {
        if (!allInSync && col === w.cols - 1 && row === w.rows - 1) continue; // one empty position
        const offline = !allInSync && col === 0 && row === 0;
        const behind = !allInSync && col === 1 && row === 0;
        screens.push({
          screenId: `${wallId}-${col}-${row}`,
          col,
          row,
          online: !offline,
          ackedVersion: behind ? version - 1 : version,
          appliedAt: now,
          inSync: !offline && !behind,
          lastHeartbeat: offline ? null : { at: now, fps: 60, memoryMb: 300 },
        });
      }
    }
    return { wallId, version, screens };
  };
  const pending: PairingInfo[] = [{ code: 'K7Q2XZ', deviceId: 'dev-new-1', hostname: 'wall-pc-28', address: '10.20.0.28' }];
  const screens: Screen[] = [{ id: 'monitoring-0-1', wallId: 'monitoring', col: 0, row: 1, hostname: 'wall-pc-10', pairedAt: now - 86_400_000 }];

  const err = (res: express.Response, status: number, e: ApiError) => res.status(status).json(e);
  const userOf = (req: express.Request) => {
    const name = /^Bearer tok-(\w+)$/.exec(req.headers.authorization ?? '')?.[1];
    return name && USERS[name] ? { username: name, roles: USERS[name].roles } : null;
  };

  app.use('/console', express.static(distDir));
  app.post('/api/auth/login', (req, res) => {
    const { username, password } = req.body as { username: string; password: string };
    const u = USERS[username];
    if (!u || u.password !== password) return err(res, 401, { code: 'BAD_CREDENTIALS', message: 'wrong user name or password' });
    res.json({ token: `tok-${username}`, user: { username, roles: u.roles }, expiresAt: Date.now() + 3_600_000 });
  });
  app.use('/api', (req, res, next) => {
    if (!userOf(req)) return err(res, 401, { code: 'UNAUTHENTICATED', message: 'sign in first' });
    next();
  });
  app.post('/api/auth/logout', (_req, res) => void res.status(204).end());
  app.get('/api/me', (req, res) => void res.json(userOf(req)));
  const cameras = addCameraRoutesDouble(app, io.of('/console'), (req) => userOf(req)?.roles ?? []);
  app.get('/api/walls', (_req, res) => void res.json(WALLS));
  app.get('/api/alerts', (_req, res) => void res.json({ alerts }));
  app.get('/api/walls/:wallId/state', (req, res) => void res.json(states.get(req.params.wallId)));
  app.get('/api/walls/:wallId/sync', (req, res) => void res.json(syncOf(req.params.wallId)));
  app.get('/api/walls/:wallId/history', (req, res) => void res.json(history.get(req.params.wallId) ?? []));
  app.get('/api/layouts', (req, res) => void res.json(layouts.filter((l) => l.wallId === req.query.wallId)));
  app.get('/api/screens', (_req, res) => void res.json(screens));
  app.get('/api/screens/pending', (_req, res) => void res.json(pending));
  app.post('/api/screens/pair', (req, res) => {
    pairBodies.push(req.body);
    res.json({ screenId: 'monitoring-8-2' });
  });
  app.post('/api/walls/:wallId/apply', (req, res) => {
    const wallId = req.params.wallId;
    const body = req.body as ApplyBody;
    applyBodies.push(body);
    const canned = responder(wallId, body);
    if (canned) return res.status(canned.status).json(canned.body);
    const layout = layouts.find((l) => l.id === body.layoutId)!;
    const prev = states.get(wallId)!;
    const next: WallState = {
      ...prev,
      version: prev.version + 1,
      layoutId: layout.id,
      tiles: layout.tiles,
      activateAt: Date.now() + 300,
      changedBy: 'op',
      reason: body.reason ?? null,
      createdAt: Date.now(),
    };
    setState(next);
    res.json({ wallId, version: next.version, activateAt: next.activateAt });
  });

  function setState(next: WallState): void {
    states.set(next.wallId, next);
    history.set(next.wallId, [next, ...(history.get(next.wallId) ?? [])]);
    io.of('/console').to(`wall:${next.wallId}`).emit('wallState', next);
  }

  io.of('/console').use((socket, next) => {
    const auth = socket.handshake.auth as { protocolVersion?: number; token?: string };
    if (auth.protocolVersion !== PROTOCOL_VERSION) return next(new Error('PROTOCOL_MISMATCH'));
    if (!auth.token?.startsWith('tok-')) return next(new Error('UNAUTHENTICATED'));
    next();
  });
  io.of('/console').on('connection', (socket) => {
    socket.on('subscribeWall', (payload: { wallId: string }, cb: (r: unknown) => void) => {
      for (const room of socket.rooms) if (room.startsWith('wall:')) void socket.leave(room);
      void socket.join(`wall:${payload.wallId}`);
      cb({ ok: true, data: syncOf(payload.wallId) });
    });
  });

  return {
    applyBodies,
    pairBodies,
    /** Camera registry and stream status controls (see camera-routes-double.ts). */
    cameras,
    setApplyResponder(r: ApplyResponder): void {
      responder = r;
    },
    /** Another operator changed the wall a moment ago; its push has not reached the console yet. */
    bumpVersionSilently(wallId: string, by: string): WallState {
      const prev = states.get(wallId)!;
      const next = { ...prev, version: prev.version + 1, changedBy: by, reason: 'changed elsewhere', createdAt: Date.now() };
      states.set(wallId, next);
      history.set(wallId, [next, ...(history.get(wallId) ?? [])]);
      return next;
    },
    /** The active alerts `GET /api/alerts` answers from now on. */
    setAlerts(list: Alert[]): void {
      alerts = list;
    },
    /** An alert raised or cleared, pushed to every console (the list is not changed). */
    pushAlert(alert: Alert): void {
      io.of('/console').emit('alert', alert);
    },
    pushSync(wallId: string, allInSync: boolean): void {
      io.of('/console').to(`wall:${wallId}`).emit('wallSync', syncOf(wallId, allInSync));
    },
    listen(): Promise<string> {
      return new Promise((resolve) => http.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(http.address() as AddressInfo).port}`)));
    },
    /** Closes the socket.io server, which closes the HTTP server under it. */
    close(): Promise<void> {
      return new Promise((resolve) => void io.close(() => resolve()));
    },
  };
}
