import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The services log through their pino loggers only: JSON lines with credentials redacted. A
 * `console.*` call would print around both, so any use of `console` in their sources fails here.
 */
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SERVICES = ['controller/src', 'media-gateway/src'];
/** Each entry says why it may print. */
const ALLOWED: Record<string, string> = {
  // A test fixture run as a child process: the test reads the PIDs it prints on stdout.
  'media-gateway/src/exit-fixture.ts': 'prints PIDs for lifecycle.test.ts',
};

function sources(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) return e.name === 'node_modules' || e.name === 'dist' ? [] : sources(rel);
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [rel] : [];
  });
}

/** Every `console` used as a value (console.log, console['warn'], const c = console), with its line. */
function consoleUses(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (n: ts.Node) => {
    if (ts.isIdentifier(n) && n.text === 'console') {
      const p = n.parent;
      const isName = (ts.isPropertyAccessExpression(p) && p.name === n) || (ts.isPropertyAssignment(p) && p.name === n);
      if (!isName) found.push(`${file}:${sf.getLineAndCharacterOfPosition(n.getStart()).line + 1}: ${p.getText().slice(0, 60)}`);
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return found;
}

describe('service logging', () => {
  it('has no console.* call in the controller or the gateway outside the allow list', () => {
    const files = SERVICES.flatMap(sources);
    expect(files.length).toBeGreaterThan(50);
    const uses = files.filter((f) => !(relative(root, join(root, f)) in ALLOWED)).flatMap(consoleUses);
    expect(uses).toEqual([]);
  });

  it('would notice one (the check itself works)', () => {
    expect(consoleUses('media-gateway/src/exit-fixture.ts').length).toBeGreaterThan(0);
  });
});
