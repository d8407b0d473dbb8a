import { randomBytes } from 'node:crypto';
import { AppError, PNG_SIGNATURE, type ScreenshotInfo, type ScreenshotPart } from '@ioc/protocol';
import type { Actor } from '../auth/sessions';
import type { ControllerConfig } from '../config';
import type { Store } from '../db/store';
import { requirePermission } from '../permissions';
import type { Hub } from './hub';

export interface ScreenshotDeps {
  store: Store;
  hub: Hub;
  now: () => number;
  config: ControllerConfig['screenshots'];
  /** The socket event payload limit: each part must fit in it. */
  socketPayloadBytes: number;
  isOnline: (screenId: string) => boolean;
}

interface Pending {
  screenId: string;
  requestedBy: string;
  parts: Buffer[];
  bytes: number;
  count: number | null;
  timer: NodeJS.Timeout;
  resolve: (info: ScreenshotInfo) => void;
  reject: (err: AppError) => void;
  promise: Promise<ScreenshotInfo>;
}

/** Room in a part's JSON for everything but the base64 data. */
const PART_OVERHEAD = 512;
const MAX_CHUNK_CHARS = 48 * 1024;

/**
 * Screenshots of screens: the controller asks a screen's socket, the screen sends its canvas as
 * a PNG in parts, and the last few per screen are kept in memory (they show what the room saw,
 * not a record). A screen may send parts only for a request this service made of that screen.
 */
