import { mkdtempSync, rmSync, writeFileSync, existsSync, readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.woff2': 'font/woff2', '.woff': 'font/woff' };

/** Bundles the widget test page (and the renderer's font CSS) into a temp dir. Node side only. */
export async function buildWidgetTestPage(): Promise<{ dir: string; serve(req: IncomingMessage, res: ServerResponse): boolean; remove(): void }> {
  const dir = mkdtempSync(join(tmpdir(), 'widget-page-'));
  await build({
    absWorkingDir: join(here, '..', '..', '..', '..'),
    entryPoints: { page: join(here, 'widget-test-page.ts'), fonts: join(here, '..', '..', 'fonts.css') },
    outdir: dir,
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: ['chrome110'],
    loader: { '.woff2': 'file', '.woff': 'file' },
    assetNames: 'fonts/[name]-[hash]',
    logLevel: 'error',
  });
  writeFileSync(
    join(dir, 'index.html'),
    '<!doctype html><meta charset="utf-8"><link rel="stylesheet" href="fonts.css"><body style="background:#000"><script src="page.js"></script>',
  );
  return {
    dir,
    serve(req, res) {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      if (!path.startsWith('/widget-page/')) return false;
      const file = join(dir, normalize(path.slice('/widget-page/'.length) || 'index.html'));
      if (!file.startsWith(dir) || !existsSync(file)) return false;
      res.setHeader('content-type', TYPES[extname(file)] ?? 'application/octet-stream');
      res.end(readFileSync(file));
      return true;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export { launchChromium } from '../../../../../tests/support/chromium';
