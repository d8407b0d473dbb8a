/**
 * Feed delivery benchmark: 100 feeds updating every second (demo simulators, jittered around
 * 1 s), 36 screens each subscribed to all of them over real socket.io. The gateway runs in a
 * child process so that its CPU is measured apart from the 36 clients.
 *
 * update_to_screen = time the client receives an envelope - time the gateway accepted the
 * value (`receivedAt`); both on this host's clock. Bounded: ~3 s warm-up + 15 s measured.
 */
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';
import { loadavg } from 'node:os';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { io as connect } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import { FEED_KINDS, PROTOCOL_VERSION } from '@ioc/protocol';
import type { FeedEnvelope, FeedsClientToServer, FeedsServerToClient } from '@ioc/protocol';
import { signToken } from '@ioc/protocol/signed-token';

const FEEDS = 100;
const SCREENS = 36;
const WARMUP_MS = 3_000;
const MEASURE_MS = 15_000;
const SECRET = 'bench-secret-0123456789abcdef';
const CHILD_FLAG = '--feeds-gateway-child';

type ChildMsg = { port: number } | { cpuPct: number };

async function gatewayChild(): Promise<void> {
  const { Server } = await import('socket.io');
  const { createFeedHub } = await import('@ioc/media-gateway/feeds');
  const hub = createFeedHub({
    tokenSecret: SECRET,
    log: { info: () => undefined, warn: (m) => console.error(m) },
    config: {
      feeds: Array.from({ length: FEEDS }, (_, i) => ({
        id: `feed-${i}`,
        kind: FEED_KINDS[i % FEED_KINDS.length]!,
        adapter: { type: 'demo' as const, seed: i + 1, intervalMs: 1000 },
      })),
    },
  });
  const { default: express } = await import('express');
  const app = express();
  app.use(hub.router);
  const http = createServer(app);
  const io = new Server(http, { serveClient: false });
  hub.attachFeedNamespace(io);
  hub.start();
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  let cpu0 = process.cpuUsage();
  let t0 = performance.now();
  process.on('message', (m: string) => {
    if (m === 'cpu-start') {
      cpu0 = process.cpuUsage();
      t0 = performance.now();
    } else if (m === 'cpu-stop') {
      const d = process.cpuUsage(cpu0);
      process.send!({ cpuPct: ((d.user + d.system) / 1000 / (performance.now() - t0)) * 100 } satisfies ChildMsg);
    } else if (m === 'exit') {
      hub.close();
      void io.close().then(() => process.exit(0));
    }
  });
  process.send!({ port: (http.address() as AddressInfo).port } satisfies ChildMsg);
}

const nextMessage = (child: ChildProcess) =>
  new Promise<ChildMsg>((resolve, reject) => {
    child.once('message', (m) => resolve(m as ChildMsg));
    child.once('exit', (code) => reject(new Error(`gateway child exited (${code})`)));
  });

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export async function runFeedsBench(): Promise<{
  feeds: number;
  screens: number;
  update_to_screen_p99_ms: number;
  gateway_cpu_pct: number;
  update_to_screen_p50_ms: number;
  deliveries_per_s: number;
  clients_cpu_pct: number;
  host_load_1m: number;
}> {
  const child = fork(fileURLToPath(import.meta.url), [CHILD_FLAG], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const clients: Socket<FeedsServerToClient, FeedsClientToServer>[] = [];
  try {
    const ready = (await nextMessage(child)) as { port: number };
    const token = signToken(SECRET, { aud: 'feeds', sub: 'bench', res: ['*'], exp: Math.floor(Date.now() / 1000) + 3600 });
    const ids = Array.from({ length: FEEDS }, (_, i) => `feed-${i}`);
    let measuring = false;
    const latencies: number[] = [];
    for (let s = 0; s < SCREENS; s++) {
      const c: Socket<FeedsServerToClient, FeedsClientToServer> = connect(`http://127.0.0.1:${ready.port}/feeds`, {
        auth: { protocolVersion: PROTOCOL_VERSION, token },
        transports: ['websocket'],
        forceNew: true,
      });
      clients.push(c);
      c.on('feed', (e: FeedEnvelope) => {
        if (measuring) latencies.push(Date.now() - e.receivedAt);
      });
      await new Promise<void>((resolve, reject) => {
        c.once('connect', resolve);
        c.once('connect_error', reject);
      });
      for (let i = 0; i < ids.length; i += 50) {
        await new Promise<void>((resolve, reject) =>
          c.emit('subscribe', { feedIds: ids.slice(i, i + 50) }, (r) => (r.ok ? resolve() : reject(new Error(r.error.message)))),
        );
      }
    }
    await new Promise((r) => setTimeout(r, WARMUP_MS));
    child.send('cpu-start');
    const clientCpu0 = process.cpuUsage();
    const clientT0 = performance.now();
    measuring = true;
    await new Promise((r) => setTimeout(r, MEASURE_MS));
    measuring = false;
    const dc = process.cpuUsage(clientCpu0);
    const clientsCpuPct = ((dc.user + dc.system) / 1000 / (performance.now() - clientT0)) * 100;
    child.send('cpu-stop');
    const cpu = (await nextMessage(child)) as { cpuPct: number };
    latencies.sort((a, b) => a - b);
    return {
      feeds: FEEDS,
      screens: SCREENS,
      update_to_screen_p99_ms: percentile(latencies, 99),
      gateway_cpu_pct: cpu.cpuPct,
      update_to_screen_p50_ms: percentile(latencies, 50),
      deliveries_per_s: latencies.length / (MEASURE_MS / 1000),
      // Context for reading p99 on a shared machine: the 36 clients share one event loop here.
      clients_cpu_pct: clientsCpuPct,
      host_load_1m: loadavg()[0]!,
    };
  } finally {
    for (const c of clients) c.disconnect();
    if (child.connected) child.send('exit');
    await new Promise<void>((r) => {
      const t = setTimeout(() => {
        child.kill('SIGKILL');
        r();
      }, 3000);
      child.once('exit', () => {
        clearTimeout(t);
        r();
      });
    });
  }
}

if (process.argv.includes(CHILD_FLAG)) void gatewayChild();
