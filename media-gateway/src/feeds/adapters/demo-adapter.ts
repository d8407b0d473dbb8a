import type { FeedKind } from '@ioc/protocol';
import { SIMULATORS } from '../simulators/simulator';
import { createRng } from '../simulators/rng';
import type { FeedAdapter } from './feed-adapter';

/** Simulated upstream for demos and benchmarks; updates trickle in at jittered intervals. */
export function createDemoAdapter(kind: FeedKind, cfg: { seed: number; intervalMs?: number }, now: () => number): FeedAdapter {
  const sim = SIMULATORS[kind](cfg.seed);
  const jitter = createRng(cfg.seed ^ 0x7177);
  const mean = cfg.intervalMs ?? sim.defaultIntervalMs;
  let timer: NodeJS.Timeout | null = null;
  let closed = false;
  return {
    start(channel) {
      channel.accept(sim.initial(now()));
      const next = () => {
        if (closed) return;
        timer = setTimeout(() => {
          channel.accept(sim.step(now()));
          next();
        }, Math.round(mean * (0.5 + jitter.next())));
      };
      next();
    },
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
    },
  };
}
