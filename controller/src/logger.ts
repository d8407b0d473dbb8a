/** The narrow logging interface the controller needs; pass your own to route logs elsewhere. */
export interface Logger {
  info(msg: string, meta?: Record<string, unknown>): void;
  warn(msg: string, meta?: Record<string, unknown>): void;
  error(msg: string, meta?: Record<string, unknown>): void;
}

function line(msg: string, meta?: Record<string, unknown>): string {
  return meta && Object.keys(meta).length > 0 ? `[controller] ${msg} ${JSON.stringify(meta)}` : `[controller] ${msg}`;
}

export const consoleLogger: Logger = {
  info: (msg, meta) => console.log(line(msg, meta)),
  warn: (msg, meta) => console.warn(line(msg, meta)),
  error: (msg, meta) => console.error(line(msg, meta)),
};

/** For tests: keeps output quiet but records what was logged, so a test can assert on it. */
export function memoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const push = (msg: string, meta?: Record<string, unknown>) => void lines.push(line(msg, meta));
  return { lines, info: push, warn: push, error: push };
}
