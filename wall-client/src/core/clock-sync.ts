import type { ClockPong } from '@ioc/protocol';

export interface ClockSample {
  offsetMs: number;
  rttMs: number;
}

/** NTP's offset and delay from one exchange: t0/t3 local, t1/t2 controller. */
export function clockSample(pong: ClockPong, t3: number): ClockSample {
  const { t0, t1, t2 } = pong;
  return { offsetMs: (t1 - t0 + (t2 - t3)) / 2, rttMs: t3 - t0 - (t2 - t1) };
}

/** The least-delayed sample is the least affected by queueing, hence the most accurate. */
export function bestSample(samples: readonly ClockSample[]): ClockSample | null {
  let best: ClockSample | null = null;
  for (const s of samples) if (!best || s.rttMs < best.rttMs) best = s;
  return best;
}

export interface ClockBurstOptions {
  count: number;
  ping: (t0: number) => Promise<ClockPong | null>;
  now: () => number;
  /** Called after each sample that beats the burst's best so far. */
  onBetter?: (s: ClockSample) => void;
  isCancelled?: () => boolean;
}

/** Sends `count` sequential pings and returns the min-RTT sample, or null if none answered. */
export async function clockBurst(o: ClockBurstOptions): Promise<ClockSample | null> {
  const samples: ClockSample[] = [];
  for (let i = 0; i < o.count; i++) {
    if (o.isCancelled?.()) break;
    const t0 = o.now();
    const pong = await o.ping(t0);
    if (!pong || pong.t0 !== t0) continue;
    const s = clockSample(pong, o.now());
    if (s.rttMs < 0) continue;
    const prev = bestSample(samples);
    samples.push(s);
    if (!prev || s.rttMs < prev.rttMs) o.onBetter?.(s);
  }
  return bestSample(samples);
}
