import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppProtocolHandler, resolveAppFile } from './app-protocol';

let root: string;
let outside: string;

beforeAll(() => {
  const base = mkdtempSync(path.join(tmpdir(), 'app-protocol-'));
  root = path.join(base, 'dist');
  outside = path.join(base, 'secret.txt');
  mkdirSync(path.join(root, 'assets'), { recursive: true });
  writeFileSync(path.join(root, 'index.html'), '<!doctype html><script src="wall.js"></script>');
  writeFileSync(path.join(root, 'wall.js'), 'console.log(1)');
  writeFileSync(path.join(root, 'assets', 'font.woff2'), 'woff');
  writeFileSync(outside, 'token=hunter2');
});

afterAll(() => rmSync(path.dirname(root), { recursive: true, force: true }));

const handler = () =>
  createAppProtocolHandler({ rootDir: root, readFile: (f) => readFile(f), contentSecurityPolicy: () => "default-src 'self'" });

describe('app:// protocol', () => {
  it('serves the bundled renderer with its type and the CSP', async () => {
    const index = await handler()(new Request('app://wall/'));
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(index.headers.get('content-security-policy')).toBe("default-src 'self'");
    expect(await index.text()).toContain('wall.js');
    const js = await handler()(new Request('app://wall/wall.js?v=3'));
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const font = await handler()(new Request('app://wall/assets/font.woff2'));
    expect(font.headers.get('content-type')).toBe('font/woff2');
    expect((await handler()(new Request('app://wall/missing.js'))).status).toBe(404);
  });

  it('never serves a file outside the bundle, nor for another host', async () => {
    for (const url of [
      'app://wall/../secret.txt',
      'app://wall/%2e%2e/secret.txt',
      'app://wall/%2e%2e%2fsecret.txt',
      'app://wall/assets/..%2f..%2fsecret.txt',
      'app://wall/..%5csecret.txt',
      'app://wall/index.html%00.js',
      'app://other/index.html',
      'https://wall/index.html',
    ]) {
      const file = resolveAppFile(root, url);
      expect(file === null || file.startsWith(root + path.sep), url).toBe(true);
      const response = await handler()(new Request(url));
      expect(await response.text(), url).not.toContain('hunter2');
      expect([403, 404], url).toContain(response.status);
    }
  });
});
