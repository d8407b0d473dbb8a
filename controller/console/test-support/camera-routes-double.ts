import type { Express, Request, Response } from 'express';
import type { Namespace } from 'socket.io';
import { AppError, CameraCreateSchema, CameraPatchSchema, parseOrThrow } from '@ioc/protocol';
import type { Camera, Role, StreamStatus } from '@ioc/protocol';

/**
 * The camera routes of the console's controller DOUBLE: `/api/cameras` (CRUD, write-only
 * credentials), `/api/streams/status`, and the `streamStatus` push. Validation uses the
 * protocol's own schemas, so refusals read like the controller's. Not the controller.
 */
interface Record_ extends Omit<Camera, 'hasCredentials' | 'status'> {
  username: string | null;
  password: string | null;
}
export interface CameraRequest {
  method: string;
  id?: string;
  body: unknown;
}

const status = (cameraId: string, profile: 'main' | 'sub', state: StreamStatus['state'], error: string | null = null): StreamStatus => ({
  cameraId,
  profile,
  state,
  since: Date.now() - 120_000,
  restarts: state === 'stalled' ? 2 : 0,
  lastSegmentAt: state === 'live' ? Date.now() - 500 : null,
  codec: 'h264',
  transcoding: false,
  error,
});

export function addCameraRoutesDouble(app: Express, consoles: Namespace, rolesOf: (req: Request) => Role[]) {
  const cams = new Map<string, Record_>();
  const put = (c: Omit<Record_, 'updatedAt'>) => cams.set(c.id, { ...c, updatedAt: Date.now() });
  put({ id: 'cam-le-duan', name: 'Le Duan x Nam Ky', district: 'District 1', mainUrl: 'rtsp://10.1.0.11:554/main', subUrl: 'rtsp://10.1.0.11:554/sub', onvifAddress: '10.1.0.11', username: 'viewer', password: 'cam-secret-1' });
  put({ id: 'cam-thu-thiem', name: 'Thu Thiem tunnel', district: 'Thu Duc', mainUrl: 'rtsp://10.1.0.12:554/main', subUrl: 'rtsp://10.1.0.12:554/sub', onvifAddress: null, username: null, password: null });
  put({ id: 'cam-ben-thanh', name: 'Ben Thanh market', district: 'District 1', mainUrl: 'rtsp://10.1.0.13:554/main', subUrl: null, onvifAddress: null, username: null, password: null });
  const streams = new Map<string, StreamStatus>(
    [
      status('cam-le-duan', 'main', 'live'),
      status('cam-le-duan', 'sub', 'live'),
      status('cam-thu-thiem', 'main', 'stalled', 'no new segment for 6 s'),
      status('cam-thu-thiem', 'sub', 'offline', 'connection refused'),
    ].map((s) => [`${s.cameraId}/${s.profile}`, s]),
  );
  const requests: CameraRequest[] = [];
  let gatewayConnected = true;

  const answer = (c: Record_): Camera => {
    const { username, password, ...rest } = c;
    return { ...rest, hasCredentials: username !== null || password !== null, status: { main: streams.get(`${c.id}/main`) ?? null, sub: streams.get(`${c.id}/sub`) ?? null } };
  };
  const fail = (res: Response, e: unknown) => {
    if (!(e instanceof AppError)) throw e;
    res.status(e.status).json(e.toJSON());
  };
  const mayWrite = (req: Request) => {
    if (!rolesOf(req).some((r) => r === 'admin' || r === 'technician')) throw new AppError('FORBIDDEN', 'needs the admin or technician role');
  };
  const existing = (id: string) => {
    const c = cams.get(id);
    if (!c) throw new AppError('CAMERA_NOT_FOUND', `camera "${id}" does not exist`);
    return c;
  };

  app.get('/api/cameras', (_req, res) => void res.json([...cams.values()].map(answer)));
  app.get('/api/streams/status', (_req, res) => void res.json({ streams: [...streams.values()], gatewayConnected }));
  app.post('/api/cameras', (req, res) => {
    requests.push({ method: 'POST', body: req.body });
    try {
      mayWrite(req);
      const b = parseOrThrow(CameraCreateSchema, req.body, 'camera');
      if (cams.has(b.id)) throw new AppError('ALREADY_EXISTS', `camera "${b.id}" already exists`);
      put({ id: b.id, name: b.name, district: b.district, mainUrl: b.mainUrl, subUrl: b.subUrl ?? null, onvifAddress: b.onvifAddress ?? null, username: b.username ?? null, password: b.password ?? null });
      res.status(201).json(answer(existing(b.id)));
    } catch (e) {
      fail(res, e);
    }
  });
  app.patch('/api/cameras/:id', (req, res) => {
    requests.push({ method: 'PATCH', id: req.params.id, body: req.body });
    try {
      mayWrite(req);
      const old = existing(req.params.id);
      const p = parseOrThrow(CameraPatchSchema, req.body, 'camera');
      const defined = Object.fromEntries(Object.entries(p).filter(([, v]) => v !== undefined));
      put({ ...old, ...defined });
      res.json(answer(existing(old.id)));
    } catch (e) {
      fail(res, e);
    }
  });
  app.delete('/api/cameras/:id', (req, res) => {
    requests.push({ method: 'DELETE', id: req.params.id, body: undefined });
    try {
      mayWrite(req);
      cams.delete(existing(req.params.id).id);
      res.status(204).end();
    } catch (e) {
      fail(res, e);
    }
  });

  return {
    /** Every camera write the console sent, bodies as received (the test checks what left the browser). */
    requests,
    /** The gateway reports a change: the double keeps it and pushes it to every console. */
    pushStreamStatus(cameraId: string, profile: 'main' | 'sub', state: StreamStatus['state'], error: string | null = null): void {
      const s = { ...status(cameraId, profile, state, error), since: Date.now() };
      streams.set(`${cameraId}/${profile}`, s);
      consoles.emit('streamStatus', s);
    },
    setGatewayConnected(connected: boolean): void {
      gatewayConnected = connected;
    },
  };
}
