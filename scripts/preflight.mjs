#!/usr/bin/env node
// Runs before any test suite (first step of `npm test`): checks that the Debian packages the
// suites drive are installed, and otherwise stops at once, naming each missing package and
// printing the one command that installs them all. The list is scripts/test-packages.txt,
// which `.ci/run` installs from too. Plain Node, no dependency: it must work before anything.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
// IOC_PREFLIGHT_PACKAGES names another list (the preflight's own test uses it).
const listFile = process.env.IOC_PREFLIGHT_PACKAGES || join(here, 'test-packages.txt');

/** Package names from the list: one per line, '#' starts a comment. */
export function readPackages(file) {
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((line) => line.replace(/#.*/, '').trim())
    .filter((line) => line.length > 0);
}

/** dpkg's own answer for each package: installed or not. Null when dpkg-query is absent. */
function installed(packages) {
  let out;
  try {
    out = execFileSync('dpkg-query', ['-W', '-f=${Package}\t${db:Status-Status}\n', ...packages], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (err) {
    if (err && err.code === 'ENOENT') return null;
    // dpkg-query exits 1 when some package is unknown; its stdout still lists the known ones.
    out = String(err.stdout ?? '');
  }
  const ok = new Set();
  for (const line of out.split('\n')) {
    const [name, status] = line.split('\t');
    if (status === 'installed') ok.add(name.replace(/:.*/, ''));
  }
  return ok;
}

const packages = readPackages(listFile);
const ok = installed(packages);
if (ok === null) {
  console.error(
    `preflight: dpkg-query not found: this is not a Debian machine, so the test packages cannot be checked.\n` +
      `The suites need the equivalents of: ${packages.join(' ')}`,
  );
  process.exit(1);
}
const missing = packages.filter((p) => !ok.has(p));
if (missing.length > 0) {
  console.error(`preflight: the tests need Debian packages that are not installed:`);
  for (const p of missing) console.error(`  - ${p}`);
  console.error(`Install them all (as root, or with sudo) and run npm test again:`);
  console.error(`  apt-get update && apt-get install -y --no-install-recommends ${packages.join(' ')}`);
  process.exit(1);
}
console.log(`preflight: ${packages.length} Debian test packages installed`);
