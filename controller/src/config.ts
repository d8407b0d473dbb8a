import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { BezelSchema, FEED_KINDS, IdSchema, MAX_SOCKET_PAYLOAD_BYTES, RectSchema } from '@ioc/protocol';
import { defaultWebhooksConfig, WebhooksConfigSchema } from './services/webhooks/webhooks-config';
import { LOG_LEVELS } from './logger';
import { isSecretsKey } from './secrets/secret-box';

const here = dirname(fileURLToPath(import.meta.url));

/** The wall-client package's dist dir, found the way Node finds the package (workspace symlink). */
function defaultWallClientDist(): string {
  for (let dir = here; ; dir = dirname(dir)) {
    const pkg = join(dir, 'node_modules', '@ioc', 'wall-client');
    if (existsSync(join(pkg, 'package.json'))) return join(realpathSync(pkg), 'dist');
    if (dirname(dir) === dir) return resolve(here, '../../wall-client/dist');
  }
}

const port = z.number().int('must be an integer').min(0, 'must be >= 0').max(65535, 'must be <= 65535');
const nonEmpty = z.string().min(1, 'must not be empty');
const posInt = (max: number) => z.number().int('must be an integer').min(1, 'must be >= 1').max(max, `must be <= ${max}`);
const failureLimit = z.object({ failures: posInt(1_000_000), windowS: posInt(86_400) }).strict();
/** `perSecond` steadily, plus up to `burst` more in any 10 s. */
const rateLimit = z
  .object({ perSecond: posInt(1_000_000), burst: z.number().int('must be an integer').min(0, 'must be >= 0').max(1_000_000) })
  .strict();
const marginMs = z.number().int('must be an integer').min(0, 'must be >= 0').max(10_000, 'must be <= 10000');
const secretKey = z.string().refine(isSecretsKey, 'must be 32 bytes in base64 (openssl rand -base64 32)');

