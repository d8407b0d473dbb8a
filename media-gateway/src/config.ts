import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { IdSchema, parseOrThrow } from '@ioc/protocol';
import { FeedsConfigSchema } from './feeds/feed-config';
import { LOG_LEVELS } from './logger';

const rtspUrl = z
  .string()
  .max(2048)
  .refine((u) => /^rtsps?:\/\/[^\s]+$/i.test(u), 'must be an rtsp:// or rtsps:// URL');

/** A camera listed in the gateway's own config (the controller's registry plugs in later). */
export const ConfiguredCameraSchema = z
  .object({ id: IdSchema, name: z.string().min(1).max(120), main: rtspUrl, sub: rtspUrl.optional() })
  .strict();

const ipAddress = z.union([z.ipv4(), z.ipv6()], { error: 'must be an IPv4 or IPv6 address' });

/** Real-time tiles over WebRTC (WHEP), fed from the same ffmpeg as HLS. */
export const WebrtcConfigSchema = z
  .object({
    enabled: z.boolean().default(true),
    /**
     * Local addresses that get a host candidate (and a UDP socket per peer). Empty: every
     * non-internal IPv4 address of the machine, or 127.0.0.1 when it has none. Checked against
     * the machine's interfaces at start.
     */
    interfaces: z.array(ipAddress).max(16).default([]),
    /** Address announced in candidates instead of the interface's (a 1:1 NAT in front of the gateway). */
    host: ipAddress.nullable().default(null),
    /** UDP ports for peers: each peer takes one per interface. */
    portRange: z
      .object({ min: z.number().int().min(1024).max(65535).default(40000), max: z.number().int().min(1024).max(65535).default(40999) })
      .strict()
      .prefault({})
      // werift needs a range of at least two ports.
      .refine((r) => r.max > r.min, 'max must be greater than min'),
    /**
     * A peer not connected this long after its answer, or silent (no STUN consent, no RTCP) this
     * long, is closed. At least 7 s: a viewer that gets no media yet sends only ICE consent
     * checks, every 4-6 s (RFC 7675).
     */
    peerTimeoutMs: z.number().int().min(7_000).max(120_000).default(10_000),
    /** Most peers at once; a request beyond it gets 429. */
    maxPeers: z.number().int().min(1).max(10_000).default(500),
  })
  .strict();

/** Private per-user default, so that two users on one host never share segment dirs. */
export function defaultHlsDir(): string {
  const uid = typeof process.getuid === 'function' ? process.getuid() : 0;
  return join(tmpdir(), `ioc-media-gateway-${uid}`);
}

/**
 * Next to the segment dir, so that a recording hard-links segments (same filesystem) instead of
 * copying them, and outside it, so nothing that cleans segment dirs ever touches a clip.
 */
export function defaultRecordingDir(hlsDir: string = defaultHlsDir()): string {
  return `${hlsDir.replace(/[\\/]+$/, '')}-recordings`;
}

/** Evidence clips of escalated cameras (media-gateway/src/recording/). */
export const RecordingConfigSchema = z
  .object({
    dir: z.string().min(1).default(() => defaultRecordingDir()),
    /** Kept on disk per main stream (old segments unlisted, not deleted) so a clip starts this long before its escalation. */
    preRollSeconds: z.number().int().min(0).max(300).default(30),
    /** A recording nobody stops ends after this long (an escalation left open). */
    maxSeconds: z.number().int().min(10).max(86_400).default(7_200),
    /** Finished clips beyond this total are deleted, oldest first; recordings still running never. */
    budgetBytes: z.number().int().min(2 ** 20, 'must be at least 1 MiB').default(20 * 2 ** 30),
  })
  .strict();

export const GatewayConfigSchema = z
  .object({
    http: z
      .object({
        // Screens on other PCs fetch HLS, so listen on every interface unless told otherwise.
        host: z.string().min(1).default('0.0.0.0'),
        port: z.number().int().min(0).max(65535).default(8090),
      })
      .strict()
      .prefault({}),
    ffmpeg: z.object({ path: z.string().min(1).optional() }).strict().prefault({}),
    hls: z
      .object({
        dir: z.string().min(1).default(defaultHlsDir),
        segmentSeconds: z.number().min(0.5).max(10).default(1),
        listSize: z.number().int().min(2).max(30).default(4),
        /** How long a cold playlist request waits for the first segment before answering 502. */
        startWaitMs: z.number().int().min(0).max(60_000).default(10_000),
      })
      .strict()
      .prefault({}),
    streams: z
      .object({
        idleTimeoutMs: z.number().int().min(100).default(30_000),
        /** SIGINT first so ffmpeg closes the playlist, SIGKILL after this grace. */
        stopGraceMs: z.number().int().min(0).max(30_000).default(2_000),
      })
      .strict()
      .prefault({}),
    watchdog: z
      .object({
        stallMs: z.number().int().min(200).default(5_000),
        /** A run that produced no segment in this time counts as failed (upstream unreachable). */
        startTimeoutMs: z.number().int().min(500).default(15_000),
        backoffMs: z
          // A camera that comes back must play within 5 s: the restart after it must not wait
          // longer than 2 s, and an RTSP attempt every 2 s at worst costs a dead camera nothing.
          .object({ initial: z.number().int().min(0).default(500), max: z.number().int().min(0).default(2_000) })
          .strict()
          .prefault({})
          .refine((b) => b.max >= b.initial, 'max must be >= initial'),
        pollMs: z.number().int().min(20).max(5_000).default(250),
        /** While a restart waits, the camera's RTSP port is tried this often; 0 turns it off. */
        portWatchMs: z.number().int().min(0).max(10_000).default(200),
      })
      .strict()
      .prefault({}),
    media: z.object({ secret: z.string().min(32, 'must be at least 32 characters') }).strict(),
    controller: z.object({ url: z.string().url().nullable().default(null) }).strict().prefault({}),
    demo: z.object({ cameras: z.boolean().default(true) }).strict().prefault({}),
    cameras: z.array(ConfiguredCameraSchema).max(4096).default([]),
    /** IOC service feeds (field reports, public services, socio-economic, SOC); demo feeds when empty. */
    feeds: FeedsConfigSchema.prefault({}),
    webrtc: WebrtcConfigSchema.prefault({}),
    recording: RecordingConfigSchema.prefault({}),
    /** Camera JPEG snapshots (`/snapshot/<token>/<camera>.jpg`): how long one is reused, how long a grab may take. */
    snapshots: z
      .object({ cacheMs: z.number().int().min(0).max(60_000).default(1_000), timeoutMs: z.number().int().min(1_000).max(60_000).default(10_000) })
      .strict()
      .prefault({}),
    /**
     * `GET /metrics` (Prometheus) needs `Authorization: Bearer <token>`; null (the default) turns
     * the endpoint off (404).
     */
    metrics: z.object({ token: z.string().min(16, 'must be at least 16 characters').max(512).nullable().default(null) }).strict().prefault({}),
    /** JSON lines on stdout; `pretty` null = pretty only when stdout is a terminal. */
    log: z
      .object({ level: z.enum(LOG_LEVELS).default('info'), pretty: z.boolean().nullable().default(null) })
      .strict()
      .prefault({}),
  })
  .strict();

