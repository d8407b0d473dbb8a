import { z } from 'zod';
import {
  AlertListSchema,
  ApiErrorSchema,
  ApplyLayoutResultSchema,
  CameraSchema,
  LayoutSchema,
  LoginResultSchema,
  PairingInfoSchema,
  RoleSchema,
  ScreenListItemSchema,
  EscalationSchema,
  StreamStatusListSchema,
  WallSpecSchema,
  WallStateSchema,
  WallSyncSchema,
  describeIssues,
} from '@ioc/protocol';
import type {
  Alert,
  ApplyLayoutResult,
  Camera,
  CameraCreate,
  CameraPatch,
  ErrorCode,
  Layout,
  LoginResult,
  PairingInfo,
  Role,
  SaveLayoutBody,
  ScreenListItem,
  Escalation,
  StreamStatus,
  Tile,
  WallSpec,
  WallState,
  WallSync,
} from '@ioc/protocol';

/** Client-side codes for failures that never reached (or never came back from) the controller. */
export type ClientErrorCode = ErrorCode | 'NETWORK_ERROR' | 'BAD_RESPONSE';

/** A failed API call: the controller's `{code, message, details}`, kept as data. */
export class ApiRequestError extends Error {
  constructor(
    readonly code: ClientErrorCode,
    message: string,
    readonly status: number,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiRequestError';
  }
}

export interface SessionUser {
  username: string;
  roles: Role[];
  /** The user's chosen console language, when the controller stores one. */
  language?: 'vi' | 'en' | undefined;
  expiresAt?: number | undefined;
}

export interface ApplyRequest {
  layoutId?: string;
  tiles?: Tile[];
  ifVersion?: number;
  reason?: string;
}

export interface ApiOptions {
  /** Origin plus prefix, e.g. `http://127.0.0.1:8080`; '' means same origin. */
  baseUrl?: string;
  getToken?: () => string | null;
  fetch?: typeof fetch;
}

// Loose copies: the controller may add fields later, and the console must not break on them.
const WallSpecLoose = WallSpecSchema.loose();
const LayoutLoose = LayoutSchema.loose();
const CameraLoose = CameraSchema.loose();
const UserSchema = z.object({
  username: z.string(),
  roles: z.array(RoleSchema),
  language: z.enum(['vi', 'en']).optional().catch(undefined),
  expiresAt: z.number().optional(),
});
// `/api/me` may answer the user itself or wrap it like the login answer does.
const MeSchema = z.union([z.object({ user: UserSchema }).transform((m) => m.user), UserSchema]);

export type ConsoleApi = ReturnType<typeof createApi>;
/** One API call, answer parsed with `schema`; failures throw ApiRequestError with the server's code. */
export type ApiRequest = <S extends z.ZodType>(method: string, path: string, schema: S, body?: unknown) => Promise<z.infer<S>>;

