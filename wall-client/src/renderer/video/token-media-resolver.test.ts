import { describe, expect, it } from 'vitest';
import type { AccessToken } from '@ioc/protocol';
import { createTokenMediaResolver } from './token-media-resolver';

describe('createTokenMediaResolver', () => {
  const tokenOf = (token: string, gatewayUrl = 'http://gw:8090/'): AccessToken => ({ token, expiresAt: 0, gatewayUrl });

  it('builds stream URLs and moves any URL under them to the current token and gateway', async () => {
    let current = tokenOf('t1');
    const invalidated: string[] = [];
    const r = createTokenMediaResolver({ token: async () => current, invalidate: (id) => invalidated.push(id) });
    const url = await r.streamUrl('cam 1', 'sub');
    expect(url).toBe('http://gw:8090/hls/t1/cam%201/sub/index.m3u8');
    current = tokenOf('t/2+');
    expect(await r.refreshUrl!(url, 'cam 1')).toBe('http://gw:8090/hls/t%2F2%2B/cam%201/sub/index.m3u8');
    expect(await r.refreshUrl!('http://gw:8090/hls/t1/cam%201/sub/seg-00012.m4s?x=1', 'cam 1')).toBe(
      'http://gw:8090/hls/t%2F2%2B/cam%201/sub/seg-00012.m4s?x=1',
    );
    current = tokenOf('t3', 'https://gw2.local');
    expect(await r.refreshUrl!(url, 'cam 1')).toBe('https://gw2.local/hls/t3/cam%201/sub/index.m3u8');
    r.invalidate!('cam 1');
    expect(invalidated).toEqual(['cam 1']);
  });

  it('leaves URLs that are not gateway HLS URLs alone, and takes first URLs from a base resolver when given', async () => {
    const r = createTokenMediaResolver({
      token: async () => tokenOf('t1'),
      invalidate: () => undefined,
      base: { streamUrl: async () => Promise.reject(new Error('no media gateway is configured')) },
    });
    expect(await r.refreshUrl!('http://other/live/index.m3u8', 'cam')).toBe('http://other/live/index.m3u8');
    await expect(r.streamUrl('cam', 'main')).rejects.toThrow('no media gateway');
  });
});
