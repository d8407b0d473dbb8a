import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemoryStorage, createScreenClient, createTimerScheduler, type ScreenClient } from '@ioc/wall-client';
import { ControllerProcess, freePort } from '../support/controller-process';

/**
 * Layout switch latency and skew. The controller runs in its own process (as in production);
 * the screens run the real client core in this one.
 *
 * - latency: from sending the apply command to the last screen's ack being confirmed by the
 *   controller (the ack callback), both on this process's clock;
 * - skew: per switch, the spread across screens of (appliedAt + the screen's clock offset -
 *   activateAt), i.e. how far apart the screens presented the new scene on the controller's clock.
 */
const ADMIN_PASSWORD = 'bench-admin-password-01';
/** activateAt = command time + margin: the floor of the latency, and the room for the broadcast. */
const MARGIN_MS = 60;
const WALLS = [
  { id: 'monitoring', cols: 9, rows: 3, layouts: ['mon-cameras-4', 'mon-clock-labels', 'mon-calibration'] },
  { id: 'command', cols: 3, rows: 3, layouts: ['cmd-default', 'cmd-quad', 'cmd-calibration'] },
];

function quantile(values: number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] ?? NaN;
}

interface Fleet {
  clients: ScreenClient[];
  close(): void;
}

async function startFleet(url: string, count: number): Promise<Fleet> {
  const positions = WALLS.flatMap((w) =>
    Array.from({ length: w.cols * w.rows }, (_, i) => ({ wallId: w.id, col: i % w.cols, row: Math.floor(i / w.cols) })),
  );
  const clients: ScreenClient[] = [];
  for (let i = 0; i < count; i++) {
    const c = createScreenClient({
      controllerUrl: url,
      storage: createMemoryStorage(),
      scheduler: createTimerScheduler(),
      demoPosition: positions[i % positions.length]!,
      heartbeatMs: 5000,
    });
    clients.push(c);
    void c.start();
    if (i % 50 === 49) await new Promise((r) => setTimeout(r, 50));
  }
  const end = Date.now() + 120_000;
  while (!clients.every((c) => c.store.getState().connection === 'online' && c.store.getState().rttMs !== null)) {
    if (Date.now() > end) throw new Error('fleet did not come online in 120 s');
    await new Promise((r) => setTimeout(r, 200));
  }
  return { clients, close: () => clients.forEach((c) => c.close()) };
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

/** Applies a layout to every wall at once and waits for every client's confirmed ack. */
async function switchOnce(url: string, token: string, fleet: Fleet, round: number) {
  const t0 = performance.now();
  const acked = new Map<ScreenClient, number>();
  const results = await Promise.all(
    WALLS.map((w) => post(url, `/api/walls/${w.id}/apply`, token, { layoutId: w.layouts[round % w.layouts.length] })),
  );
  const versions = new Map(results.map((r) => [r.wallId as string, r]));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`switch ${round}: ${fleet.clients.length - acked.size} screens never acked`)), 30_000);
    const check = () => {
      for (const c of fleet.clients) {
        if (acked.has(c)) continue;
        const s = c.store.getState();
        const target = versions.get(s.identity.wallId ?? '');
        if (target && s.ackedVersion === target.version) acked.set(c, performance.now());
      }
      if (acked.size === fleet.clients.length) {
        clearTimeout(timer);
        resolve();
        return true;
      }
      return false;
    };
    if (check()) return;
    const unsubs = fleet.clients.map((c) =>
      c.store.subscribe(() => {
        if (check()) unsubs.forEach((u) => u());
      }),
    );
  });
  const latency = Math.max(...acked.values()) - t0;
  const offsets = fleet.clients.map((c) => {
    const s = c.store.getState();
    const activateAt = versions.get(s.identity.wallId ?? '')!.activateAt as number;
    return (s.lastAppliedAt ?? NaN) + s.clockOffsetMs - activateAt;
  });
  return { latency, skew: Math.max(...offsets) - Math.min(...offsets) };
}

async function measure(url: string, token: string, clients: number, switches: number) {
  const fleet = await startFleet(url, clients);
  try {
    for (let i = 0; i < 3; i++) await switchOnce(url, token, fleet, i); // warm-up
    const lat: number[] = [];
    const skew: number[] = [];
    for (let i = 0; i < switches; i++) {
      const r = await switchOnce(url, token, fleet, i);
      lat.push(r.latency);
      skew.push(r.skew);
      await new Promise((res) => setTimeout(res, 100));
    }
    return { lat, skew };
  } finally {
    fleet.close();
  }
}

export async function runSwitchBench(): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'ioc-bench-switch-'));
  const ctl = new ControllerProcess(await freePort(), {
    IOC_DB_PATH: join(dir, 'ioc.sqlite'),
    IOC_ADMIN_PASSWORD: ADMIN_PASSWORD,
    IOC_DEMO: 'true',
    IOC_SWITCH_MARGIN_MS: String(MARGIN_MS),
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
      margin_ms: MARGIN_MS,
      p50_ms: quantile(small.lat, 0.5),
      p99_ms: quantile(small.lat, 0.99),
      skew_p50_ms: quantile(small.skew, 0.5),
      skew_p99_ms: quantile(small.skew, 0.99),
      big: {
        clients: 1000,
        switches: big.lat.length,
        p50_ms: quantile(big.lat, 0.5),
        p99_ms: quantile(big.lat, 0.99),
        skew_p99_ms: quantile(big.skew, 0.99),
      },
    };
  } finally {
    await ctl.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
