import { fork } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ControllerProcess, freePort } from '../support/controller-process';

/**
 * A flood from one client must not slow the others. The controller runs in its own process with
 * its default limits; 5 operators apply a layout every OTHERS_PERIOD_MS each over REST (under
 * their own limit) and we take the p95 of their latency, first quiet, then while a sixth user
 * floods applyLayout as fast as the controller answers (abuse-flooder.ts, its own process):
 * over the console socket (the headline), then over REST.
 */
const flooderEntry = join(dirname(fileURLToPath(import.meta.url)), 'abuse-flooder.ts');
const ADMIN_PASSWORD = 'bench-abuse-admin-password';
const OTHERS = 5;
const OTHERS_PERIOD_MS = 100;
const WARMUP_MS = 2_000;
const MEASURE_MS = Number(process.env.BENCH_ABUSE_MS ?? 15_000);
const FLOOD_WINDOW = 64;
const LAYOUTS = ['cmd-quad', 'cmd-default'];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.max(0, Math.ceil(q * xs.length) - 1)] ?? NaN;

async function api(url: string, method: string, path: string, body?: unknown, token?: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(url + path, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** The 5 operators, each applying a layout every OTHERS_PERIOD_MS; latencies of the window after the warm-up. */
async function others(url: string, tokens: string[], ms: number): Promise<{ latencies: number[]; refused: number }> {
  const latencies: number[] = [];
  let refused = 0;
  const end = performance.now() + WARMUP_MS + ms;
  const measureFrom = performance.now() + WARMUP_MS;
  await Promise.all(
    tokens.map(async (token, k) => {
      await sleep((OTHERS_PERIOD_MS / tokens.length) * k);
      for (let i = 0; performance.now() < end; i++) {
        const t0 = performance.now();
        const r = await api(url, 'POST', '/api/walls/command/apply', { layoutId: LAYOUTS[i % LAYOUTS.length] }, token);
        const t1 = performance.now();
        if (r.status !== 200) refused++;
        else if (t0 >= measureFrom) latencies.push(t1 - t0);
        await sleep(Math.max(0, OTHERS_PERIOD_MS - (t1 - t0)));
      }
    }),
  );
  return { latencies, refused };
}

async function flooded(url: string, token: string, othersTokens: string[], mode: 'socket' | 'rest') {
  const child = fork(flooderEntry, [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, FLOOD_URL: url, FLOOD_TOKEN: token, FLOOD_MODE: mode, FLOOD_WINDOW: String(FLOOD_WINDOW) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  try {
    await new Promise<void>((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`flooder exited with ${code}`)));
      child.on('message', (m: { type: string }) => m.type === 'ready' && resolve());
    });
    const o = await others(url, othersTokens, MEASURE_MS);
    const report = new Promise<{ counts: Record<string, number>; seconds: number }>((resolve) =>
      child.on('message', (m: { type: string; counts: Record<string, number>; seconds: number }) => m.type === 'report' && resolve(m)),
    );
    child.removeAllListeners('exit');
    child.send({ type: 'stop' });
    const r = await report;
    const answered = Object.values(r.counts).reduce((a, b) => a + b, 0);
    return { others: o, floodRps: answered / r.seconds, floodAppliedRps: (r.counts.ok ?? 0) / r.seconds, counts: r.counts };
  } finally {
    if (child.exitCode === null) {
      const gone = once(child, 'exit');
      setTimeout(() => child.kill('SIGKILL'), 3000).unref();
      await gone;
    }
  }
}

export async function runAbuseBench(): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'ioc-bench-abuse-'));
  const ctl = new ControllerProcess(await freePort(), { IOC_DB_PATH: join(dir, 'ioc.sqlite'), IOC_ADMIN_PASSWORD: ADMIN_PASSWORD });
  await ctl.start();
  try {
    const url = ctl.url;
    const admin = (await api(url, 'POST', '/api/auth/login', { username: 'admin', password: ADMIN_PASSWORD })).body.token as string;
    const tokens: string[] = [];
    for (let i = 0; i <= OTHERS; i++) {
      const username = i === 0 ? 'flooder' : `operator-${i}`;
      const password = `${username}-password-01`;
      const made = await api(url, 'POST', '/api/users', { username, password, roles: ['operator'] }, admin);
      if (made.status !== 201) throw new Error(`create ${username}: ${made.status} ${JSON.stringify(made.body)}`);
      tokens.push((await api(url, 'POST', '/api/auth/login', { username, password })).body.token as string);
    }
    const [flooder, ...rest] = tokens as [string, ...string[]];
    const quiet = await others(url, rest, MEASURE_MS);
    const socket = await flooded(url, flooder, rest, 'socket');
    const http = await flooded(url, flooder, rest, 'rest');
    const p95Quiet = quantile(quiet.latencies, 0.95);
    const figures = (f: Awaited<ReturnType<typeof flooded>>) => ({
      flood_rps: f.floodRps,
      flood_applied_rps: f.floodAppliedRps,
      others_p95_ms_flooded: quantile(f.others.latencies, 0.95),
      ratio: quantile(f.others.latencies, 0.95) / p95Quiet,
      others_refused: f.others.refused,
    });
    const s = figures(socket);
    return {
      flood_rps: s.flood_rps,
      others_p95_ms_quiet: p95Quiet,
      others_p95_ms_flooded: s.others_p95_ms_flooded,
      ratio: s.ratio,
      flood_applied_rps: s.flood_applied_rps,
      others_p50_ms_quiet: quantile(quiet.latencies, 0.5),
      others_p50_ms_flooded: quantile(socket.others.latencies, 0.5),
      others_commands: quiet.latencies.length,
      others_refused: quiet.refused + socket.others.refused,
      flood_window: FLOOD_WINDOW,
      rest_flood: figures(http),
    };
  } finally {
    await ctl.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
