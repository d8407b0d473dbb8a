import type { Redactor } from './redact';

export type LogFields = Record<string, unknown>;
export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
}
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export type LogSink = (line: string, level: LogLevel) => void;

/**
 * A logger whose every line, fields included, passes through the redactor: no call site can
 * leak a camera credential by forgetting to scrub it.
 */
export function createLogger(opts: {
  redactor: Redactor;
  level?: LogLevel;
  sink?: LogSink;
  name?: string;
}): Logger {
  const min = ORDER[opts.level ?? 'info'];
  const sink: LogSink = opts.sink ?? ((line, level) => (level === 'error' || level === 'warn' ? console.error(line) : console.log(line)));
  const name = opts.name ?? 'gateway';
  const write = (level: LogLevel, msg: string, fields?: LogFields) => {
    if (ORDER[level] < min) return;
    let line = `${new Date().toISOString()} ${level.toUpperCase()} [${name}] ${msg}`;
    if (fields && Object.keys(fields).length > 0) line += ` ${safeJson(fields)}`;
    sink(opts.redactor.redact(line), level);
  };
  return {
    debug: (m, f) => write('debug', m, f),
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
  };
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
