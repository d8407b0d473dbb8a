/**
 * A child process running part of the switch bench's screens with the real client core, so
 * that screens do not all share one event loop (real screens are separate machines).
 *
 * Parent → child: `{ type: 'await', round, versions: { [wallId]: version } }`.
 * Child → parent: `{ type: 'ready' }`, then per round `{ type: 'acked', round, acks: [{ ackedAt,
 * lateMs, arrivedLateMs }] }` with epoch ms (same machine clock as the parent); on the
 * controller's clock, how late the screen swapped after activateAt, and how late the state
 * reached it (negative: that much before activateAt).
 */
import { createMemoryStorage, createScreenClient, createTimerScheduler, type ScreenClient } from '@ioc/wall-client';

interface Pos {
  wallId: string;
  col: number;
  row: number;
}

const url = process.env.FLEET_URL!;
const positions = JSON.parse(process.env.FLEET_POSITIONS!) as Pos[];
const epochNow = () => performance.timeOrigin + performance.now();
const clients: ScreenClient[] = [];
/** When each client's ack of each version was confirmed, recorded as it happens. */
const confirmed = new Map<ScreenClient, Map<number, number>>();
/** When each version reached each client, on the controller's clock. */
const arrived = new Map<ScreenClient, Map<number, number>>();

for (const [i, pos] of positions.entries()) {
  const c = createScreenClient({ controllerUrl: url, storage: createMemoryStorage(), scheduler: createTimerScheduler(), demoPosition: pos, heartbeatMs: 5000 });
  const seen = new Map<number, number>();
  const got = new Map<number, number>();
  confirmed.set(c, seen);
  arrived.set(c, got);
  c.store.subscribe((s, prev) => {
    if (s.pending && s.pending !== prev.pending) got.set(s.pending.version, epochNow() + s.clockOffsetMs);
    if (s.ackedVersion !== null && s.ackedVersion !== prev.ackedVersion && !seen.has(s.ackedVersion)) seen.set(s.ackedVersion, epochNow());
  });
  clients.push(c);
  void c.start();
  if (i % 50 === 49) await new Promise((r) => setTimeout(r, 50));
}

const end = Date.now() + 120_000;
while (!clients.every((c) => c.store.getState().connection === 'online' && c.store.getState().rttMs !== null)) {
  if (Date.now() > end) {
    console.error('fleet: clients did not come online in 120 s');
    process.exit(1);
  }
  await new Promise((r) => setTimeout(r, 200));
}
process.send!({ type: 'ready' });

process.on('message', (msg: { type: string; round: number; versions: Record<string, { version: number; activateAt: number }> }) => {
  if (msg.type === 'stop') {
    for (const c of clients) c.close();
    process.exit(0);
  }
  if (msg.type !== 'await') return;
  const deadline = Date.now() + 30_000;
  const poll = () => {
    const done = clients.every((c) => {
      const v = msg.versions[c.store.getState().identity.wallId ?? '']!;
      return confirmed.get(c)!.has(v.version);
    });
    if (!done && Date.now() < deadline) return void setTimeout(poll, 5);
    const acks = clients.map((c) => {
      const s = c.store.getState();
      const v = msg.versions[s.identity.wallId ?? '']!;
      const lateMs = (s.lastAppliedAt ?? NaN) + s.clockOffsetMs - v.activateAt;
      return { ackedAt: confirmed.get(c)!.get(v.version) ?? NaN, lateMs, arrivedLateMs: (arrived.get(c)!.get(v.version) ?? NaN) - v.activateAt };
    });
    process.send!({ type: 'acked', round: msg.round, acks });
  };
  poll();
});