export const ControllerConfigSchema = z
  .object({
    http: z
      .object({
        host: nonEmpty,
        port,
        /** Express `trust proxy`: false, a hop count, or the proxies' addresses/subnets; never blind trust. */
        trustProxy: z.union([z.literal(false), posInt(10), z.array(nonEmpty).min(1).max(64)]),
      })
      .strict(),
    db: z.object({ path: nonEmpty }).strict(),
    /** JSON log lines on stdout; `pretty` null = pretty only when stdout is a terminal. */
    log: z.object({ level: z.enum(LOG_LEVELS), pretty: z.boolean().nullable() }).strict(),
    /**
     * The key that encrypts camera passwords in the database (AES-256-GCM), kept apart from it:
     * inline (`key`, from IOC_SECRETS_KEY) or in a 0600 file (`keyFile`, created on first start;
     * null = `secrets.key` beside the database). `previous*`: the key being rotated out.
     */
    secrets: z
      .object({ key: secretKey.nullable(), keyFile: nonEmpty.nullable(), previousKey: secretKey.nullable(), previousKeyFile: nonEmpty.nullable() })
      .strict(),
    admin: z
      .object({
        username: z.string().regex(/^[a-zA-Z0-9][a-zA-Z0-9_-]{0,63}$/, 'must be letters, digits, "-" or "_"'),
        password: z.string().min(10, 'must be at least 10 characters').max(256).optional(),
      })
      .strict(),
    switch: z
      .object({
        /** The margin of a wall's first switch, and of every switch when `adaptiveMargin` is false. */
        marginMs: marginMs,
        /** Each wall's margin follows how early its screens report the states reached them. */
        adaptiveMargin: z.boolean(),
        minMarginMs: marginMs,
        maxMarginMs: marginMs,
      })
      .strict()
      .refine((s) => s.minMarginMs <= s.maxMarginMs, { message: 'must be <= switch.maxMarginMs', path: ['minMarginMs'] })
      .refine((s) => s.marginMs >= s.minMarginMs && s.marginMs <= s.maxMarginMs, {
        message: 'must lie between switch.minMarginMs and switch.maxMarginMs',
        path: ['marginMs'],
      }),
    walls: z.object({ bezel: BezelSchema }).strict(),
    demo: z.object({ autoPair: z.boolean(), cameras: z.boolean() }).strict(),
    escalation: z
      .object({
        /** The wall escalations are drawn on. */
        wallId: IdSchema,
        /** Where the top escalation goes when the layout has no `role: 'incident'` tile (screen units). */
        defaultArea: RectSchema,
      })
      .strict(),
    sessions: z.object({ ttlHours: z.number().positive('must be > 0').max(24 * 30, 'must be <= 720') }).strict(),
    mediaGateway: z
      .object({
        /** How the controller reaches the gateway (stream status, internal calls). */
        url: z.string().url('must be a URL').nullable(),
        /** How screens and consoles reach it (HLS, feeds); null = same as `url`. */
        publicUrl: z.string().url('must be a URL').nullable(),
        secret: z.string().min(32, 'must be at least 32 characters').nullable(),
        mediaTokenTtlS: z.number().int('must be an integer').min(30, 'must be >= 30').max(86_400, 'must be <= 86400'),
        feedsTokenTtlS: z.number().int('must be an integer').min(30, 'must be >= 30').max(86_400, 'must be <= 86400'),
      })
      .strict(),
    limits: z
      .object({
        socketPayloadBytes: z.number().int().min(1024, 'must be >= 1024').max(1_000_000, 'must be <= 1000000'),
        httpBodyBytes: z.number().int().min(1024, 'must be >= 1024').max(10_000_000, 'must be <= 10000000'),
        /** Failed logins: per username from one address, and per address whatever the username. */
        login: z.object({ perUser: failureLimit, perAddress: failureLimit }).strict(),
        /** Commands (REST mutations, console socket commands) per user. */
        commands: rateLimit,
        /** Socket events per connection (screen and console namespaces). */
        socketEvents: rateLimit,
      })
      .strict(),
    /** The widget feed ids the media gateway serves (its demo feeds by default); a tile naming another is refused. */
    feeds: z.object({ ids: z.array(IdSchema).max(1000) }).strict(),
    wallClient: z.object({ distDir: nonEmpty }).strict(),
    console: z.object({ distDir: nonEmpty }).strict(),
    discovery: z.object({ advertise: z.boolean(), interface: nonEmpty.nullable(), port }).strict(),
    /** Outgoing webhooks (escalation events); config file only, no env vars: targets hold secrets. */
    webhooks: WebhooksConfigSchema,
    /**
     * `GET /metrics` (Prometheus) needs `Authorization: Bearer <token>`; null (the default)
     * turns the endpoint off (404), so nothing about the site is readable without a secret.
     */
    metrics: z.object({ token: z.string().min(16, 'must be at least 16 characters').max(512).nullable() }).strict(),
    /** How long a condition lasts before its alert is raised (ms); alerts clear when it ends. */
    alerts: z
      .object({
        screenOfflineMs: z.number().int('must be an integer').min(0, 'must be >= 0').max(86_400_000, 'must be <= 86400000'),
        cameraOfflineMs: z.number().int('must be an integer').min(0, 'must be >= 0').max(86_400_000, 'must be <= 86400000'),
        /** Beyond the feed's own limit (the gateway marks it stale), before the alert. */
        feedStaleMs: z.number().int('must be an integer').min(0, 'must be >= 0').max(86_400_000, 'must be <= 86400000'),
        checkIntervalMs: z.number().int('must be an integer').min(10, 'must be >= 10').max(60_000, 'must be <= 60000'),
      })
      .strict(),
    /** Screenshots of screens, kept in memory: the last `keep` per screen. */
    screenshots: z
      .object({
        keep: z.number().int('must be an integer').min(1, 'must be >= 1').max(50, 'must be <= 50'),
        maxBytes: z.number().int('must be an integer').min(10_000, 'must be >= 10000').max(1_000_000, 'must be <= 1000000'),
        timeoutMs: z.number().int('must be an integer').min(1000, 'must be >= 1000').max(120_000, 'must be <= 120000'),
      })
      .strict(),
  })
  .strict();

export type ControllerConfig = z.infer<typeof ControllerConfigSchema>;

/** Nested partial, for overrides in tests and config files. */
export type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };

