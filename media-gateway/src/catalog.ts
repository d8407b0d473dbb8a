import type { StreamProfile } from '@ioc/protocol';
import type { GatewayConfig } from './config';

/** Where a stream's pictures come from. */
export type SourceInput =
  /** A camera; `url` may carry credentials and must never leave the gateway. */
  | { kind: 'rtsp'; url: string }
  /** A synthetic ffmpeg lavfi picture (demo cameras), encoded by the gateway itself. */
  | { kind: 'lavfi'; pattern: string; width: number; height: number; fps: number; label: string };

export interface CameraSource {
  id: string;
  name: string;
  profiles: { main: SourceInput; sub?: SourceInput };
  /** ONVIF device service (PTZ, presets); `password` must never leave the gateway. */
  onvif?: { address: string; username: string | null; password: string | null };
}

/** The narrow interface the gateway needs from whoever owns the camera registry. */
export interface CameraCatalog {
  get(cameraId: string): Promise<CameraSource | undefined>;
}

export function inputFor(camera: CameraSource, profile: StreamProfile): SourceInput | undefined {
  return profile === 'main' ? camera.profiles.main : camera.profiles.sub;
}

/** Cameras listed in the gateway config. */
export class StaticCameraCatalog implements CameraCatalog {
  private readonly byId = new Map<string, CameraSource>();
  constructor(cameras: GatewayConfig['cameras']) {
    for (const c of cameras) {
      this.byId.set(c.id, {
        id: c.id,
        name: c.name,
        profiles: { main: { kind: 'rtsp', url: c.main }, ...(c.sub ? { sub: { kind: 'rtsp' as const, url: c.sub } } : {}) },
      });
    }
  }
  async get(cameraId: string): Promise<CameraSource | undefined> {
    return this.byId.get(cameraId);
  }
  get size(): number {
    return this.byId.size;
  }
}

/** Tries catalogs in order; the first that knows the camera wins. */
export class ChainedCameraCatalog implements CameraCatalog {
  constructor(private readonly catalogs: CameraCatalog[]) {}
  async get(cameraId: string): Promise<CameraSource | undefined> {
    for (const c of this.catalogs) {
      const found = await c.get(cameraId);
      if (found) return found;
    }
    return undefined;
  }
}