export function createScreenshots(d: ScreenshotDeps) {
  const pending = new Map<string, Pending>();
  const kept = new Map<string, { info: ScreenshotInfo; png: Buffer }[]>();
  const counters = new Map<string, number>();
  const chunkChars = Math.max(4, Math.floor(Math.min(MAX_CHUNK_CHARS, d.socketPayloadBytes - PART_OVERHEAD) / 4) * 4);
  const maxParts = Math.ceil(Math.ceil(d.config.maxBytes / 3) * 4 / chunkChars);

  d.hub.on('screenRemoved', (screenId) => {
    kept.delete(screenId);
    for (const [id, p] of pending) if (p.screenId === screenId) fail(id, new AppError('SCREEN_NOT_FOUND', `screen "${screenId}" was unpaired`));
  });

  function fail(requestId: string, err: AppError): void {
    const p = pending.get(requestId);
    if (!p) return;
    pending.delete(requestId);
    clearTimeout(p.timer);
    p.reject(err);
  }

  function pendingFor(screenId: string, requestId: string): Pending {
    const p = pending.get(requestId);
    if (!p || p.screenId !== screenId) throw new AppError('FORBIDDEN', 'no screenshot was asked of this screen with that id');
    return p;
  }

  /** The screen's ack gets `code`; the technician waiting gets SCREENSHOT_FAILED with the same reason. */
  function refuse(requestId: string, screenId: string, why: string, code: 'VALIDATION_FAILED' | 'PAYLOAD_TOO_LARGE' = 'VALIDATION_FAILED'): AppError {
    fail(requestId, new AppError('SCREENSHOT_FAILED', `screen "${screenId}" sent a bad screenshot: ${why}`));
    return new AppError(code, `screenshot ${why}`);
  }

  function complete(requestId: string, p: Pending): ScreenshotInfo {
    const png = Buffer.concat(p.parts);
    const size = pngSize(png);
    if (!size) throw refuse(requestId, p.screenId, 'is not a PNG');
    const n = (counters.get(p.screenId) ?? 0) + 1;
    counters.set(p.screenId, n);
    const info: ScreenshotInfo = { n, screenId: p.screenId, takenAt: d.now(), requestedBy: p.requestedBy, ...size, bytes: png.length };
    const list = kept.get(p.screenId) ?? [];
    list.push({ info, png });
    kept.set(p.screenId, list.slice(-d.config.keep));
    pending.delete(requestId);
    clearTimeout(p.timer);
    p.resolve(info);
    return info;
  }

  const screenOrThrow = (screenId: string) => {
    if (!d.store.walls.screen(screenId)) throw new AppError('SCREEN_NOT_FOUND', `screen "${screenId}" does not exist`);
  };

  return {
    /** Asks the screen; resolves with the screenshot once it has arrived (one request at a time per screen). */
    request(actor: Actor, screenId: string): Promise<ScreenshotInfo> {
      requirePermission(actor, 'screens.screenshot');
      screenOrThrow(screenId);
      if (!d.isOnline(screenId)) throw new AppError('SCREEN_OFFLINE', `screen "${screenId}" is not connected`);
      d.store.tx(() => d.store.audit.write({ actor: actor.username, action: 'screen.screenshot', target: screenId, details: {} }));
      // A second ask while one is on its way gets the same picture rather than a second upload.
      for (const p of pending.values()) if (p.screenId === screenId) return p.promise;
      const requestId = randomBytes(12).toString('base64url');
      let resolve!: (info: ScreenshotInfo) => void;
      let reject!: (err: AppError) => void;
      const promise = new Promise<ScreenshotInfo>((res, rej) => ((resolve = res), (reject = rej)));
      const timer = setTimeout(
        () => fail(requestId, new AppError('SCREENSHOT_TIMEOUT', `screen "${screenId}" sent no screenshot within ${d.config.timeoutMs} ms`)),
        d.config.timeoutMs,
      );
      timer.unref();
      pending.set(requestId, { screenId, requestedBy: actor.username, parts: [], bytes: 0, count: null, timer, resolve, reject, promise });
      d.hub.emit('screenshotRequest', screenId, { requestId, maxBytes: d.config.maxBytes, chunkChars });
      return promise;
    },

    /** A part from the screen's socket; `screenId` is the socket's own screen, never the payload's. */
    part(screenId: string, part: ScreenshotPart): { received: number } {
      const p = pendingFor(screenId, part.requestId);
      const bad = (why: string, code?: 'PAYLOAD_TOO_LARGE') => refuse(part.requestId, screenId, why, code);
      if (part.count > maxParts || part.data.length > chunkChars) throw bad(`is over ${d.config.maxBytes} bytes`, 'PAYLOAD_TOO_LARGE');
      if (p.count !== null && part.count !== p.count) throw bad('part count changed');
      if (part.index !== p.parts.length || part.index >= part.count) throw bad(`part ${part.index} out of order`);
      const bytes = Buffer.from(part.data, 'base64');
      if (p.bytes + bytes.length > d.config.maxBytes) throw bad(`is over ${d.config.maxBytes} bytes`, 'PAYLOAD_TOO_LARGE');
      p.count = part.count;
      p.parts.push(bytes);
      p.bytes += bytes.length;
      if (part.index === part.count - 1) complete(part.requestId, p);
      return { received: p.bytes };
    },

    /** The screen could not take it: the waiting request fails with its (bounded) reason. */
    failed(screenId: string, requestId: string, message: string): void {
      pendingFor(screenId, requestId);
      fail(requestId, new AppError('SCREENSHOT_FAILED', `screen "${screenId}" could not take a screenshot: ${message.slice(0, 300)}`));
    },

    list(actor: Actor, screenId: string): ScreenshotInfo[] {
      requirePermission(actor, 'screens.screenshot');
      screenOrThrow(screenId);
      return (kept.get(screenId) ?? []).map((k) => k.info);
    },

    get(actor: Actor, screenId: string, n: number): Buffer {
      requirePermission(actor, 'screens.screenshot');
      screenOrThrow(screenId);
      const found = kept.get(screenId)?.find((k) => k.info.n === n);
      if (!found) throw new AppError('NOT_FOUND', `screen "${screenId}" has no screenshot ${n} (only the last ${d.config.keep} are kept)`);
      return found.png;
    },
  };
}
export type Screenshots = ReturnType<typeof createScreenshots>;

/** Width and height from the IHDR chunk, which must follow the signature; null if not a PNG. */
export function pngSize(png: Buffer): { width: number; height: number } | null {
  if (png.length < 33 || PNG_SIGNATURE.some((b, i) => png[i] !== b)) return null;
  if (png.readUInt32BE(8) !== 13 || png.toString('latin1', 12, 16) !== 'IHDR') return null;
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  if (width === 0 || height === 0) return null;
  // A PNG ends with an empty IEND chunk: a truncated upload does not.
  if (png.toString('latin1', png.length - 8, png.length - 4) !== 'IEND') return null;
  return { width, height };
}
