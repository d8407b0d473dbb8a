import { z } from 'zod';

/**
 * Kiosk configuration. The controller URL comes from, in this order: the `--controller=URL`
 * flag, the IOC_CONTROLLER_URL environment variable, then the first config file found
 * (`<userData>/kiosk.json`, then `/etc/ioc-wall/kiosk.json`). Tuning keys live only in the
 * file. A bad value stops start-up with a message naming the source and the key.
 */
const httpUrl = z
  .string()
  .url('must be an absolute URL')
  .refine((value) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol), 'must use http or https');

export const KioskFileSchema = z
  .object({
    controllerUrl: httpUrl.optional(),
    /** Further origins the renderer may fetch from (e.g. a media gateway on another host). */
    allowedOrigins: z.array(httpUrl).default([]),
    /** Limit what the wall may load (images, web pages, streams) to the controller and allowedOrigins. */
    restrictRemoteOrigins: z.boolean().default(false),
    /** Browse the LAN for `_ioc-controller._tcp` when no controller URL is configured. */
    discovery: z.boolean().default(true),
    /** Working set above which a renderer gets a planned reload between switches. */
    memoryBudgetMb: z.number().int().min(256).max(65536).default(1536),
    /** How long a hung renderer may stay unresponsive before it is crashed and reloaded. */
    unresponsiveGraceMs: z.number().int().min(1000).max(120_000).default(10_000),
    /** Over budget, reload after this long even if the renderer never reports idle. */
    maxPlannedReloadDelayMs: z.number().int().min(10_000).default(30 * 60_000),
    memoryCheckIntervalMs: z.number().int().min(1000).default(60_000),
  })
  .strict();

export type KioskSettings = z.infer<typeof KioskFileSchema>;

export type ConfigSource = 'flag' | 'env' | 'file' | 'default';

export interface ResolvedKioskConfig extends KioskSettings {
  /** undefined when nothing is configured: discovery (if enabled) fills it in later. */
  controllerUrl: string | undefined;
  controllerSource: ConfigSource;
  /** The config file read, if any. */
  file: string | undefined;
}

export class KioskConfigError extends Error {
  constructor(
    readonly source: string,
    readonly key: string,
    detail: string,
  ) {
    super(`Invalid kiosk configuration in ${source}: ${key}: ${detail}`);
    this.name = 'KioskConfigError';
  }
}

export interface ConfigInputs {
  argv: readonly string[];
  env: Readonly<Record<string, string | undefined>>;
  /** Candidate config files, most specific first. */
  files: readonly string[];
  /** Returns the file's text, or undefined when it does not exist. */
  readFile(path: string): string | undefined;
}

export function configFiles(userDataDir: string): string[] {
  return [`${userDataDir}/kiosk.json`, '/etc/ioc-wall/kiosk.json'];
}

function flagValue(argv: readonly string[], name: string): string | undefined {
  const prefix = `--${name}=`;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === undefined) continue;
    if (arg.startsWith(prefix)) return arg.slice(prefix.length);
    if (arg === `--${name}`) return argv[i + 1] ?? '';
  }
  return undefined;
}

function checkUrl(value: string, source: string, key: string): string {
  const parsed = httpUrl.safeParse(value.trim());
  if (!parsed.success) {
    throw new KioskConfigError(source, key, `${parsed.error.issues[0]?.message ?? 'invalid'} (got "${value}")`);
  }
  return parsed.data;
}

function readSettings(inputs: ConfigInputs): { settings: KioskSettings; file: string | undefined } {
  for (const file of inputs.files) {
    const text = inputs.readFile(file);
    if (text === undefined) continue;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (err) {
      throw new KioskConfigError(file, '(file)', `not valid JSON: ${(err as Error).message}`);
    }
    const parsed = KioskFileSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const key = issue && issue.path.length > 0 ? issue.path.join('.') : (issue?.code === 'unrecognized_keys' ? issue.keys.join(', ') : '(root)');
      throw new KioskConfigError(file, key, issue?.message ?? 'invalid');
    }
    return { settings: parsed.data, file };
  }
  return { settings: KioskFileSchema.parse({}), file: undefined };
}

export function resolveKioskConfig(inputs: ConfigInputs): ResolvedKioskConfig {
  const { settings, file } = readSettings(inputs);
  const flag = flagValue(inputs.argv, 'controller');
  if (flag !== undefined) {
    return { ...settings, controllerUrl: checkUrl(flag, '--controller flag', 'controller'), controllerSource: 'flag', file };
  }
  const env = inputs.env.IOC_CONTROLLER_URL;
  if (env !== undefined && env.trim() !== '') {
    return { ...settings, controllerUrl: checkUrl(env, 'environment', 'IOC_CONTROLLER_URL'), controllerSource: 'env', file };
  }
  if (settings.controllerUrl !== undefined) {
    return { ...settings, controllerUrl: settings.controllerUrl, controllerSource: 'file', file };
  }
  return { ...settings, controllerUrl: undefined, controllerSource: 'default', file };
}