export function defaultConfig(): ControllerConfig {
  return {
    // Loopback by default so a dev start never exposes an admin API; deployments set 0.0.0.0.
    http: { host: '127.0.0.1', port: 8080, trustProxy: false },
    db: { path: './data/ioc.sqlite' },
    log: { level: 'info', pretty: null },
    secrets: { key: null, keyFile: null, previousKey: null, previousKeyFile: null },
    admin: { username: 'admin' },
    switch: { marginMs: 60, adaptiveMargin: true, minMarginMs: 20, maxMarginMs: 1000 },
    walls: { bezel: { left: 0, right: 0, top: 0, bottom: 0 } },
    demo: { autoPair: false, cameras: false },
    escalation: { wallId: 'command', defaultArea: { x: 0, y: 0, w: 2, h: 2 } },
    sessions: { ttlHours: 12 },
    mediaGateway: { url: null, publicUrl: null, secret: null, mediaTokenTtlS: 600, feedsTokenTtlS: 3600 },
    limits: {
      socketPayloadBytes: MAX_SOCKET_PAYLOAD_BYTES,
      httpBodyBytes: 256 * 1024,
      login: { perUser: { failures: 10, windowS: 300 }, perAddress: { failures: 100, windowS: 300 } },
      commands: { perSecond: 10, burst: 20 },
      socketEvents: { perSecond: 30, burst: 120 },
    },
    feeds: { ids: [...FEED_KINDS] },
    wallClient: { distDir: defaultWallClientDist() },
    console: { distDir: resolve(here, '../console/dist') },
    discovery: { advertise: false, interface: null, port: 5353 },
    webhooks: defaultWebhooksConfig(),
    metrics: { token: null },
    // A feed gets 10 s past its own limit: every feed counts as stale while the gateway is away, and a
    // gateway restart (a few seconds) is not worth an alert per feed.
    alerts: { screenOfflineMs: 30_000, cameraOfflineMs: 60_000, feedStaleMs: 10_000, checkIntervalMs: 1_000 },
    screenshots: { keep: 5, maxBytes: 1_000_000, timeoutMs: 15_000 },
  };
}

type EnvKind = 'string' | 'int' | 'number' | 'bool' | 'nullable';
/** Env var -> config key. Env wins over the file, which wins over the defaults. */
export const ENV_OVERRIDES: Record<string, { key: string; kind: EnvKind }> = {
  IOC_HTTP_HOST: { key: 'http.host', kind: 'string' },
  IOC_HTTP_PORT: { key: 'http.port', kind: 'int' },
  IOC_DB_PATH: { key: 'db.path', kind: 'string' },
  IOC_LOG_LEVEL: { key: 'log.level', kind: 'string' },
  IOC_LOG_PRETTY: { key: 'log.pretty', kind: 'bool' },
  IOC_SECRETS_KEY: { key: 'secrets.key', kind: 'nullable' },
  IOC_SECRETS_KEY_FILE: { key: 'secrets.keyFile', kind: 'nullable' },
  IOC_SECRETS_KEY_PREVIOUS: { key: 'secrets.previousKey', kind: 'nullable' },
  IOC_SECRETS_KEY_PREVIOUS_FILE: { key: 'secrets.previousKeyFile', kind: 'nullable' },
  IOC_ADMIN_USERNAME: { key: 'admin.username', kind: 'string' },
  IOC_ADMIN_PASSWORD: { key: 'admin.password', kind: 'string' },
  IOC_SWITCH_MARGIN_MS: { key: 'switch.marginMs', kind: 'int' },
  IOC_SWITCH_ADAPTIVE_MARGIN: { key: 'switch.adaptiveMargin', kind: 'bool' },
  IOC_SWITCH_MIN_MARGIN_MS: { key: 'switch.minMarginMs', kind: 'int' },
  IOC_SWITCH_MAX_MARGIN_MS: { key: 'switch.maxMarginMs', kind: 'int' },
  IOC_DEMO: { key: 'demo.autoPair', kind: 'bool' },
  IOC_DEMO_CAMERAS: { key: 'demo.cameras', kind: 'bool' },
  IOC_MDNS_ADVERTISE: { key: 'discovery.advertise', kind: 'bool' },
  IOC_SESSION_TTL_HOURS: { key: 'sessions.ttlHours', kind: 'number' },
  IOC_MEDIA_GATEWAY_URL: { key: 'mediaGateway.url', kind: 'nullable' },
  IOC_MEDIA_GATEWAY_PUBLIC_URL: { key: 'mediaGateway.publicUrl', kind: 'nullable' },
  IOC_MEDIA_SECRET: { key: 'mediaGateway.secret', kind: 'nullable' },
  IOC_WALL_CLIENT_DIST: { key: 'wallClient.distDir', kind: 'string' },
  IOC_CONSOLE_DIST: { key: 'console.distDir', kind: 'string' },
  IOC_METRICS_TOKEN: { key: 'metrics.token', kind: 'nullable' },
};

