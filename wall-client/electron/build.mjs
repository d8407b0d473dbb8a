// Bundles the kiosk's main process and preload into wall-client/dist-electron/ (CommonJS:
// a sandboxed preload cannot load ES modules, and one format for both keeps packaging simple).
import { build } from 'esbuild';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const outdir = path.resolve(here, '..', 'dist-electron');

const common = {
  bundle: true,
  format: 'cjs',
  external: ['electron'],
  sourcemap: true,
  logLevel: 'info',
  // Built output is not source: linters and git skip it.
  banner: { js: '/* eslint-disable */' },
};

mkdirSync(outdir, { recursive: true });
writeFileSync(path.join(outdir, '.gitignore'), '*\n');

await Promise.all([
  build({
    ...common,
    entryPoints: [path.join(here, 'main.ts')],
    outfile: path.join(outdir, 'main.cjs'),
    platform: 'node',
    target: 'node22',
  }),
  build({
    ...common,
    entryPoints: [path.join(here, 'preload.ts')],
    outfile: path.join(outdir, 'preload.cjs'),
    // The sandboxed preload has Chromium's globals plus a tiny require('electron'), no Node.
    platform: 'browser',
    target: 'chrome130',
  }),
]);
