import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { Server as SocketServer } from 'socket.io';
import { AppError, type StreamStatus } from '@ioc/protocol';
import { apiRouter } from './api-routes';
import { docsRouter } from './docs-routes';
import { createFeedHub, type FeedHub } from './feeds';
import { FeedStatusWatch } from './feeds/feed-status';
import type { CameraCatalog } from './catalog';
import type { GatewayConfig } from './config';
import { DEJAVU_FONT, pickH264Encoder } from './ffmpeg-args';
import { locateFfmpeg, probeVersion, type FfmpegBinary } from './ffmpeg-locate';
import { hlsRouter } from './hls-routes';
import { createLogger, redactingLogger, type Logger } from './logger';
import { reapOrphans } from './process-group';
import { createGatewayMetrics, type GatewayMetrics } from './metrics/gateway-metrics';
import { metricsRoute } from '@ioc/protocol/metrics';
import { Recorder } from './recording/recorder';
import { recordingRouter } from './recording/recording-routes';
import { onvifRouter } from './onvif-routes';
import { Redactor } from './redact';
import { snapshotRouter } from './snapshot-routes';
import { SnapshotService } from './snapshots';
import { StreamSupervisor, type MediaTools } from './supervisor';
import { WhepHub } from './webrtc/whep-hub';
import { whepRouter } from './webrtc/whep-routes';

export interface GatewayDeps {
  config: GatewayConfig;
  cameras: CameraCatalog;
  log?: Logger;
  onStatus?: (s: StreamStatus) => void;
  /** Lets other parts (feeds, ONVIF) add routes or socket.io namespaces before the 404 handler. */
  mount?: (app: Express, httpServer: Server) => void;
}

export interface Gateway {
  app: Express;
  httpServer: Server;
  supervisor: StreamSupervisor;
  /** WHEP sessions (null when `webrtc.enabled` is false); `stats()` counts live peers. */
  webrtc: WhepHub | null;
  /** The IOC service feeds, served on the `/feeds` socket.io namespace and webhooks. */
  feeds: FeedHub;
  /** Evidence clips of escalated cameras (`/api/recordings`). */
  recorder: Recorder;
  /** Camera JPEG snapshots (`/snapshot/<token>/<camera>.jpg`); `stats()` counts ffmpeg runs and cache hits. */
  snapshots: SnapshotService;
  /** Prometheus metrics, served at `/metrics` (bearer `metrics.token`). */
  metrics: GatewayMetrics;
  redactor: Redactor;
  log: Logger;
  /** ffmpeg found at start, null before. */
  ffmpeg(): FfmpegBinary | null;
  start(): Promise<{ port: number; url: string }>;
  close(): Promise<void>;
}

