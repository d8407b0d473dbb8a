/**
 * Browser entry for the glass-to-glass rig (bundled by esbuild, see g2g-rig.ts): the wall's own
 * HlsPlayer (hls.js with LIVE_HLS_CONFIG, muted inline video) on a bare page, plus a clock
 * barcode reader on the frames the browser presents (requestVideoFrameCallback + canvas).
 *
 * The wall draws that video into a pixi texture at the next tick, up to one display frame
 * later; that draw is not counted here.
 */
import { HlsPlayer } from '../../wall-client/src/renderer/video';
import { barcodeStripHeight, decodeBarcode, latencyFromBarcode } from '../support/barcode';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const players = new Map<string, HlsPlayer>();

export interface ClockReading {
  /** ms from the camera painting the frame to the page presenting it. */
  samples: number[];
  /** Frames presented while reading, decoded or not. */
  presented: number;
  /** Mean media seconds buffered ahead of the playhead at presented frames: the player's share of g2g. */
  bufferAheadS: number;
}

/** Reads the barcode from every presented frame of `video` until `stop()`. */
function readClock(video: HTMLVideoElement): { reading: ClockReading; stop: () => void } {
  const reading: ClockReading = { samples: [], presented: 0, bufferAheadS: 0 };
  let aheadSum = 0;
  const canvas = document.createElement('canvas');
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  let stopped = false;
  let handle = 0;
  const onFrame = () => {
    if (stopped) return;
    // Date.now() first: the presented frame's age is what is measured, not the decode below.
    const now = Date.now();
    reading.presented++;
    const b = video.buffered;
    if (b.length > 0) aheadSum += b.end(b.length - 1) - video.currentTime;
    reading.bufferAheadS = aheadSum / reading.presented;
    const w = video.videoWidth;
    if (ctx && w > 0) {
      const strip = barcodeStripHeight(w);
      if (canvas.width !== w || canvas.height !== strip) {
        canvas.width = w;
        canvas.height = strip;
      }
      ctx.drawImage(video, 0, 0, w, strip, 0, 0, w, strip);
      const value = decodeBarcode(ctx.getImageData(0, 0, w, strip).data, w, strip);
      if (value !== null) reading.samples.push(latencyFromBarcode(value, now));
    }
    handle = video.requestVideoFrameCallback(onFrame);
  };
  handle = video.requestVideoFrameCallback(onFrame);
  return {
    reading,
    stop: () => {
      stopped = true;
      video.cancelVideoFrameCallback(handle);
    },
  };
}

export interface FirstFrame {
  /** From creating the player with the URL to its first presented frame; null if none came. */
  ms: number | null;
  state: string;
  videoWidth: number;
}

/**
 * What a tile does when its state arrives: creates the player with the stream URL. Measures to
 * the first presented frame. With `keepAs`, the player stays (a viewer that keeps the stream
 * warm, or the one g2g reads); otherwise it is destroyed.
 */
async function firstFrame(url: string, timeoutMs: number, keepAs?: string): Promise<FirstFrame> {
  const t0 = performance.now();
  const p = new HlsPlayer({ resolveUrl: async () => url });
  const shown = new Promise<number>((resolve) => p.video.requestVideoFrameCallback(() => resolve(performance.now() - t0)));
  const ms = await Promise.race([shown, sleep(timeoutMs).then(() => null)]);
  const result = { ms, state: p.getState(), videoWidth: p.video.videoWidth };
  if (keepAs) players.set(keepAs, p);
  else p.destroy();
  return result;
}

/** Reads the clock from a kept player's presented frames for `ms`. */
async function g2g(keptAs: string, ms: number): Promise<ClockReading> {
  const p = players.get(keptAs);
  if (!p) throw new Error(`no player ${keptAs}`);
  const r = readClock(p.video);
  await sleep(ms);
  r.stop();
  return r.reading;
}

function release(keptAs?: string): void {
  for (const [k, p] of players) {
    if (keptAs !== undefined && k !== keptAs) continue;
    p.destroy();
    players.delete(k);
  }
}

function playerState(keptAs: string): { state: string; currentTime: number } | null {
  const p = players.get(keptAs);
  return p ? { state: p.getState(), currentTime: p.video.currentTime } : null;
}

const api = { firstFrame, g2g, release, playerState };
export type G2gPageApi = typeof api;
(globalThis as unknown as { __g2g: G2gPageApi }).__g2g = api;
