import { BurstyRateLimiter, RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { AppError } from '@ioc/protocol';
import type { ControllerConfig } from '../config';

type Limits = ControllerConfig['limits'];
type Limiter = RateLimiterMemory | BurstyRateLimiter;

/** The burst allowance of a rate limit refills over this window. */
const BURST_WINDOW_S = 10;

/**
 * How long a client over a limit is slowed down: its refused REST command is answered after
 * this long, and its socket is not read for as long. A flooder then waits on its own requests
 * instead of keeping the controller busy refusing them.
 */
export const SLOW_DOWN_MS = 1_000;

/** The wait a RATE_LIMITED error asks for, else null (any other error). */
export function retryAfterMsOf(err: { code: string; details?: unknown }): number | null {
  const ms = (err.details as { retryAfterMs?: unknown } | undefined)?.retryAfterMs;
  return err.code === 'RATE_LIMITED' && typeof ms === 'number' ? ms : null;
}

/** Over a limit: RATE_LIMITED, the wait in `details.retryAfterMs` (REST also sends `Retry-After`). */
export function rateLimited(what: string, msBeforeNext: number): AppError {
  const retryAfterMs = Math.max(1, Math.ceil(msBeforeNext));
  return new AppError('RATE_LIMITED', `${what}; retry in ${Math.ceil(retryAfterMs / 1000)} s`, { retryAfterMs });
}

/** The steady part's window is a quarter second: a flooder's admitted commands come spread out. */
const STEADY_SLICES_PER_S = 4;

/**
 * `perSecond` steadily, plus `burst` more in any BURST_WINDOW_S (rate-limiter-flexible's bursty
 * pair). The steady part admits perSecond/4 per quarter second rather than perSecond at the
 * start of each second, so what a flooder is allowed comes spread out, not as one clump of
 * synchronous writes; a client's few simultaneous requests still pass together.
 */
function steadyWithBurst(prefix: string, { perSecond, burst }: Limits['commands']): Limiter {
  const points = Math.ceil(perSecond / STEADY_SLICES_PER_S);
  const steady = new RateLimiterMemory({ keyPrefix: prefix, points, duration: points / perSecond });
  if (burst === 0) return steady;
  return new BurstyRateLimiter(steady, new RateLimiterMemory({ keyPrefix: `${prefix}-burst`, points: burst, duration: BURST_WINDOW_S }));
}

async function take(limiter: Limiter, key: string, what: string): Promise<void> {
  try {
    await limiter.consume(key);
  } catch (rej) {
    if (rej instanceof RateLimiterRes) throw rateLimited(what, rej.msBeforeNext);
    throw rej;
  }
}

/** A login attempt the limits let through; say how it ended so the reservation is settled. */
export interface LoginPass {
  succeeded(): Promise<void>;
}
/** A login attempt the limits refused. `first` is true for the refusal that starts a lockout. */
export interface LoginRefusal {
  scope: 'user' | 'address';
  msBeforeNext: number;
  first: boolean;
}

/**
 * The controller's rate limits, all in memory (one controller; limits reset on restart):
 * failed logins per username+address and per address, commands per user, socket events per
 * connection.
 */
export function createRateLimits(limits: Limits) {
  const { perUser, perAddress } = limits.login;
  const loginUser = new RateLimiterMemory({ keyPrefix: 'login-user', points: perUser.failures, duration: perUser.windowS });
  const loginAddress = new RateLimiterMemory({ keyPrefix: 'login-address', points: perAddress.failures, duration: perAddress.windowS });
  const commands = steadyWithBurst('commands', limits.commands);
  const events = steadyWithBurst('socket-events', limits.socketEvents);

  const refusal = (scope: LoginRefusal['scope'], rej: unknown, points: number): LoginRefusal => {
    if (!(rej instanceof RateLimiterRes)) throw rej;
    return { scope, msBeforeNext: rej.msBeforeNext, first: rej.consumedPoints === points + 1 };
  };

  return {
    /**
     * Counts the attempt as a failure before the password is checked, so parallel attempts cannot
     * slip past the limit while the hash runs; `succeeded()` gives it back (and clears the
     * username's count). Returns a refusal instead when either limit is used up.
     */
    async loginAttempt(username: string, address: string): Promise<LoginPass | LoginRefusal> {
      const userKey = `${address}|${username}`;
      try {
        await loginUser.consume(userKey);
      } catch (rej) {
        return refusal('user', rej, perUser.failures);
      }
      try {
        await loginAddress.consume(address);
      } catch (rej) {
        await loginUser.reward(userKey);
        return refusal('address', rej, perAddress.failures);
      }
      return {
        async succeeded() {
          await loginUser.delete(userKey);
          await loginAddress.reward(address);
        },
      };
    },
    /** Throws RATE_LIMITED when `user` is over the command limit. */
    command: (user: string) => take(commands, user, `too many commands from user "${user}"`),
    /** Throws RATE_LIMITED when the connection is over the socket event limit. */
    socketEvent: (socketId: string) => take(events, socketId, 'too many events on this connection'),
  };
}
export type RateLimits = ReturnType<typeof createRateLimits>;