/** Builds the gateway without listening; `start()` finds ffmpeg and listens. */
export function createGateway(deps: GatewayDeps): Gateway {
  const { config } = deps;
  const redactor = new Redactor();
  const log = deps.log ? redactingLogger(deps.log, redactor) : createLogger({ redactor, level: config.log.level, pretty: config.log.pretty });
  let tools: MediaTools | null = null;
  let ffmpeg: FfmpegBinary | null = null;
  const statusEvents = new EventEmitter();
  statusEvents.setMaxListeners(0);
  const onStatus = (s: StreamStatus) => {
    deps.onStatus?.(s);
    metrics.onStreamStatus(s);
    statusEvents.emit('status', s);
  };
  const supervisor = new StreamSupervisor({ config, tools: () => tools, log, redactor, onStatus });

  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  const httpServer = createServer(app);
  // Before apiRouter, whose media-secret guard covers all of /api: the reference is public.
  app.use(docsRouter());
  app.use(apiRouter({ secret: config.media.secret, supervisor, statusEvents, feeds: () => feedStatus.list(), ffmpeg: { get origin() { return ffmpeg?.origin ?? 'none'; }, get version() { return ffmpeg?.version ?? ''; } } }));
  // Counts HLS viewers from the playlists they fetch (the metrics are built below, with the feeds).
  app.use('/hls', (req, res, next) => metrics.hlsViewers(req, res, next));
  app.use(hlsRouter({ config, cameras: deps.cameras, supervisor }));
  const snapshots = new SnapshotService({ config, cameras: deps.cameras, supervisor, ffmpegPath: () => tools?.ffmpegPath ?? null, log });
  app.use(snapshotRouter({ secret: config.media.secret, snapshots, cacheMs: config.snapshots.cacheMs }));
  const webrtc = config.webrtc.enabled ? new WhepHub({ config: config.webrtc, supervisor, log }) : null;
  if (webrtc) app.use(whepRouter({ secret: config.media.secret, cameras: deps.cameras, hub: webrtc }));
  const recorder = new Recorder({
    options: { ...config.recording, segmentSeconds: config.hls.segmentSeconds },
    streams: supervisor,
    cameras: deps.cameras,
    ffmpegPath: () => tools?.ffmpegPath ?? null,
    log,
  });
  app.use(recordingRouter({ secret: config.media.secret, recorder }));
  app.use(onvifRouter({ secret: config.media.secret, cameras: deps.cameras, redactor, log }));
  const feeds = createFeedHub({
    config: config.feeds,
    tokenSecret: config.media.secret,
    log: { info: (m, f) => log.info(m, f), warn: (m, f) => log.warn(m, f) },
  });
  for (const f of config.feeds.feeds) if (f.adapter.type === 'webhook') redactor.add(f.adapter.token);
  app.use(feeds.router);
  // The renderer comes from the controller's origin (or the kiosk's scheme); feeds tokens, not
  // cookies, gate access, so any origin may connect.
  const io = new SocketServer(httpServer, { serveClient: false, cors: { origin: true, credentials: false } });
  feeds.attachFeedNamespace(io);
  // Feed health for the controller (its feed-stale alert, over the status stream) and the metrics.
  const feedStatus = new FeedStatusWatch(feeds, { onChange: (f) => statusEvents.emit('feedStatus', f) });
  const metrics = createGatewayMetrics({ secret: config.media.secret, supervisor, webrtc, feeds: feedStatus, recorder, recordingBudgetBytes: config.recording.budgetBytes });
  app.get('/metrics', metricsRoute(config.metrics.token, metrics.scrape));
  deps.mount?.(app, httpServer);
  app.use((_req: Request, _res: Response, next: NextFunction) => next(new AppError('NOT_FOUND', 'no such route')));
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const appErr = err instanceof AppError ? err : null;
    if (!appErr) log.error('request failed', { error: err instanceof Error ? err.message : String(err) });
    const out = appErr ?? new AppError('INTERNAL', 'internal error');
    if (!res.headersSent) res.status(out.status).json(out.toJSON());
  });

  let closing: Promise<void> | null = null;
  return {
    app,
    httpServer,
    supervisor,
    webrtc,
    feeds,
    recorder,
    snapshots,
    metrics,
    redactor,
    log,
    ffmpeg: () => ffmpeg,
    async start() {
      await webrtc?.start();
      const located = await locateFfmpeg({ configuredPath: config.ffmpeg.path });
      for (const t of located.tried) if (t.error) log.warn('ffmpeg candidate rejected', t);
      if (!located.found) throw new AppError('INTERNAL', 'ffmpeg not found (ffmpeg.path, PATH, /usr/bin/ffmpeg, @ffmpeg-installer/ffmpeg)');
      ffmpeg = located.found;
      const encoders = await probeVersion(ffmpeg.path, ['-hide_banner', '-encoders']).catch(() => '');
      const fontFile = existsSync(DEJAVU_FONT) ? DEJAVU_FONT : null;
      tools = { ffmpegPath: ffmpeg.path, h264Encoder: pickH264Encoder(encoders), fontFile };
      log.info('ffmpeg found', { path: ffmpeg.path, origin: ffmpeg.origin, version: ffmpeg.version, h264Encoder: tools.h264Encoder, font: fontFile !== null });
      if (!tools.h264Encoder) log.warn('no H.264 encoder: demo cameras and transcoding will fail');
      if (!fontFile) log.warn('DejaVu font missing: demo cameras run without their name and clock');
      await mkdir(config.hls.dir, { recursive: true, mode: 0o700 });
      feeds.start();
      feedStatus.start();
      const reaped = await reapOrphans(config.hls.dir);
      if (reaped.length > 0) log.warn('killed orphan ffmpeg processes from an earlier run', { pids: reaped });
      // After ffmpeg is known: recordings a restart interrupted are finalized now.
      await recorder.start();
      await new Promise<void>((resolveListen, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(config.http.port, config.http.host, () => {
          httpServer.off('error', reject);
          resolveListen();
        });
      });
      const { port } = httpServer.address() as AddressInfo;
      const host = config.http.host === '0.0.0.0' || config.http.host === '::' ? '127.0.0.1' : config.http.host;
      const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
      log.info('gateway listening', { url });
      return { port, url };
    },
    close() {
      closing ??= (async () => {
        feeds.close();
        feedStatus.close();
        io.disconnectSockets(true);
        // Recordings and peers first: each releases its hold on a stream, then the streams stop.
        await recorder.close();
        await webrtc?.close();
        await supervisor.close();
        await new Promise<void>((r) => {
          if (!httpServer.listening) return r();
          httpServer.close(() => r());
          httpServer.closeAllConnections();
        });
      })();
      return closing;
    },
  };
}
