import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ControllerProcess, freePort } from '../support/controller-process';

/**
 * A flood from one client must not slow the others. The controller runs in its own process with
 * its default limits; 5 operators apply a layout every OTHERS_PERIOD_MS each over REST (under
 * their own limit), all along. A sixth user floods applyLayout as fast as the controller answers
 * (abuse-flooder.ts, its own process), over the console socket (the headline) or over REST, in
 * windows that alternate with quiet ones: quiet, socket flood, quiet, REST flood, ROUNDS times,
 * so that the machine's other load falls on both sides alike. The operators' latencies are
 * sorted into the window each request started in.
 */
const flooderEntry = join(dirname(fileURLToPath(import.meta.url)), 'abuse-flooder.ts');
const ADMIN_PASSWORD = 'bench-abuse-admin-password';
const OTHERS = 5;
const OTHERS_PERIOD_MS = 200;
const WARMUP_MS = 2_000;
const WINDOW_MS = Number(process.env.BENCH_ABUSE_WINDOW_MS ?? 4_000);
const ROUNDS = Number(process.env.BENCH_ABUSE_ROUNDS ?? 4);
/** Requests a window's first moments are left out of it (the flood starting or draining). */
const SETTLE_MS = 300;
const FLOOD_WINDOW = 64;
const LAYOUTS = ['cmd-quad', 'cmd-default'];

type Phase = 'warmup' | 'settle' | 'quiet' | 'socket' | 'rest';

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

/** A process's CPU time so far (user + system, ms), from /proc: what the controller spends. */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

async function startFlooder(url: string, token: string, mode: 'socket' | 'rest'): Promise<ChildProcess> {
  const child = fork(flooderEntry, [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, FLOOD_URL: url, FLOOD_TOKEN: token, FLOOD_MODE: mode, FLOOD_WINDOW: String(FLOOD_WINDOW) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${mode} flooder exited with ${code}`)));
    child.on('message', (m: { type: string }) => m.type === 'ready' && resolve());
  });
  child.removeAllListeners('exit');
  return child;
}

async function stopFlooder(child: ChildProcess): Promise<Record<string, number>> {
  const report = new Promise<Record<string, number>>((resolve) =>
    child.on('message', (m: { type: string; counts: Record<string, number> }) => m.type === 'report' && resolve(m.counts)),
  );
  const gone = once(child, 'exit');
  child.send({ type: 'stop' });
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  const counts = await Promise.race([report, gone.then(() => ({}))]);
  await gone;
  clearTimeout(timer);
  return counts;
}

export async function runAbuseBench(): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'ioc-bench-abuse-'));
  const ctl = new ControllerProcess(await freePort(), { IOC_DB_PATH: join(dir, 'ioc.sqlite'), IOC_ADMIN_PASSWORD: ADMIN_PASSWORD });
  await ctl.start();
  const flooders: ChildProcess[] = [];
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
    const [flooderToken, ...operators] = tokens as [string, ...string[]];
    const socketFlood = await startFlooder(url, flooderToken, 'socket');
    flooders.push(socketFlood);
    const restFlood = await startFlooder(url, flooderToken, 'rest');
    flooders.push(restFlood);

    let phase: Phase = 'warmup';
    let running = true;
    const latencies: Record<Phase, number[]> = { warmup: [], settle: [], quiet: [], socket: [], rest: [] };
    let refused = 0;
    const operatorsDone = Promise.all(
      operators.map(async (token, k) => {
        await sleep((OTHERS_PERIOD_MS / operators.length) * k);
        for (let i = 0; running; i++) {
          const at = phase;
          const t0 = performance.now();
          const r = await api(url, 'POST', '/api/walls/command/apply', { layoutId: LAYOUTS[i % LAYOUTS.length] }, token);
          const t1 = performance.now();
          if (r.status !== 200) refused++;
          else latencies[at].push(t1 - t0);
          await sleep(Math.max(0, OTHERS_PERIOD_MS - (t1 - t0)));
        }
      }),
    );
    await sleep(WARMUP_MS);
    const floodMs = { socket: 0, rest: 0 };
    const pid = (ctl as unknown as { child: ChildProcess }).child.pid!;
    const cpu = { quiet: 0, socket: 0, rest: 0 };
    const quietMs = ROUNDS * 2 * WINDOW_MS;
    for (let round = 0; round < ROUNDS; round++) {
      for (const p of ['quiet', 'socket', 'quiet', 'rest'] as const) {
        const flooder = p === 'socket' ? socketFlood : p === 'rest' ? restFlood : null;
        flooder?.send({ type: 'flood' });
        phase = 'settle';
        await sleep(SETTLE_MS);
        phase = p;
        const cpu0 = cpuMs(pid);
        await sleep(WINDOW_MS);
        cpu[p] += cpuMs(pid) - cpu0;
        phase = 'settle';
        flooder?.send({ type: 'pause' });
        if (p !== 'quiet') floodMs[p] += WINDOW_MS + SETTLE_MS;
        // Floods answered after their window (REST refusals wait up to 1 s) end before the next.
        await sleep(SETTLE_MS);
      }
    }
    running = false;
    await operatorsDone;
    const socketCounts = await stopFlooder(socketFlood);
    const restCounts = await stopFlooder(restFlood);

    const p95Quiet = quantile(latencies.quiet, 0.95);
    const sum = (c: Record<string, number>) => Object.values(c).reduce((a, b) => a + b, 0);
    const figures = (p: 'socket' | 'rest', c: Record<string, number>) => ({
      flood_rps: sum(c) / (floodMs[p] / 1000),
      flood_applied_rps: (c.ok ?? 0) / (floodMs[p] / 1000),
      others_p95_ms_flooded: quantile(latencies[p], 0.95),
      ratio: quantile(latencies[p], 0.95) / p95Quiet,
      controller_cpu_pct_flooded: (100 * cpu[p]) / (ROUNDS * WINDOW_MS),
    });
    const s = figures('socket', socketCounts);
    return {
      flood_rps: s.flood_rps,
      others_p95_ms_quiet: p95Quiet,
      others_p95_ms_flooded: s.others_p95_ms_flooded,
      ratio: s.ratio,
      flood_applied_rps: s.flood_applied_rps,
      others_p50_ms_quiet: quantile(latencies.quiet, 0.5),
      others_p50_ms_flooded: quantile(latencies.socket, 0.5),
      controller_cpu_pct_quiet: (100 * cpu.quiet) / quietMs,
      controller_cpu_pct_flooded: s.controller_cpu_pct_flooded,
      others_commands: { quiet: latencies.quiet.length, socket: latencies.socket.length, rest: latencies.rest.length },
      others_refused: refused,
      flood_window: FLOOD_WINDOW,
      rounds: ROUNDS,
      window_ms: WINDOW_MS,
      flood_answers: { socket: socketCounts, rest: restCounts },
      rest_flood: figures('rest', restCounts),
    };
  } finally {
    for (const f of flooders) if (f.exitCode === null) f.kill('SIGKILL');
    await ctl.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
