import { DEMO_CAMERA_IDS } from '@ioc/layout-presets';
import type { Camera } from '@ioc/protocol';
import type { Store } from '../db/store';

/** The quick start's synthetic cameras, which the media gateway generates (`demo.cameras` there). */
export function isDemoCamera(id: string): boolean {
  return (DEMO_CAMERA_IDS as readonly string[]).includes(id);
}

/**
 * A camera a wall may show: a registered one or a demo camera (the built-in presets name them,
 * whatever `demo.cameras` says). Layouts and screens' media tokens ask this.
 */
export function cameraOnRecord(store: Store, id: string): boolean {
  return store.cameras.get(id) !== null || isDemoCamera(id);
}

/**
 * The demo cameras as the registry lists them (`demo.cameras`), read-only: the walls of the
 * quick start play them, so consoles must be able to find and escalate them too. A registered
 * camera with the same id takes their place.
 */
export function demoCameras(): Camera[] {
  return DEMO_CAMERA_IDS.map((id, i) => ({
    id,
    name: `Demo camera ${i + 1}`,
    district: 'Demo',
    mainUrl: `demo://${id}/main`,
    subUrl: `demo://${id}/sub`,
    onvifAddress: null,
    hasCredentials: false,
    updatedAt: 0,
    builtin: true,
  }));
}
