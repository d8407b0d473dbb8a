import { AppError, RecordingSchema, type Recording } from '@ioc/protocol';
import type { ControllerConfig } from '../config';

/**
 * The media gateway's evidence recorder, reached with the shared media secret
 * (`PUT /api/recordings/:id`, `POST …/stop`, `GET …/clip`). Recording ids are escalation ids.
 */
export function createRecordingsClient(mg: ControllerConfig['mediaGateway'], timeoutMs = 15_000) {
  const base = mg.url?.replace(/\/+$/, '') ?? null;
  const configured = () => base !== null && mg.secret !== null;
  const call = async (method: string, path: string, body?: unknown, signal?: AbortSignal, extra: Record<string, string> = {}): Promise<Response> => {
    if (!base || !mg.secret) throw new AppError('GATEWAY_NOT_CONFIGURED', 'no media gateway is configured (mediaGateway.url and mediaGateway.secret)');
    return fetch(`${base}${path}`, {
      method,
      headers: { ...extra, Authorization: `Bearer ${mg.secret}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: signal ?? AbortSignal.timeout(timeoutMs),
    });
  };
  const json = async (res: Response, what: string): Promise<Recording> => {
    if (!res.ok) throw new Error(`${what}: the media gateway answered ${res.status} ${await res.text().catch(() => '')}`.slice(0, 300));
    const parsed = RecordingSchema.safeParse(await res.json().catch(() => null));
    if (!parsed.success) throw new Error(`${what}: the media gateway answered a recording of an unknown shape (${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message})`);
    return parsed.data;
  };
  return {
    configured,
    async start(id: string, cameraId: string): Promise<Recording> {
      return json(await call('PUT', `/api/recordings/${encodeURIComponent(id)}`, { cameraId, profile: 'main' }), `recording ${id}`);
    },
    async stop(id: string): Promise<Recording> {
      return json(await call('POST', `/api/recordings/${encodeURIComponent(id)}/stop`, {}), `stopping recording ${id}`);
    },
    /**
     * The gateway's answer as is (an MP4 stream, or its error), for the controller to relay;
     * `range` is the client's `Range` header, passed on so downloads can resume.
     */
    async clip(id: string, signal?: AbortSignal, range?: string): Promise<Response> {
      return call('GET', `/api/recordings/${encodeURIComponent(id)}/clip`, undefined, signal, range ? { Range: range } : {});
    },
  };
}
export type RecordingsClient = ReturnType<typeof createRecordingsClient>;
