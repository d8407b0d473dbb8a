import type { ScreenshotRequest } from '@ioc/protocol';
import type { createRequester } from './socket-io';

type Request = ReturnType<typeof createRequester>;

/** Draws the screen to a PNG of at most `maxBytes` (downscaled as needed). */
export type CaptureScreenshot = (maxBytes: number) => Promise<Uint8Array>;

/** Base64 without a Node Buffer (browser and Node alike), in slices so no call gets a huge argument list. */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/**
 * Answers one `screenshotRequest`: captures, then sends the PNG in parts of `chunkChars` base64
 * characters, each waiting for the controller's ack (the socket never holds more than one part).
 * A capture that fails is reported, so the technician sees why rather than a timeout.
 */
export async function uploadScreenshot(req: ScreenshotRequest, capture: CaptureScreenshot | undefined, request: Request): Promise<boolean> {
  let png: Uint8Array;
  try {
    if (!capture) throw new Error('this screen cannot take screenshots');
    png = await capture(req.maxBytes);
    if (png.length > req.maxBytes) throw new Error(`PNG is ${png.length} bytes even downscaled (limit ${req.maxBytes})`);
  } catch (err) {
    const message = (err instanceof Error ? err.message : String(err)).slice(0, 300);
    await request('screenshotFailed', { requestId: req.requestId, message });
    return false;
  }
  const data = toBase64(png);
  const count = Math.max(1, Math.ceil(data.length / req.chunkChars));
  for (let index = 0; index < count; index++) {
    const part = data.slice(index * req.chunkChars, (index + 1) * req.chunkChars);
    if (!(await request('screenshotPart', { requestId: req.requestId, index, count, data: part }))) return false;
  }
  return true;
}
