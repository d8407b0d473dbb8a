import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**', 'wall-client/release/**'],
    // Browser suites on 2 shared cores: a generous ceiling, never a weaker assertion.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Browser, ffmpeg and RTSP suites start real processes; two cores cannot run many at once.
    maxWorkers: 2,
    reporters: ['default'],
  },
});
