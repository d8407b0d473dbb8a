import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { serveStatic } from './hls-live-source';

export interface TestPage {
  url: string;
  close(): Promise<void>;
}

/** Bundles a browser entry with esbuild and serves it on 127.0.0.1 as a blank black page. */
export async function serveTestPage(entry: string): Promise<TestPage> {
  const dir = mkdtempSync(join(tmpdir(), 'ioc-test-page-'));
  await build({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'chrome120',
    outfile: join(dir, 'page.js'),
    logLevel: 'warning',
  });
  writeFileSync(join(dir, 'index.html'), '<!doctype html><html><body style="margin:0;background:#000"><script type="module" src="page.js"></script></body></html>');
  const server = await serveStatic(dir);
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
