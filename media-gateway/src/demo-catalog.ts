import type { CameraCatalog, CameraSource } from './catalog';

// Cheap generators only: mandelbrot costs about half a core at 720p.
const PATTERNS = ['testsrc2', 'smptebars', 'testsrc', 'rgbtestsrc'] as const;

/**
 * Synthetic live cameras for `npm start` with no cameras configured: `demo-cam-1`..`demo-cam-4`,
 * each a moving lavfi pattern with its name and a clock, so demo walls show live video.
 */
export class DemoCameraCatalog implements CameraCatalog {
  static readonly ids = PATTERNS.map((_p, i) => `demo-cam-${i + 1}`);

  async get(cameraId: string): Promise<CameraSource | undefined> {
    const index = DemoCameraCatalog.ids.indexOf(cameraId);
    const pattern = PATTERNS[index];
    if (pattern === undefined) return undefined;
    const name = `Demo camera ${index + 1}`;
    return {
      id: cameraId,
      name,
      profiles: {
        main: { kind: 'lavfi', pattern, width: 1280, height: 720, fps: 25, label: name },
        sub: { kind: 'lavfi', pattern, width: 480, height: 270, fps: 15, label: name },
      },
    };
  }
}
