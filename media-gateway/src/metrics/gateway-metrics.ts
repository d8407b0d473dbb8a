import type { RequestHandler } from 'express';
import { Counter, Gauge, Registry } from 'prom-client';
import { StreamStateSchema, type StreamStatus } from '@ioc/protocol';
import { verifyToken } from '@ioc/protocol/signed-token';
import type { FeedStatusWatch } from '../feeds/feed-status';
import type { Recorder } from '../recording/recorder';
import type { StreamSupervisor } from '../supervisor';
import type { WhepHub } from '../webrtc/whep-hub';
import { scrape } from '@ioc/protocol/metrics';

export interface GatewayMetricsDeps {
  secret: string;
  supervisor: Pick<StreamSupervisor, 'list'>;
  webrtc: Pick<WhepHub, 'stats'> | null;
  feeds: Pick<FeedStatusWatch, 'ages'>;
  recorder: Pick<Recorder, 'bytesInUse'>;
  recordingBudgetBytes: number;
  /** A viewer that fetched no playlist for this long is gone (hls.js reloads every segment). */
  hlsViewerWindowMs?: number;
  now?: () => number;
}

const PLAYLIST_PATH = /^\/([^/]+)\/([^/]+)\/(main|sub)\/index\.m3u8$/;

/**
 * The gateway's Prometheus metrics, in a registry of its own (several gateways in one test
 * process never collide); the process metrics come from one shared registry (`scrape`). Labels
 * carry camera and feed ids only: never a URL, a credential or a token.
 */
export function createGatewayMetrics(d: GatewayMetricsDeps) {
  const registry = new Registry();
  const registers = [registry];
  const now = d.now ?? Date.now;
  const windowMs = d.hlsViewerWindowMs ?? 10_000;

  new Gauge({
    name: 'ioc_gateway_streams',
    help: 'Camera streams (one ffmpeg per camera and profile) by state: starting, live, stalled, offline, stopped.',
    labelNames: ['state'],
    registers,
    collect() {
      const n = Object.fromEntries(StreamStateSchema.options.map((s) => [s, 0])) as Record<string, number>;
      for (const s of d.supervisor.list()) n[s.state] = (n[s.state] ?? 0) + 1;
      for (const [state, v] of Object.entries(n)) this.set({ state }, v);
    },
  });

  const restarts = new Counter({
    name: 'ioc_gateway_ffmpeg_restarts_total',
    help: 'ffmpeg restarts (watchdog kill, crash, codec switch) by camera id and profile.',
    labelNames: ['camera', 'profile'],
    registers,
  });
  // Per stream instance, restarts only grow; a new instance (after an idle stop) starts at 0.
  const lastRestarts = new Map<string, number>();
  const onStreamStatus = (s: StreamStatus): void => {
    const key = `${s.cameraId}/${s.profile}`;
    // A stop never restarts anything; the next instance counts from 0 again.
    if (s.state === 'stopped') return void lastRestarts.delete(key);
    const before = lastRestarts.get(key) ?? 0;
    lastRestarts.set(key, s.restarts);
    const added = s.restarts >= before ? s.restarts - before : s.restarts;
    if (added > 0) restarts.inc({ camera: s.cameraId, profile: s.profile }, added);
  };

  new Gauge({
    name: 'ioc_gateway_webrtc_peers',
    help: 'WebRTC (WHEP) peers by camera id and profile.',
    labelNames: ['camera', 'profile'],
    registers,
    collect() {
      this.reset();
      for (const [stream, n] of Object.entries(d.webrtc?.stats().byStream ?? {})) {
        const [camera = '', profile = ''] = stream.split('/');
        this.set({ camera, profile }, n);
      }
    },
  });

  // HLS is plain HTTP: a viewer is a token holder (a screen, a console user) that fetched a
  // stream's playlist within the window.
  const hlsSeen = new Map<string, { camera: string; profile: string; at: number }>();
  const prune = (t: number) => {
    for (const [k, v] of hlsSeen) if (t - v.at > windowMs) hlsSeen.delete(k);
  };
  const hlsViewers: RequestHandler = (req, res, next) => {
    const m = PLAYLIST_PATH.exec(req.path);
    if (m) {
      const [, token = '', camera = '', profile = ''] = m;
      res.once('finish', () => {
        if (res.statusCode !== 200) return;
        const check = verifyToken(d.secret, token, 'media');
        if (!check.ok) return;
        const t = now();
        if (hlsSeen.size > 10_000) prune(t);
        hlsSeen.set(`${camera}/${profile}/${check.claims.sub}`, { camera, profile, at: t });
      });
    }
    next();
  };
  new Gauge({
    name: 'ioc_gateway_hls_viewers',
    help: 'HLS viewers (token holders that fetched the playlist in the last 10 s) by camera id and profile.',
    labelNames: ['camera', 'profile'],
    registers,
    collect() {
      this.reset();
      prune(now());
      const n = new Map<string, { camera: string; profile: string; n: number }>();
      for (const v of hlsSeen.values()) {
        const k = `${v.camera}/${v.profile}`;
        const e = n.get(k) ?? { camera: v.camera, profile: v.profile, n: 0 };
        e.n += 1;
        n.set(k, e);
      }
      for (const e of n.values()) this.set({ camera: e.camera, profile: e.profile }, e.n);
    },
  });

  new Gauge({
    name: 'ioc_gateway_feed_staleness_seconds',
    help: "Seconds since each widget feed's last accepted value (since the feeds started while it has none).",
    labelNames: ['feed', 'kind'],
    registers,
    collect() {
      this.reset();
      for (const f of d.feeds.ages()) this.set({ feed: f.feedId, kind: f.kind }, f.seconds);
    },
  });
  new Gauge({
    name: 'ioc_gateway_feed_stale',
    help: "1 while a widget feed is stale (beyond its own limit, or its upstream sent a bad value), else 0.",
    labelNames: ['feed', 'kind'],
    registers,
    collect() {
      this.reset();
      for (const f of d.feeds.ages()) this.set({ feed: f.feedId, kind: f.kind }, f.stale ? 1 : 0);
    },
  });

  new Gauge({
    name: 'ioc_gateway_recording_disk_bytes',
    help: 'Bytes of evidence clips on disk, recordings in progress included.',
    registers,
    collect() {
      this.set(d.recorder.bytesInUse());
    },
  });
  new Gauge({ name: 'ioc_gateway_recording_budget_bytes', help: 'recording.budgetBytes: finished clips beyond it are deleted, oldest first.', registers }).set(
    d.recordingBudgetBytes,
  );

  return {
    registry,
    /** Feed every stream status change here (counts ffmpeg restarts). */
    onStreamStatus,
    /** Mount at `/hls`, before the HLS routes: counts viewers from the playlists they fetch. */
    hlsViewers,
    scrape: () => scrape(registry),
  };
}
export type GatewayMetrics = ReturnType<typeof createGatewayMetrics>;
