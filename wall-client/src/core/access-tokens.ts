import type { AccessToken, AccessTokenRequest } from '@ioc/protocol';

export interface AccessTokensOptions {
  /** Asks the controller; null when it refused or did not answer. */
  fetch: (req: AccessTokenRequest) => Promise<AccessToken | null>;
  /** Controller-corrected time: `expiresAt` is on the controller's clock. */
  now: () => number;
  /** Below this much validity a cached token is not handed out at all. */
  minValidityMs?: number;
  /** A refusal is remembered this long, so retrying players do not hammer the controller. */
  refusalHoldMs?: number;
}

export interface AccessTokens {
  /** A valid token, from the cache when it has enough life left; rejects when refused. */
  get(req: AccessTokenRequest): Promise<AccessToken>;
  /** Forgets a token the gateway refused, so the next `get` asks again. */
  invalidate(req: AccessTokenRequest): void;
  /** Forgets everything (new wall, new gateway, unpaired). */
  clear(): void;
  size(): number;
}

interface Entry {
  token: AccessToken;
  /** When it was received (controller time): the refresh point is a share of its lifetime. */
  at: number;
}

const MAX_ENTRIES = 256;
const keyOf = (req: AccessTokenRequest) => (req.aud === 'media' ? `media/${req.resource}` : 'feeds');

/**
 * Gateway access tokens per (audience, resource), cached and renewed before they expire: once
 * three quarters of a token's life is gone, `get` still answers with it but fetches the next one
 * in the background, so players restarting near expiry never wait for the controller.
 */
export function createAccessTokens(opts: AccessTokensOptions): AccessTokens {
  const entries = new Map<string, Entry>();
  const inflight = new Map<string, Promise<AccessToken>>();
  const refusedUntil = new Map<string, number>();
  const holdMs = opts.refusalHoldMs ?? 2_000;
  const minValidity = opts.minValidityMs ?? 5_000;
  let generation = 0;

  const fetchToken = (key: string, req: AccessTokenRequest): Promise<AccessToken> => {
    const pending = inflight.get(key);
    if (pending) return pending;
    const gen = generation;
    const p: Promise<AccessToken> = opts
      .fetch(req)
      .then((token) => {
        if (!token) {
          if (gen === generation) refusedUntil.set(key, opts.now() + holdMs);
          throw new Error(`access token refused (${key})`);
        }
        // A clear() while asking means the answer may be for the old wall or gateway; an
        // invalidate() while asking means it may have been issued before the revocation that
        // made the gateway refuse us (a renewal in flight when the key changed).
        if (gen === generation && inflight.get(key) === p) {
          refusedUntil.delete(key);
          entries.delete(key);
          entries.set(key, { token, at: opts.now() });
          while (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value as string);
        }
        return token;
      })
      .finally(() => {
        if (inflight.get(key) === p) inflight.delete(key);
      });
    inflight.set(key, p);
    return p;
  };

  return {
    get(req) {
      const key = keyOf(req);
      const e = entries.get(key);
      const now = opts.now();
      if (e) {
        const left = e.token.expiresAt - now;
        if (left > minValidity) {
          const life = e.token.expiresAt - e.at;
          if (left < life / 4) void fetchToken(key, req).catch(() => undefined);
          return Promise.resolve(e.token);
        }
        entries.delete(key);
      }
      if ((refusedUntil.get(key) ?? 0) > now) return Promise.reject(new Error(`access token refused (${key}); retrying later`));
      return fetchToken(key, req);
    },
    invalidate(req) {
      const key = keyOf(req);
      entries.delete(key);
      refusedUntil.delete(key);
      // The next get() asks afresh rather than waiting on an answer that may be as stale.
      inflight.delete(key);
    },
    clear() {
      generation++;
      entries.clear();
      inflight.clear();
      refusedUntil.clear();
    },
    size: () => entries.size,
  };
}
