// Bundles the kiosk's main process and preload into wall-client/dist-electron/ (CommonJS:
// a sandboxed preload cannot load ES modules, and one format for both keeps packaging simple).
import { build } from 'esbuild';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
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
  // Written by us, atomically: tests may build while another test is loading the bundle.
  write: false,
};

function writeAtomically(result) {
  for (const file of result.outputFiles) {
    const tmp = `${file.path}.${process.pid}.tmp`;
    writeFileSync(tmp, file.contents);
    renameSync(tmp, file.path);
  }
}

mkdirSync(outdir, { recursive: true });
writeFileSync(path.join(outdir, '.gitignore'), '*\n');

const results = await Promise.all([
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
results.forEach(writeAtomically);
console.log(`kiosk: built ${outdir}`);
