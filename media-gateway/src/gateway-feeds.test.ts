import { io as connect } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '@ioc/protocol';
import { signToken } from '@ioc/protocol/signed-token';
import { StaticCameraCatalog } from './catalog';
import { startHarness, TEST_SECRET, type Harness } from './test-harness';

/** The gateway serves the IOC feeds itself: /feeds over socket.io, with feeds tokens. */
let h: Harness;

beforeAll(async () => {
  h = await startHarness(new StaticCameraCatalog([]));
});
afterAll(async () => {
  await h?.close();
});

function feedsSocket(token: string) {
  return connect(`${h.url}/feeds`, { auth: { protocolVersion: PROTOCOL_VERSION, token }, transports: ['websocket'], reconnection: false, forceNew: true });
}

describe('gateway feeds', () => {
  it('delivers the demo field reports to a screen holding a feeds token, and refuses a media token', async () => {
    const exp = Math.floor(Date.now() / 1000) + 60;
    const good = feedsSocket(signToken(TEST_SECRET, { aud: 'feeds', sub: 'screen-1', res: ['*'], exp }));
    const res = await new Promise<{ ok: boolean; data?: { envelopes: { feedId: string; value: { total: number } }[] } }>((resolve) =>
      good.emit('subscribe', { feedIds: ['field-reports'] }, resolve),
    );
    expect(res.ok).toBe(true);
    const [envelope] = res.data?.envelopes ?? [];
    expect(envelope?.feedId).toBe('field-reports');
    // Seeded from the public pilot: 58 reports, then new ones trickle in.
    expect(envelope?.value.total).toBeGreaterThanOrEqual(58);
    good.disconnect();

    const wrong = feedsSocket(signToken(TEST_SECRET, { aud: 'media', sub: 'screen-1', res: ['*'], exp }));
    const err = await new Promise<Error>((resolve) => wrong.once('connect_error', resolve));
    expect(err.message).toMatch(/token|audience|UNAUTHENTICATED/i);
    wrong.disconnect();
  });
});
