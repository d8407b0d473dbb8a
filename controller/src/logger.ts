import pino, { type Logger as PinoLogger } from 'pino';
import pretty from 'pino-pretty';
import { credentialRedactPaths, redactUrlUserinfo } from '@ioc/protocol';
import { currentRequestId } from './request-context';

/** The narrow logging interface the controller needs; pass your own to route logs elsewhere. */
export interface Logger {
  info(msg: string, meta?: Record<string, unknown>): void;
  warn(msg: string, meta?: Record<string, unknown>): void;
  error(msg: string, meta?: Record<string, unknown>): void;
  /** The pino logger underneath, for the HTTP access log; a hand-made logger has none. */
  readonly pino?: PinoLogger;
}

export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;

export interface LoggerOptions {
  level?: (typeof LOG_LEVELS)[number];
  /** Pretty lines instead of JSON; null or absent: when stdout is a terminal. */
  pretty?: boolean | null;
  /** Where each finished JSON line goes instead of stdout (tests). */
  write?: (line: string) => void;
}

/**
 * pino behind the narrow interface: JSON lines on stdout, pretty in a terminal. Credential
 * fields are censored by name and URL userinfo anywhere in the line; a line written while a
 * request is handled carries its `requestId`, as do the audit rows that request writes.
 */
export function createLogger(opts: LoggerOptions = {}): Logger & { pino: PinoLogger } {
  const stream = opts.write
    ? { write: opts.write }
    : (opts.pretty ?? process.stdout.isTTY)
      ? pretty({ sync: true, translateTime: 'SYS:standard', ignore: 'pid,hostname' })
      : pino.destination({ dest: 1, sync: true });
  const base = pino(
    {
      name: 'controller',
      level: opts.level ?? 'info',
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: credentialRedactPaths(), censor: '***' },
      hooks: { streamWrite: redactUrlUserinfo },
    },
    stream,
  );
  // The message first, so that it leads the line; undefined fields are left out by pino.
  const at = (level: 'info' | 'warn' | 'error') => (msg: string, meta?: Record<string, unknown>) =>
    base[level]({ msg, requestId: currentRequestId() ?? undefined, ...meta });
  return { pino: base, info: at('info'), warn: at('warn'), error: at('error') };
}

/** For tests: keeps output quiet but records each JSON line, so a test can assert on it. */
export function memoryLogger(): Logger & { lines: string[]; pino: PinoLogger } {
  const lines: string[] = [];
  return { ...createLogger({ level: 'debug', write: (line) => void lines.push(line.trimEnd()) }), lines };
}
