/**
 * `npm run bench -- <name...>`: runs the named benchmarks (all when none is named), prints each
 * figure with its unit and writes tests/bench/results/<name>.json.
 *
 * Benchmarks report what they measure on this machine; they never fail on a target. Compare
 * ratios within one run: the machine is shared and noisy.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

type Bench = () => Promise<Record<string, unknown>>;

const benches: Record<string, () => Promise<Bench>> = {
  switch: async () => (await import('./switch-bench')).runSwitchBench,
  media: async () => (await import('./media-bench')).runMediaBench,
  feeds: async () => (await import('./feeds-bench')).runFeedsBench,
  escalation: async () => (await import('./escalation-bench')).runEscalationBench,
  abuse: async () => (await import('./abuse-bench')).runAbuseBench,
  console: async () => (await import('./console-bench')).runConsoleBench,
};

/** Units by key suffix, so every printed figure says what it is. */
function unitOf(key: string): string {
  if (key.endsWith('_ms')) return 'ms';
  if (key.endsWith('_pct') || key.includes('_pct_')) return '% of one core';
  if (key.endsWith('_mb') || key.includes('_mb_')) return 'MiB';
  return '';
}

function print(prefix: string, value: unknown): void {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) print(prefix ? `${prefix}.${k}` : k, v);
    return;
  }
  const key = prefix.split('.').pop() ?? prefix;
  const shown = typeof value === 'number' ? Number(value.toFixed(2)) : JSON.stringify(value);
  console.log(`  ${prefix.padEnd(40)} ${shown} ${unitOf(key)}`.trimEnd());
}

async function main(): Promise<void> {
  const names = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const unknown = names.filter((n) => !(n in benches));
  if (unknown.length > 0) {
    console.error(`unknown benchmark(s): ${unknown.join(', ')}; known: ${Object.keys(benches).join(', ')}`);
    process.exit(2);
  }
  const outDir = join(dirname(fileURLToPath(import.meta.url)), 'results');
  mkdirSync(outDir, { recursive: true });
  for (const name of names.length > 0 ? names : Object.keys(benches)) {
    console.log(`bench ${name}:`);
    const run = await benches[name]!();
    const result = await run();
    print('', result);
    const file = join(outDir, `${name}.json`);
    writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
    console.log(`  -> ${file}`);
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
