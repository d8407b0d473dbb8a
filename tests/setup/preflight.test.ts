import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const script = join(root, 'scripts/preflight.mjs');
const listFile = join(root, 'scripts/test-packages.txt');

function run(list?: string) {
  return spawnSync(process.execPath, [script], {
    encoding: 'utf8',
    env: { ...process.env, ...(list ? { IOC_PREFLIGHT_PACKAGES: list } : {}) },
  });
}

describe('npm test preflight (the first hour on a fresh machine)', () => {
  it('passes here, where every listed package is installed', () => {
    const r = run();
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/preflight: \d+ Debian test packages installed/);
  });

  it('stops at once on a missing package, naming each one and printing the one command for all', () => {
    const dir = mkdtempSync(join(tmpdir(), 'preflight-'));
    const list = join(dir, 'packages.txt');
    writeFileSync(list, '# test list\nprocps   # installed here\nioc-no-such-package-a\nioc-no-such-package-b # also missing\n');
    const r = run(list);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('  - ioc-no-such-package-a');
    expect(r.stderr).toContain('  - ioc-no-such-package-b');
    expect(r.stderr).not.toContain('  - procps');
    expect(r.stderr).toContain(
      'apt-get update && apt-get install -y --no-install-recommends procps ioc-no-such-package-a ioc-no-such-package-b',
    );
  });

  it('is what `npm test` runs first, and `.ci/run` installs the same list', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.test?.startsWith('node scripts/preflight.mjs && ')).toBe(true);
    // The shell line .ci/run uses to read the list gives exactly the packages the preflight checks.
    const ci = readFileSync(join(root, '.ci/run'), 'utf8');
    const line = ci.split('\n').find((l) => l.startsWith('mapfile -t PACKAGES'));
    expect(line).toBeDefined();
    const fromCi = execFileSync('bash', ['-c', `${line}\nprintf '%s\\n' "\${PACKAGES[@]}"`], { cwd: root, encoding: 'utf8' })
      .trim()
      .split('\n');
    const listed = readFileSync(listFile, 'utf8')
      .split('\n')
      .map((l) => l.replace(/#.*/, '').trim())
      .filter(Boolean);
    expect(fromCi).toEqual(listed);
    expect(ci).toContain('"${PACKAGES[@]}"');
  });
});
