import { describe, expect, it } from 'vitest';
import type { AccessToken, AccessTokenRequest } from '@ioc/protocol';
import { createAccessTokens } from './access-tokens';

function setup(ttlMs = 600_000) {
  let clock = 1_000_000;
  const asked: AccessTokenRequest[] = [];
  let refuse = false;
  const tokens = createAccessTokens({
    now: () => clock,
    fetch: async (req) => {
      asked.push(req);
      if (refuse) return null;
      const t: AccessToken = { token: `t${asked.length}`, expiresAt: clock + ttlMs, gatewayUrl: 'http://gw' };
      return t;
    },
  });
  return { tokens, asked, tick: (ms: number) => (clock += ms), refuse: (v: boolean) => (refuse = v) };
}

describe('access token cache', () => {
  it('asks once per (audience, resource), even for concurrent callers', async () => {
    const { tokens, asked } = setup();
    const [a, b] = await Promise.all([tokens.get({ aud: 'media', resource: 'cam-1' }), tokens.get({ aud: 'media', resource: 'cam-1' })]);
    expect(a.token).toBe('t1');
    expect(b.token).toBe('t1');
    expect((await tokens.get({ aud: 'media', resource: 'cam-2' })).token).toBe('t2');
    expect((await tokens.get({ aud: 'feeds' })).token).toBe('t3');
    expect((await tokens.get({ aud: 'media', resource: 'cam-1' })).token).toBe('t1');
    expect(asked).toHaveLength(3);
  });

  it('renews in the background in the last quarter of a token, and never hands out an almost expired one', async () => {
    const { tokens, asked, tick } = setup(100_000);
    await tokens.get({ aud: 'feeds' });
    tick(80_000);
    expect((await tokens.get({ aud: 'feeds' })).token).toBe('t1');
    await Promise.resolve();
    expect(asked).toHaveLength(2);
    expect((await tokens.get({ aud: 'feeds' })).token).toBe('t2');
    tick(98_000);
    expect((await tokens.get({ aud: 'feeds' })).token).toBe('t3');
  });

  it('rejects when refused, caches nothing then, and forgets on invalidate/clear', async () => {
    const { tokens, asked, refuse, tick } = setup();
    refuse(true);
    await expect(tokens.get({ aud: 'media', resource: 'cam-9' })).rejects.toThrow(/refused/);
    expect(tokens.size()).toBe(0);
    refuse(false);
    // A refusal is held briefly: retrying players do not ask again at once.
    await expect(tokens.get({ aud: 'media', resource: 'cam-9' })).rejects.toThrow(/retrying later/);
    expect(asked).toHaveLength(1);
    tick(2_001);
    await tokens.get({ aud: 'media', resource: 'cam-9' });
    tokens.invalidate({ aud: 'media', resource: 'cam-9' });
    await tokens.get({ aud: 'media', resource: 'cam-9' });
    tokens.clear();
    await tokens.get({ aud: 'media', resource: 'cam-9' });
    expect(asked).toHaveLength(4);
  });

  it('a token refused while its renewal is in flight is not replaced by that renewal (it may be revoked too)', async () => {
    let release: (t: AccessToken) => void = () => undefined;
    let n = 0;
    const tokens = createAccessTokens({
      now: () => 0,
      fetch: (req) => {
        n++;
        if (n === 1) return new Promise<AccessToken>((r) => (release = r));
        return Promise.resolve({ token: `fresh-${n}-${req.aud}`, expiresAt: 600_000, gatewayUrl: 'http://gw' });
      },
    });
    const renewal = tokens.get({ aud: 'media', resource: 'cam-1' });
    // The gateway refuses the key (revoked) while the first answer is still on its way.
    tokens.invalidate({ aud: 'media', resource: 'cam-1' });
    const next = await tokens.get({ aud: 'media', resource: 'cam-1' });
    expect(next.token).toBe('fresh-2-media');
    release({ token: 'issued-before-revocation', expiresAt: 600_000, gatewayUrl: 'http://gw' });
    expect((await renewal).token).toBe('issued-before-revocation');
    // The late answer did not overwrite the fresh token in the cache.
    expect((await tokens.get({ aud: 'media', resource: 'cam-1' })).token).toBe('fresh-2-media');
    expect(n).toBe(2);
  });
});

