import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**', 'wall-client/release/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Browser, ffmpeg and RTSP suites start real processes; two cores cannot run many at once.
    maxWorkers: 2,
    reporters: ['default'],
  },
});
