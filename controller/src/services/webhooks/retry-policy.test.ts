import { describe, expect, it } from 'vitest';
import { backoffMs, decideAfterAttempt } from './retry-policy';

const b = { initial: 1000, max: 300_000 };

describe('backoffMs', () => {
  it('doubles from the initial delay, between half and all of it', () => {
    expect([1, 2, 3, 4].map((n) => backoffMs(n, b, 0))).toEqual([500, 1000, 2000, 4000]);
    expect([1, 2, 3, 4].map((n) => backoffMs(n, b, 0.999999))).toEqual([1000, 2000, 4000, 8000]);
    expect(backoffMs(3, b, 0.5)).toBe(3000);
  });

  it('never exceeds the cap, even after very many failures', () => {
    for (const n of [10, 11, 50, 1000, 1e9]) {
      for (const r of [0, 0.3, 0.999]) {
        const d = backoffMs(n, b, r);
        expect(d).toBeLessThanOrEqual(b.max);
        expect(d).toBeGreaterThanOrEqual(b.max / 2);
      }
    }
  });

  it('treats a nonsense failure count or random value as the first / as bounds', () => {
    expect(backoffMs(0, b, 0)).toBe(500);
    expect(backoffMs(-3, b, 1.5)).toBe(1000);
    expect(backoffMs(2, { initial: 1, max: 1 }, 0.9)).toBe(1);
  });
});

describe('decideAfterAttempt', () => {
  const policy = { maxAttempts: 3, backoffMs: b };

  it('marks a 2xx delivered', () => {
    expect(decideAfterAttempt({ ok: true, status: 204 }, 2, policy, 0)).toEqual({ kind: 'delivered' });
  });

  it('retries a failure with the backoff of the new attempt count', () => {
    expect(decideAfterAttempt({ ok: false, error: 'HTTP 500' }, 0, policy, 0)).toEqual({ kind: 'retry', attempts: 1, delayMs: 500, error: 'HTTP 500' });
    expect(decideAfterAttempt({ ok: false, error: 'timeout after 5000 ms' }, 1, policy, 0)).toMatchObject({ kind: 'retry', attempts: 2, delayMs: 1000 });
  });

  it('gives up on the attempt that reaches maxAttempts', () => {
    expect(decideAfterAttempt({ ok: false, error: 'HTTP 410' }, 2, policy, 0)).toEqual({ kind: 'give-up', attempts: 3, error: 'HTTP 410' });
  });

  it('leaves the row alone when the request was cut by shutdown', () => {
    expect(decideAfterAttempt({ ok: false, error: 'aborted', aborted: true }, 2, policy, 0)).toEqual({ kind: 'leave' });
  });
});
