import pino from 'pino';
import pretty from 'pino-pretty';
import { credentialRedactPaths } from '@ioc/protocol';
import type { Redactor } from './redact';

export type LogFields = Record<string, unknown>;
export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
}
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;

/** Receives each finished (JSON, redacted) line without its newline: tests, benches. */
export type LogSink = (line: string, level: LogLevel) => void;

/**
 * A pino logger behind the gateway's narrow interface: JSON lines on stdout, pretty in a
 * terminal. Credential fields are censored by name, and then every line, message and fields
 * alike, passes through the redactor (URL userinfo, registered camera passwords): no call site
 * can leak a camera credential by forgetting to scrub it.
 */
export function createLogger(opts: {
  redactor: Redactor;
  level?: (typeof LOG_LEVELS)[number];
  sink?: LogSink;
  name?: string;
  /** Pretty lines instead of JSON; default: when stdout is a terminal. */
  pretty?: boolean | null;
}): Logger {
  const sink = opts.sink;
  const stream = sink
    ? { write: (line: string) => sink(line.trimEnd(), levelOf(line)) }
    : (opts.pretty ?? process.stdout.isTTY)
      ? pretty({ sync: true, translateTime: 'SYS:standard', ignore: 'pid,hostname' })
      : pino.destination({ dest: 1, sync: true });
  const base = pino(
    {
      name: opts.name ?? 'gateway',
      level: opts.level ?? 'info',
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: credentialRedactPaths(), censor: '***' },
      hooks: { streamWrite: (line) => opts.redactor.redact(line) },
    },
    stream,
  );
  // The message goes first in the object so that it leads the line, before its fields.
  const at = (level: LogLevel) => (msg: string, fields?: LogFields) => base[level]({ msg, ...plainErrors(fields) });
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

function levelOf(line: string): LogLevel {
  try {
    const label = pino.levels.labels[(JSON.parse(line) as { level: number }).level];
    return label === 'debug' || label === 'warn' || label === 'error' ? label : label === 'fatal' ? 'error' : 'info';
  } catch {
    return 'info';
  }
}

/** Errors as `{name, message}`: JSON.stringify would give `{}`. */
function plainErrors(fields?: LogFields): LogFields {
  if (!fields) return {};
  const out: LogFields = {};
  for (const [k, v] of Object.entries(fields)) out[k] = v instanceof Error ? { name: v.name, message: v.message } : v;
  return out;
}

/** Wraps a logger supplied by a caller so that it, too, only ever sees redacted text. */
export function redactingLogger(inner: Logger, redactor: Redactor): Logger {
  const fields = (f: LogFields): LogFields => {
    const text = redactor.redact(safeJson(f));
    try {
      return JSON.parse(text) as LogFields;
    } catch {
      return { fields: text };
    }
  };
  const wrap = (fn: (m: string, f?: LogFields) => void) => (m: string, f?: LogFields) =>
    fn(redactor.redact(m), f === undefined ? undefined : fields(f));
  return {
    debug: wrap(inner.debug.bind(inner)),
    info: wrap(inner.info.bind(inner)),
    warn: wrap(inner.warn.bind(inner)),
    error: wrap(inner.error.bind(inner)),
  };
}

function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v, (_k, val: unknown) => (val instanceof Error ? { name: val.name, message: val.message } : val));
  } catch {
    return '"[unserializable]"';
  }
}
