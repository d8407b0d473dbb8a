// Bundles the console into dist/: index.html + console.js + console.css, no inline code, so the
// controller can serve it under a strict Content-Security-Policy at /console/.
import { build } from 'esbuild';
import { copyFile, mkdir, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * zod re-exports every locale as a namespace, which defeats tree shaking (~250 kB). The console
 * only shows English messages, so that namespace becomes English alone.
 */
const englishOnlyZod = {
  name: 'english-only-zod',
  setup(b) {
    b.onResolve({ filter: /locales\/index\.js$/ }, (args) =>
      args.importer.includes(`${'/'}zod${'/'}`) ? { path: join(dirname(args.importer), args.path.replace(/index\.js$/, 'en.js')) } : undefined,
    );
  },
};

const here = dirname(fileURLToPath(import.meta.url));
// `--outdir DIR` lets a test build its own copy while another test serves dist/.
const outArg = process.argv.indexOf('--outdir');
const out = outArg > 0 && process.argv[outArg + 1] ? resolve(process.argv[outArg + 1]) : join(here, 'dist');

await rm(out, { recursive: true, force: true });
await mkdir(out, { recursive: true });
const result = await build({
  entryPoints: [join(here, 'src/main.tsx')],
  jsx: 'automatic',
  define: { 'process.env.NODE_ENV': '"production"' },
  outfile: join(out, 'console.js'),
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: ['chrome110', 'firefox110', 'safari16'],
  minify: true,
  sourcemap: true,
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning',
  plugins: [englishOnlyZod],
});
await copyFile(join(here, 'index.html'), join(out, 'index.html'));
const sizes = Object.entries(result.metafile.outputs)
  .filter(([f]) => !f.endsWith('.map'))
  .map(([f, o]) => `${f.split('/').pop()} ${(o.bytes / 1024).toFixed(1)} kB`);
console.log(`console built into ${out}: ${sizes.join(', ')}`);
