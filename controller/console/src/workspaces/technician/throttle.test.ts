import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createThrottle } from './throttle';

describe('createThrottle', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('sends the first value at once, then at most one per interval, ending with the latest', () => {
    const sent: number[] = [];
    const t = createThrottle((v: number) => sent.push(v), 250, () => Date.now());
    for (let v = 1; v <= 10; v++) {
      t.push(v);
      vi.advanceTimersByTime(50);
    }
    // 500 ms of pushes every 50 ms: 1 at once, then one per 250 ms, the last value always sent.
    vi.advanceTimersByTime(1000);
    expect(sent[0]).toBe(1);
    expect(sent.at(-1)).toBe(10);
    expect(sent.length).toBeLessThanOrEqual(4);
  });

  it('flush sends the waiting value now; cancel drops it', () => {
    const sent: string[] = [];
    const t = createThrottle((v: string) => sent.push(v), 250, () => Date.now());
    t.push('a');
    t.push('b');
    t.flush();
    expect(sent).toEqual(['a', 'b']);
    t.push('c');
    t.cancel();
    vi.advanceTimersByTime(1000);
    expect(sent).toEqual(['a', 'b']);
  });
});
