import { describe, expect, it } from 'vitest';
import { ScreenshotFailedSchema, ScreenshotPartSchema } from '@ioc/protocol';
import { toBase64, uploadScreenshot } from './screenshot-upload';

/** Records what the screen would send, validating each payload with the protocol's schema. */
function recorder(refuseAt = -1) {
  const sent: { name: string; payload: Record<string, unknown> }[] = [];
  const request = (async (name: string, payload: Record<string, unknown>) => {
    (name === 'screenshotPart' ? ScreenshotPartSchema : ScreenshotFailedSchema).parse(payload);
    sent.push({ name, payload });
    return sent.length - 1 === refuseAt ? null : name === 'screenshotPart' ? { received: 0 } : {};
  }) as unknown as Parameters<typeof uploadScreenshot>[2];
  return { sent, request };
}

const req = { requestId: 'req-12345678', maxBytes: 1000, chunkChars: 8 };

describe('uploadScreenshot', () => {
  it('sends the PNG as ordered base64 parts of chunkChars that join back to the bytes', async () => {
    const png = Uint8Array.from({ length: 20 }, (_, i) => i * 13);
    const { sent, request } = recorder();
    expect(await uploadScreenshot(req, async () => png, request)).toBe(true);
    expect(sent.map((s) => [s.payload.index, s.payload.count])).toEqual([[0, 4], [1, 4], [2, 4], [3, 4]]);
    const joined = sent.map((s) => s.payload.data as string).join('');
    expect(joined).toBe(toBase64(png));
    expect(Buffer.from(joined, 'base64').equals(Buffer.from(png))).toBe(true);
  });

  it('stops at the first part the controller refuses', async () => {
    const { sent, request } = recorder(1);
    expect(await uploadScreenshot(req, async () => new Uint8Array(20), request)).toBe(false);
    expect(sent).toHaveLength(2);
  });

  it('reports a capture that fails, or a PNG over the cap, instead of sending parts', async () => {
    const failing = recorder();
    expect(await uploadScreenshot(req, async () => Promise.reject(new Error('canvas is tainted')), failing.request)).toBe(false);
    expect(failing.sent).toEqual([{ name: 'screenshotFailed', payload: { requestId: req.requestId, message: 'canvas is tainted' } }]);
    const tooBig = recorder();
    await uploadScreenshot(req, async () => new Uint8Array(1001), tooBig.request);
    expect(tooBig.sent[0]?.name).toBe('screenshotFailed');
    const none = recorder();
    await uploadScreenshot(req, undefined, none.request);
    expect(none.sent[0]?.payload.message).toBe('this screen cannot take screenshots');
  });
});