export type GatewayConfig = z.infer<typeof GatewayConfigSchema>;
export type GatewayConfigInput = z.input<typeof GatewayConfigSchema>;

type Env = Record<string, string | undefined>;

/**
 * Defaults + file/object config + environment overrides, validated once. A bad value throws a
 * VALIDATION_FAILED AppError whose message names the key (e.g. `media.secret: ...`).
 */
export function loadGatewayConfig(input: unknown = {}, env: Env = process.env): GatewayConfig {
  const raw = structuredClone((input ?? {}) as Record<string, unknown>) as Record<string, Record<string, unknown>>;
  const set = (section: string, key: string, value: unknown) => {
    raw[section] = { ...(raw[section] ?? {}), [key]: value };
  };
  if (env.IOC_GATEWAY_HOST) set('http', 'host', env.IOC_GATEWAY_HOST);
  if (env.IOC_GATEWAY_PORT) set('http', 'port', numberOrText(env.IOC_GATEWAY_PORT));
  if (env.IOC_MEDIA_SECRET) set('media', 'secret', env.IOC_MEDIA_SECRET);
  if (env.IOC_FFMPEG_PATH) set('ffmpeg', 'path', env.IOC_FFMPEG_PATH);
  if (env.IOC_HLS_DIR) set('hls', 'dir', env.IOC_HLS_DIR);
  if (env.IOC_RECORDING_DIR) set('recording', 'dir', env.IOC_RECORDING_DIR);
  if (env.IOC_METRICS_TOKEN) set('metrics', 'token', env.IOC_METRICS_TOKEN);
  if (env.IOC_LOG_LEVEL) set('log', 'level', env.IOC_LOG_LEVEL);
  if (env.IOC_LOG_PRETTY) set('log', 'pretty', !/^(0|false|no|off)$/i.test(env.IOC_LOG_PRETTY));
  if (env.IOC_CONTROLLER_URL) set('controller', 'url', env.IOC_CONTROLLER_URL);
  if (env.IOC_DEMO_CAMERAS) set('demo', 'cameras', !/^(0|false|no|off)$/i.test(env.IOC_DEMO_CAMERAS));
  if (env.IOC_WEBRTC_ENABLED) set('webrtc', 'enabled', !/^(0|false|no|off)$/i.test(env.IOC_WEBRTC_ENABLED));
  if (env.IOC_WEBRTC_INTERFACES) set('webrtc', 'interfaces', env.IOC_WEBRTC_INTERFACES.split(',').map((a) => a.trim()).filter(Boolean));
  if (env.IOC_WEBRTC_HOST) set('webrtc', 'host', env.IOC_WEBRTC_HOST);
  if (env.IOC_WEBRTC_PORT_RANGE) set('webrtc', 'portRange', portRange(env.IOC_WEBRTC_PORT_RANGE));
  // Without a recording dir of its own, a configured hls.dir takes its recordings along.
  const { hls, recording } = raw;
  if (typeof hls?.dir === 'string' && hls.dir && isObjectOrAbsent(recording) && recording?.dir === undefined) {
    set('recording', 'dir', defaultRecordingDir(hls.dir));
  }
  return parseOrThrow(GatewayConfigSchema, raw, 'gateway config');
}

function isObjectOrAbsent(v: unknown): boolean {
  return v === undefined || (typeof v === 'object' && v !== null && !Array.isArray(v));
}

/** `40000-40999` -> {min, max}; anything else is passed on for the schema to name the key. */
function portRange(v: string): unknown {
  const m = /^(\d+)-(\d+)$/.exec(v.trim());
  return m ? { min: Number(m[1]), max: Number(m[2]) } : v;
}

function numberOrText(v: string): number | string {
  return /^\d+$/.test(v) ? Number(v) : v;
}
