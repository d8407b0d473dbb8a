/**
 * Browser entry for the glass-to-glass rig (bundled by esbuild, see g2g-rig.ts): the wall's own
 * HlsPlayer (hls.js with LIVE_HLS_CONFIG, muted inline video) on a bare page, plus a clock
 * barcode reader on the frames the browser presents (requestVideoFrameCallback + canvas).
 *
 * The wall draws that video into a pixi texture at the next tick, up to one display frame
 * later; that draw is not counted here.
 */
import Hls from 'hls.js';
import { HlsPlayer } from '../../wall-client/src/renderer/video';
import { WhepPlayer } from '../../wall-client/src/renderer/video/whep-player';
import { startBarcodeReader } from '../support/barcode';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** The wall's two players; the rig measures either (`transport`). */
type Player = HlsPlayer | WhepPlayer;
export type Transport = 'hls' | 'webrtc';
const players = new Map<string, Player>();

export interface ClockReading {
  /** ms from the camera painting the frame to the page presenting it. */
  samples: number[];
  /** Frames presented while reading, decoded or not. */
  presented: number;
  /** Mean media seconds buffered ahead of the playhead at presented frames: the player's share of g2g. */
  bufferAheadS: number;
  /** `waiting` events (playback ran out of data) while reading: must stay 0 at the live edge. */
  waiting: number;
  /** hls.js latency state sampled once a second while reading (diagnostics). */
  hlsSamples: HlsSample[];
  /** hls.js loading milestones while reading: [Date.now(), event, segment number] (diagnostics). */
  hlsEvents: [number, string, number][];
}

export interface HlsSample {
  latency: number | null;
  targetLatency: number | null;
  drift: number | null;
  playbackRate: number;
  targetDuration: number | null;
  age: number | null;
  edge: number | null;
  currentTime: number;
  bufferAhead: number;
}

/** hls.js state of a player, read through the private field for diagnostics only. */
function hlsSample(p: Player): HlsSample | null {
  const hls = (p as unknown as { hls?: Hls | null }).hls;
  if (!hls) return null;
  const v = p.video;
  const details = hls.latestLevelDetails;
  const b = v.buffered;
  return {
    latency: Number.isFinite(hls.latency) ? hls.latency : null,
    targetLatency: hls.targetLatency,
    drift: hls.drift,
    playbackRate: v.playbackRate,
    targetDuration: details?.targetduration ?? null,
    age: details?.age ?? null,
    edge: details?.edge ?? null,
    currentTime: v.currentTime,
    bufferAhead: b.length > 0 ? b.end(b.length - 1) - v.currentTime : 0,
  };
}

/** Reads the barcode from every presented frame of `video` until `stop()`. */
function readClock(p: Player): { reading: ClockReading; stop: () => void } {
  const video = p.video;
  const reading: ClockReading = { samples: [], presented: 0, bufferAheadS: 0, waiting: 0, hlsSamples: [], hlsEvents: [] };
  const hls = (p as unknown as { hls?: Hls | null }).hls;
  const log = (name: string) => (_e: unknown, d: { frag?: { sn: number | 'initSegment' }; details?: { endSN: number } }) => {
    const sn = d.frag ? d.frag.sn : d.details?.endSN;
    reading.hlsEvents.push([Date.now(), name, typeof sn === 'number' ? sn : -1]);
  };
  const logged = [
    [Hls.Events.LEVEL_LOADED, log('level-loaded')],
    [Hls.Events.FRAG_LOADING, log('frag-loading')],
    [Hls.Events.FRAG_LOADED, log('frag-loaded')],
    [Hls.Events.FRAG_BUFFERED, log('frag-buffered')],
  ] as const;
  for (const [ev, fn] of logged) hls?.on(ev, fn);
  const onWaiting = () => reading.waiting++;
  video.addEventListener('waiting', onWaiting);
  const sampler = setInterval(() => {
    const h = hlsSample(p);
    if (h) reading.hlsSamples.push(h);
  }, 1000);
  let aheadSum = 0;
  const reader = startBarcodeReader(video, {
    samples: reading.samples,
    onPresented: () => {
      reading.presented++;
      const b = video.buffered;
      if (b.length > 0) aheadSum += b.end(b.length - 1) - video.currentTime;
      reading.bufferAheadS = aheadSum / reading.presented;
    },
  });
  return {
    reading,
    stop: () => {
      reader.stop();
      video.removeEventListener('waiting', onWaiting);
      clearInterval(sampler);
      for (const [ev, fn] of logged) hls?.off(ev, fn);
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
async function firstFrame(url: string, timeoutMs: number, keepAs?: string, transport: Transport = 'hls'): Promise<FirstFrame> {
  const t0 = performance.now();
  const p: Player = transport === 'webrtc' ? new WhepPlayer({ resolveUrl: async () => url }) : new HlsPlayer({ resolveUrl: async () => url });
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
  const r = readClock(p);
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
