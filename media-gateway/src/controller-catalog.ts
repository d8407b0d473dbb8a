import { InternalCameraSchema, type InternalCamera } from '@ioc/protocol';
import type { CameraCatalog, CameraSource } from './catalog';
import type { Logger } from './logger';

export interface ControllerCatalogOptions {
  /** Controller base URL as the gateway reaches it. */
  controllerUrl: string;
  /** The shared media secret (`media.secret` here, `mediaGateway.secret` there). */
  secret: string;
  /** How long an answer (camera or "no such camera") is reused. */
  cacheMs?: number;
  timeoutMs?: number;
  log?: Logger;
  fetch?: typeof fetch;
}

interface Entry {
  at: number;
  camera: CameraSource | undefined;
}

const toSource = (c: InternalCamera): CameraSource => ({
  id: c.id,
  name: c.name,
  profiles: { main: { kind: 'rtsp', url: c.mainUrl }, ...(c.subUrl ? { sub: { kind: 'rtsp' as const, url: c.subUrl } } : {}) },
  ...(c.onvif ? { onvif: c.onvif } : {}),
});

/**
 * The controller's camera registry, read through `GET /api/internal/cameras/:id` (bearer media
 * secret), the only API that returns camera credentials. Answers are cached briefly so that a
 * burst of segment requests costs one lookup; when the controller is unreachable the last known
 * answer is kept, so running streams survive a controller restart.
 */
export class ControllerCameraCatalog implements CameraCatalog {
  private readonly cache = new Map<string, Entry>();
  private readonly inflight = new Map<string, Promise<CameraSource | undefined>>();
  private readonly base: string;
  private warned = false;

  constructor(private readonly opts: ControllerCatalogOptions) {
    this.base = opts.controllerUrl.replace(/\/+$/, '');
  }

  async get(cameraId: string): Promise<CameraSource | undefined> {
    const hit = this.cache.get(cameraId);
    if (hit && Date.now() - hit.at < (this.opts.cacheMs ?? 5_000)) return hit.camera;
    let p = this.inflight.get(cameraId);
    if (!p) {
      p = this.fetchCamera(cameraId).finally(() => this.inflight.delete(cameraId));
      this.inflight.set(cameraId, p);
    }
    return p;
  }

  private async fetchCamera(cameraId: string): Promise<CameraSource | undefined> {
    const doFetch = this.opts.fetch ?? fetch;
    try {
      const res = await doFetch(`${this.base}/api/internal/cameras/${encodeURIComponent(cameraId)}`, {
        headers: { authorization: `Bearer ${this.opts.secret}` },
        signal: AbortSignal.timeout(this.opts.timeoutMs ?? 3_000),
      });
      if (res.status === 404) return this.remember(cameraId, undefined);
      if (res.status !== 200) throw new Error(`controller answered ${res.status}`);
      const parsed = InternalCameraSchema.safeParse(await res.json());
      if (!parsed.success) throw new Error('controller sent a malformed camera');
      this.warned = false;
      return this.remember(cameraId, toSource(parsed.data));
    } catch (err) {
      if (!this.warned) {
        // The message never carries a camera URL: only our own status text or a network error.
        this.opts.log?.warn('controller camera lookup failed; using the last known answer', { cameraId, error: err instanceof Error ? err.message : String(err) });
        this.warned = true;
      }
      return this.cache.get(cameraId)?.camera;
    }
  }

  private remember(cameraId: string, camera: CameraSource | undefined): CameraSource | undefined {
    this.cache.set(cameraId, { at: Date.now(), camera });
    return camera;
  }
}
