import { defineConfig } from 'vitest/config';

/**
 * Suites that measure real-time video (a camera back on a tile within 5 s, 16 tiles playing, 60
 * demo tiles, glass to glass) run one at a time, after the rest: on two cores, two of them at
 * once (each a browser decoding video, ffmpeg encoding it and a gateway forwarding it) starve
 * each other, and then measure the test machine rather than the product. A screen PC does not
 * share its cores with a second browser, an encoder and a test runner.
 */
const REAL_TIME = [
  'tests/e2e/video-tile.test.ts',
  'tests/e2e/webrtc-tile.test.ts',
  'tests/e2e/camera-transport.test.ts',
  'tests/e2e/camera-wall.test.ts',
  'tests/e2e/escalation.test.ts',
  'tests/e2e/quick-start.test.ts',
  'tests/e2e/g2g-barcode-camera.test.ts',
  // Console journeys that play video on screen pages and in the console (WHEP preview).
  'tests/e2e/console-operator.test.ts',
  'tests/e2e/console-duty.test.ts',
  'media-gateway/src/webrtc/whep.test.ts',
  'media-gateway/src/gateway-faults.test.ts',
];
const EXCLUDE = ['**/node_modules/**', '**/dist/**', 'wall-client/release/**'];

export default defineConfig({
  test: {
    // Browser suites on 2 shared cores: a generous ceiling, never a weaker assertion.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ['default'],
    projects: [
      {
        extends: true,
        test: {
          name: 'suite',
          include: ['**/*.test.ts'],
          exclude: [...EXCLUDE, ...REAL_TIME],
          // Browser, ffmpeg and RTSP suites start real processes; two cores cannot run many at once.
          maxWorkers: 2,
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: 'real-time',
          include: REAL_TIME,
          exclude: EXCLUDE,
          maxWorkers: 1,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
