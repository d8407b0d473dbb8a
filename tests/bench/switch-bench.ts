import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ControllerProcess, freePort } from '../support/controller-process';

/**
 * Layout switch latency and skew. The controller runs in its own process (as in production);
 * the screens run the real client core in FLEET_PROCESSES child processes (switch-fleet.ts).
 *
 * - latency: from sending the apply command to the last screen's ack being confirmed by the
 *   controller (the ack callback), both on this process's clock;
 * - skew: per switch, the spread across screens of (appliedAt + the screen's clock offset -
 *   activateAt), i.e. how far apart the screens presented the new scene on the controller's clock;
 * - where the skew comes from: `late_arrivals` (screen-switches whose state came after activateAt:
 *   the margin was short) and `swap_late_*` (how late the last screen swapped: timers and CPU);
 * - margin: the controller's own (`switch.adaptiveMargin`, on by default), seen from here as
 *   activateAt less the time the command was sent.
 */
const fleetEntry = join(dirname(fileURLToPath(import.meta.url)), 'switch-fleet.ts');
const ADMIN_PASSWORD = 'bench-admin-password-01';
const WALLS = [
  { id: 'monitoring', cols: 9, rows: 3, layouts: ['mon-cameras-4', 'mon-clock-labels', 'mon-calibration'] },
  { id: 'command', cols: 3, rows: 3, layouts: ['cmd-default', 'cmd-quad', 'cmd-calibration'] },
];

function quantile(values: number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] ?? NaN;
}

/** The screens, spread over child processes (separate event loops, as separate PCs would be). */
interface Fleet {
  children: ChildProcess[];
  size: number;
  close(): Promise<void>;
}

interface Ack {
  ackedAt: number;
  lateMs: number;
  arrivedLateMs: number;
}

const FLEET_PROCESSES = 4;
const WARM_UP_SWITCHES = 10;

