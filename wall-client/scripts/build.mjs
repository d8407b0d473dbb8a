// Bundles the renderer for browser mode (/wall/) and for the Electron kiosk's custom protocol.
// Every URL in the output is relative, so the same dist works under any base path.
import { build } from 'esbuild';
import { copyFile, mkdir, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const outdir = join(root, 'dist');

await rm(outdir, { recursive: true, force: true });
await mkdir(outdir, { recursive: true });
await build({
  absWorkingDir: root,
  entryPoints: { wall: 'src/renderer/main.ts', 'wall-css': 'src/renderer/fonts.css' },
  entryNames: '[name]',
  outdir,
  bundle: true,
  minify: true,
  sourcemap: true,
  format: 'iife',
  platform: 'browser',
  target: ['chrome110'],
  loader: { '.woff2': 'file', '.woff': 'file' },
  assetNames: 'fonts/[name]-[hash]',
  legalComments: 'linked',
  logLevel: 'warning',
});
// esbuild names a CSS entry after its key; index.html links ./wall.css.
await rename(join(outdir, 'wall-css.css'), join(outdir, 'wall.css'));
await rename(join(outdir, 'wall-css.css.map'), join(outdir, 'wall.css.map')).catch(() => undefined);
await copyFile(join(root, 'static', 'index.html'), join(outdir, 'index.html'));
// The demo page: both walls as iframes of the same renderer (npm start).
await build({
  absWorkingDir: root,
  entryPoints: { demo: 'src/renderer/demo-page.ts' },
  outdir,
  bundle: true,
  minify: true,
  format: 'iife',
  platform: 'browser',
  target: ['chrome110'],
  logLevel: 'warning',
});
for (const f of ['demo.html', 'demo.css']) await copyFile(join(root, 'static', f), join(outdir, f));
console.log(`wall-client: built ${outdir}`);