function coerce(raw: string, kind: EnvKind): unknown {
  switch (kind) {
    case 'int':
    case 'number':
      return raw.trim() === '' ? Number.NaN : Number(raw);
    case 'bool':
      return /^(1|true|yes|on)$/i.test(raw) ? true : /^(0|false|no|off|)$/i.test(raw) ? false : raw;
    case 'nullable':
      return raw === '' ? null : raw;
    default:
      return raw;
  }
}

function setPath(obj: Record<string, unknown>, key: string, value: unknown): void {
  const parts = key.split('.');
  let cur = obj;
  for (const p of parts.slice(0, -1)) {
    if (typeof cur[p] !== 'object' || cur[p] === null) cur[p] = {};
    cur = cur[p] as Record<string, unknown>;
  }
  cur[parts[parts.length - 1] as string] = value;
}

function merge(base: unknown, over: unknown): unknown {
  if (typeof base !== 'object' || base === null || Array.isArray(base)) return over;
  if (typeof over !== 'object' || over === null || Array.isArray(over)) return over;
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [k, v] of Object.entries(over)) out[k] = k in out ? merge(out[k], v) : v;
  return out;
}

/** Thrown for any bad config; the message names the key (and the env var it came from). */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Validates a full config object, e.g. defaults merged with test overrides. */
export function parseConfig(input: unknown, envKeys: Record<string, string> = {}): ControllerConfig {
  const r = ControllerConfigSchema.safeParse(input);
  if (r.success) return r.data;
  const msgs = r.error.issues.slice(0, 10).map((i) => {
    const path = i.path.map(String).join('.');
    if (i.code === 'unrecognized_keys') {
      return i.keys.map((k) => `config: ${path ? `${path}.${k}` : k}: unknown key`).join('; ');
    }
    const from = envKeys[path] ? ` (from ${envKeys[path]})` : '';
    return `config: ${path || '(root)'}${from}: ${i.message}`;
  });
  throw new ConfigError(msgs.join('; '));
}

export function withOverrides(overrides: DeepPartial<ControllerConfig> = {}): ControllerConfig {
  return parseConfig(merge(defaultConfig(), overrides));
}

export interface LoadConfigOptions {
  /** Config file; defaults to `$IOC_CONFIG`, else `./ioc.config.json` when it exists. */
  file?: string;
  env?: Record<string, string | undefined>;
  cwd?: string;
}

export function loadConfig(opts: LoadConfigOptions = {}): ControllerConfig {
  const env = opts.env ?? process.env;
  const cwd = opts.cwd ?? process.cwd();
  let file = opts.file ?? env.IOC_CONFIG;
  if (!file && existsSync(join(cwd, 'ioc.config.json'))) file = join(cwd, 'ioc.config.json');
  let fromFile: unknown = {};
  if (file) {
    const path = resolve(cwd, file);
    if (!existsSync(path)) throw new ConfigError(`config: file ${path} does not exist`);
    try {
      fromFile = JSON.parse(readFileSync(path, 'utf8'));
    } catch (e) {
      throw new ConfigError(`config: file ${path} is not valid JSON: ${(e as Error).message}`);
    }
    if (typeof fromFile !== 'object' || fromFile === null || Array.isArray(fromFile)) {
      throw new ConfigError(`config: file ${path} must hold a JSON object`);
    }
  }
  const fromEnv: Record<string, unknown> = {};
  const envKeys: Record<string, string> = {};
  for (const [name, { key, kind }] of Object.entries(ENV_OVERRIDES)) {
    const raw = env[name];
    if (raw === undefined) continue;
    setPath(fromEnv, key, coerce(raw, kind));
    envKeys[key] = name;
  }
  return parseConfig(merge(merge(defaultConfig(), fromFile), fromEnv), envKeys);
}