async function startFleet(url: string, count: number): Promise<Fleet> {
  const positions = WALLS.flatMap((w) =>
    Array.from({ length: w.cols * w.rows }, (_, i) => ({ wallId: w.id, col: i % w.cols, row: Math.floor(i / w.cols) })),
  );
  const all = Array.from({ length: count }, (_, i) => positions[i % positions.length]!);
  const children = Array.from({ length: FLEET_PROCESSES }, (_, k) => {
    const mine = all.filter((_, i) => i % FLEET_PROCESSES === k);
    return fork(fleetEntry, [], {
      execArgv: ['--import', 'tsx'],
      env: { ...process.env, FLEET_URL: url, FLEET_POSITIONS: JSON.stringify(mine) },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
  });
  await Promise.all(
    children.map(
      (c) =>
        new Promise<void>((resolve, reject) => {
          c.once('exit', (code) => reject(new Error(`fleet process exited with ${code}`)));
          c.on('message', (m: { type: string }) => m.type === 'ready' && resolve());
        }),
    ),
  );
  return {
    children,
    size: count,
    async close() {
      await Promise.all(
        children.map((c) => {
          c.removeAllListeners('exit');
          if (c.exitCode !== null) return null;
          const gone = once(c, 'exit');
          c.send({ type: 'stop' });
          setTimeout(() => c.kill('SIGKILL'), 5000).unref();
          return gone;
        }),
      );
    },
  };
}

async function post(url: string, path: string, token: string, body: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as Record<string, unknown>;
  if (res.status !== 200) throw new Error(`${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

const epochNow = () => performance.timeOrigin + performance.now();

/** Applies a layout to every wall at once and waits for every screen's confirmed ack. */
async function switchOnce(url: string, token: string, fleet: Fleet, round: number) {
  const t0 = epochNow();
  const results = await Promise.all(
    WALLS.map((w) => post(url, `/api/walls/${w.id}/apply`, token, { layoutId: w.layouts[round % w.layouts.length] })),
  );
  const versions = Object.fromEntries(results.map((r) => [r.wallId as string, { version: r.version as number, activateAt: r.activateAt as number }]));
  const acks = (
    await Promise.all(
      fleet.children.map(
        (c) =>
          new Promise<Ack[]>((resolve) => {
            const onMsg = (m: { type: string; round: number; acks: Ack[] }) => {
              if (m.type !== 'acked' || m.round !== round) return;
              c.off('message', onMsg);
              resolve(m.acks);
            };
            c.on('message', onMsg);
            c.send({ type: 'await', round, versions });
          }),
      ),
    )
  ).flat();
  if (acks.length !== fleet.size || acks.some((a) => Number.isNaN(a.ackedAt))) {
    throw new Error(`switch ${round}: ${acks.filter((a) => Number.isNaN(a.ackedAt)).length} screens never acked`);
  }
  const late = acks.map((a) => a.lateMs);
  // The margin the controller chose (it adapts per wall), seen from here: activateAt less the send time.
  const lead = Math.max(...Object.values(versions).map((v) => v.activateAt - t0));
  return {
    latency: Math.max(...acks.map((a) => a.ackedAt)) - t0,
    skew: Math.max(...late) - Math.min(...late),
    lead,
    // Screens the state reached after activateAt (the margin was short for them).
    lateArrivals: acks.filter((a) => a.arrivedLateMs > 0).length,
    // How late the last screen swapped after activateAt: the host's timers and CPU, when it came in time.
    swapLate: Math.max(...late),
  };
}

async function measure(url: string, token: string, clients: number, switches: number) {
  const fleet = await startFleet(url, clients);
  try {
    // Warm-up: the fleet's start (module compile, the first major GCs of its processes) stalled
    // the first switches after it by up to 100 ms; and the margin learns the room in a few.
    for (let i = 0; i < WARM_UP_SWITCHES; i++) await switchOnce(url, token, fleet, i);
    const lat: number[] = [];
    const skew: number[] = [];
    const lead: number[] = [];
    let lateArrivals = 0;
    const swapLate: number[] = [];
    for (let i = 0; i < switches; i++) {
      const r = await switchOnce(url, token, fleet, i);
      lat.push(r.latency);
      skew.push(r.skew);
      lead.push(r.lead);
      lateArrivals += r.lateArrivals;
      swapLate.push(r.swapLate);
      await new Promise((res) => setTimeout(res, 100));
    }
    return { lat, skew, lead, lateArrivals, swapLate };
  } finally {
    await fleet.close();
  }
}

export async function runSwitchBench(): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'ioc-bench-switch-'));
  // One user applies to both walls ten times a second: above the default per-user command limit
  // (10/s), which is there for people, not for a bench.
  const configFile = join(dir, 'ioc.config.json');
  writeFileSync(configFile, JSON.stringify({ limits: { commands: { perSecond: 1000, burst: 1000 } } }));
  const ctl = new ControllerProcess(await freePort(), {
    IOC_CONFIG: configFile,
    IOC_DB_PATH: join(dir, 'ioc.sqlite'),
    IOC_ADMIN_PASSWORD: ADMIN_PASSWORD,
    IOC_DEMO: 'true',
  });
  await ctl.start();
  try {
    const login = await fetch(`${ctl.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
    });
    const { token } = (await login.json()) as { token: string };
    const switches = Number(process.env.BENCH_SWITCHES ?? 50);
    const small = await measure(ctl.url, token, 36, switches);
    const big = await measure(ctl.url, token, 1000, Math.max(5, Math.round(switches / 3)));
    return {
      screens: 36,
      switches,
      margin_p50_ms: quantile(small.lead, 0.5),
      late_arrivals: small.lateArrivals,
      swap_late_p50_ms: quantile(small.swapLate, 0.5),
      swap_late_p99_ms: quantile(small.swapLate, 0.99),
      p50_ms: quantile(small.lat, 0.5),
      p99_ms: quantile(small.lat, 0.99),
      skew_p50_ms: quantile(small.skew, 0.5),
      skew_p99_ms: quantile(small.skew, 0.99),
      fleet_processes: FLEET_PROCESSES,
      warm_up_switches: WARM_UP_SWITCHES,
      big: {
        clients: 1000,
        switches: big.lat.length,
        p50_ms: quantile(big.lat, 0.5),
        p99_ms: quantile(big.lat, 0.99),
        skew_p99_ms: quantile(big.skew, 0.99),
        margin_p50_ms: quantile(big.lead, 0.5),
        late_arrivals: big.lateArrivals,
        swap_late_p99_ms: quantile(big.swapLate, 0.99),
      },
    };
  } finally {
    await ctl.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
