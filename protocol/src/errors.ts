import { z } from 'zod';

/**
 * Stable error codes. A code, once published, keeps its meaning forever and is never reused:
 * clients (console, screens, scripts) branch on it.
 */
export const ERROR_CODES = {
  VALIDATION_FAILED: 400,
  LAYOUT_INVALID: 400,
  /** A layout tile names a camera or a widget feed that does not exist; `details.issues` name each tile. */
  UNKNOWN_SOURCE: 400,
  PAYLOAD_TOO_LARGE: 413,
  UNAUTHENTICATED: 401,
  /** The session token was valid but its time is up: log in again. */
  SESSION_EXPIRED: 401,
  BAD_CREDENTIALS: 401,
  FORBIDDEN: 403,
  /** The password was right but an admin disabled this user. */
  USER_DISABLED: 403,
  WALL_NOT_FOUND: 404,
  LAYOUT_NOT_FOUND: 404,
  SCREEN_NOT_FOUND: 404,
  PAIRING_CODE_NOT_FOUND: 404,
  USER_NOT_FOUND: 404,
  CAMERA_NOT_FOUND: 404,
  FEED_NOT_FOUND: 404,
  STREAM_NOT_FOUND: 404,
  ESCALATION_NOT_FOUND: 404,
  RECORDING_NOT_FOUND: 404,
  NOT_FOUND: 404,
  VERSION_CONFLICT: 409,
  SCREEN_POSITION_TAKEN: 409,
  ALREADY_EXISTS: 409,
  /** Acknowledging or closing an escalation that is already closed (or acknowledging twice). */
  ESCALATION_STATE_CONFLICT: 409,
  /** The evidence clip is still being recorded or finalized. */
  CLIP_NOT_READY: 409,
  /** The change would lock the acting admin out: removing their own admin role, disabling or deleting themselves. */
  SELF_LOCKOUT: 409,
  /** Undo of a wall that has no version before its current one. */
  NOTHING_TO_UNDO: 409,
  /** A screenshot was asked of a screen that is not connected. */
  SCREEN_OFFLINE: 409,
  /** The screen answered a screenshot request with an error. */
  SCREENSHOT_FAILED: 502,
  /** The screen did not send the screenshot in time (`screenshots.timeoutMs`). */
  SCREENSHOT_TIMEOUT: 504,
  /** A `Range` request outside the file (the answer's `Content-Range` gives its size). */
  RANGE_NOT_SATISFIABLE: 416,
  PROTOCOL_MISMATCH: 426,
  RATE_LIMITED: 429,
  UPSTREAM_FAILED: 502,
  INTERNAL: 500,
  /** A feature needs the media gateway and none is configured (`mediaGateway.url`/`secret`). */
  GATEWAY_NOT_CONFIGURED: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;
export const ErrorCodeSchema = z.enum(Object.keys(ERROR_CODES) as [ErrorCode, ...ErrorCode[]]);

export const ApiErrorSchema = z.object({
  code: ErrorCodeSchema,
  message: z.string(),
  details: z.unknown().optional(),
});
export type ApiError = z.infer<typeof ApiErrorSchema>;

export function httpStatusOf(code: ErrorCode): number {
  return ERROR_CODES[code];
}

/** An error carrying a stable code; thrown inside the controller and gateway, sent as data. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }
  get status(): number {
    return httpStatusOf(this.code);
  }
  toJSON(): ApiError {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

/** Every socket.io acknowledgement has this shape. */
export type Result<T> = { ok: true; data: T } | { ok: false; error: ApiError };
const buildResultSchema = <T extends z.ZodType>(data: T) =>
  z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), data }),
    z.object({ ok: z.literal(false), error: ApiErrorSchema }),
  ]);
const resultSchemas = new WeakMap<z.ZodType, ReturnType<typeof buildResultSchema>>();
/**
 * Built once per data schema: zod 4 compiles a schema on its first parse, and a schema built per
 * reply paid that for every ack (a third of a screen's CPU when 1000 screens ack one switch).
 */
export const resultSchema = <T extends z.ZodType>(data: T): ReturnType<typeof buildResultSchema<T>> => {
  let s = resultSchemas.get(data);
  if (!s) resultSchemas.set(data, (s = buildResultSchema(data)));
  return s as ReturnType<typeof buildResultSchema<T>>;
};

export interface ZodIssueLike {
  path: PropertyKey[];
  message: string;
}

/** Turns zod issues into one message naming each path, e.g. `tiles[2].rect.w: too small`. */
export function describeIssues(issues: readonly ZodIssueLike[], root = ''): string {
  return issues
    .slice(0, 10)
    .map((i) => `${formatPath(i.path, root) || '(root)'}: ${i.message}`)
    .join('; ');
}

export function formatPath(path: readonly PropertyKey[], root = ''): string {
  let out = root;
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out ? `.${String(p)}` : String(p);
  }
  return out;
}

/** Parses `input` or throws a VALIDATION_FAILED AppError naming the offending fields. */
export function parseOrThrow<T extends z.ZodType>(schema: T, input: unknown, what = 'payload'): z.infer<T> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  throw new AppError('VALIDATION_FAILED', `invalid ${what}: ${describeIssues(r.error.issues)}`, {
    issues: r.error.issues.map((i) => ({ path: formatPath(i.path), message: i.message })),
  });
}