export function createApi(opts: ApiOptions = {}) {
  const base = opts.baseUrl ?? '';
  const doFetch = opts.fetch ?? ((...args: Parameters<typeof fetch>) => fetch(...args));

  async function request<S extends z.ZodType>(method: string, path: string, schema: S, body?: unknown): Promise<z.infer<S>> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const token = opts.getToken?.();
    if (token) headers.authorization = `Bearer ${token}`;
    const what = `${method} ${path}`;
    let res: Response;
    try {
      res = await doFetch(base + path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        credentials: 'same-origin',
      });
    } catch (err) {
      throw new ApiRequestError('NETWORK_ERROR', `cannot reach the controller (${what}): ${(err as Error).message}`, 0);
    }
    const text = await res.text();
    let json: unknown = undefined;
    if (text) {
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
    }
    if (!res.ok) {
      const parsed = ApiErrorSchema.safeParse(json);
      if (parsed.success) {
        throw new ApiRequestError(parsed.data.code, parsed.data.message, res.status, parsed.data.details);
      }
      throw new ApiRequestError('BAD_RESPONSE', `${what} failed with HTTP ${res.status} ${res.statusText}`.trim(), res.status);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      throw new ApiRequestError('BAD_RESPONSE', `unexpected answer to ${what}: ${describeIssues(parsed.error.issues)}`, res.status);
    }
    return parsed.data;
  }

  const wall = (id: string) => `/api/walls/${encodeURIComponent(id)}`;
  const anything = z.unknown();

  return {
    /** The raw call, for a workspace's own endpoints (see workspaces/*\/api.ts). */
    request: request as ApiRequest,
    login: (username: string, password: string): Promise<LoginResult> =>
      request('POST', '/api/auth/login', LoginResultSchema, { username, password }),
    logout: async (): Promise<void> => {
      await request('POST', '/api/auth/logout', anything, {});
    },
    me: (): Promise<SessionUser> => request('GET', '/api/me', MeSchema),
    walls: (): Promise<WallSpec[]> => request('GET', '/api/walls', z.array(WallSpecLoose)),
    /** null while the wall has never had a layout applied. */
    wallState: (wallId: string): Promise<WallState | null> => request('GET', `${wall(wallId)}/state`, WallStateSchema.nullable()),
    wallSync: (wallId: string): Promise<WallSync> => request('GET', `${wall(wallId)}/sync`, WallSyncSchema),
    history: (wallId: string, limit = 20): Promise<WallState[]> =>
      request('GET', `${wall(wallId)}/history?limit=${limit}`, z.array(WallStateSchema)),
    apply: (wallId: string, body: ApplyRequest): Promise<ApplyLayoutResult> =>
      request('POST', `${wall(wallId)}/apply`, ApplyLayoutResultSchema, body),
    layouts: (wallId: string): Promise<Layout[]> =>
      request('GET', `/api/layouts?wallId=${encodeURIComponent(wallId)}`, z.array(LayoutLoose)),
    saveLayout: (wallId: string, body: SaveLayoutBody): Promise<Layout> =>
      request('POST', `${wall(wallId)}/layouts`, LayoutLoose, body),
    deleteLayout: async (id: string): Promise<void> => {
      await request('DELETE', `/api/layouts/${encodeURIComponent(id)}`, anything);
    },
    screens: (): Promise<ScreenListItem[]> => request('GET', '/api/screens', z.array(ScreenListItemSchema.loose())),
    escalations: (state: 'open' | 'all' = 'open'): Promise<Escalation[]> =>
      request('GET', `/api/escalations?state=${state}`, z.array(EscalationSchema.loose())),
    /** Stores the user's console language (`PUT /api/me/preferences`). */
    setLanguage: async (language: 'vi' | 'en'): Promise<void> => {
      await request('PUT', '/api/me/preferences', anything, { language });
    },
    pendingScreens: (): Promise<PairingInfo[]> => request('GET', '/api/screens/pending', z.array(PairingInfoSchema)),
    pair: (body: { code: string; wallId: string; col: number; row: number }): Promise<unknown> =>
      request('POST', '/api/screens/pair', anything, body),
    unpair: async (screenId: string): Promise<void> => {
      await request('DELETE', `/api/screens/${encodeURIComponent(screenId)}`, anything);
    },
    identify: async (wallId: string, durationMs = 5000): Promise<void> => {
      await request('POST', `${wall(wallId)}/identify`, anything, { durationMs });
    },
    cameras: (): Promise<Camera[]> => request('GET', '/api/cameras', z.array(CameraLoose)),
    createCamera: (body: CameraCreate): Promise<Camera> => request('POST', '/api/cameras', CameraLoose, body),
    /** `null` clears a field (credentials included); an absent field stays as it is. */
    updateCamera: (id: string, patch: CameraPatch): Promise<Camera> =>
      request('PATCH', `/api/cameras/${encodeURIComponent(id)}`, CameraLoose, patch),
    deleteCamera: async (id: string): Promise<void> => {
      await request('DELETE', `/api/cameras/${encodeURIComponent(id)}`, anything);
    },
    streamStatus: (): Promise<{ streams: StreamStatus[]; gatewayConnected: boolean }> =>
      request('GET', '/api/streams/status', StreamStatusListSchema.loose()),
    /** The active alerts (every role). */
    alerts: async (): Promise<Alert[]> => (await request('GET', '/api/alerts', AlertListSchema)).alerts,
  };
}
