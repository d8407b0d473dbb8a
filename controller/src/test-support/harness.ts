import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io as connect, type Socket } from 'socket.io-client';
import { PROTOCOL_VERSION, type Role } from '@ioc/protocol';
import { withOverrides, type ControllerConfig, type DeepPartial } from '../config';
import { createController, type Controller } from '../create-controller';
import { memoryLogger } from '../logger';

/** JSON bodies and acks as tests read them; each test asserts the shape it relies on. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Loose = any;

export const ADMIN_PASSWORD = 'admin-password-for-tests';

export interface Harness {
  ctrl: Controller;
  log: ReturnType<typeof memoryLogger>;
  url: string;
  dir: string;
  api(method: string, path: string, opts?: { token?: string; body?: unknown; raw?: string; headers?: Record<string, string> }): Promise<{ status: number; body: Loose; headers: Headers }>;
  login(username?: string, password?: string): Promise<string>;
  /** Creates a user with `roles` (as admin) and returns its session token. */
  userToken(username: string, roles: Role[]): Promise<string>;
  socket(ns: '/screen' | '/console', auth: Record<string, unknown>): Socket;
  close(): Promise<void>;
}

/** A real controller on 127.0.0.1:0 with a real SQLite file in a temp dir. */
export async function startHarness(overrides: DeepPartial<ControllerConfig> = {}, dir?: string): Promise<Harness> {
  const base = dir ?? mkdtempSync(join(tmpdir(), 'ioc-controller-'));
  const config = withOverrides({
    ...overrides,
    // Suites send commands as fast as the machine lets them, so on a fast machine one file's
    // admin went over the production limit (10/s and 20 more per 10 s) and a test met 429. The
    // limit has its own suite (rate-limits.test.ts); elsewhere it is lifted unless a suite sets one.
    limits: { ...overrides.limits, commands: overrides.limits?.commands ?? { perSecond: 1000, burst: 1000 } },
    http: { host: '127.0.0.1', port: 0 },
    db: { path: join(base, 'ioc.sqlite') },
    admin: { username: 'admin', password: ADMIN_PASSWORD },
    wallClient: { distDir: join(base, 'no-wall-dist') },
    console: { distDir: join(base, 'no-console-dist') },
  });
  const log = memoryLogger();
  const ctrl = createController({ config, log });
  const { url } = await ctrl.start();
  const sockets: Socket[] = [];
  const h: Harness = {
    ctrl,
    log,
    url,
    dir: base,
    async api(method, path, opts = {}) {
      const headers: Record<string, string> = { ...opts.headers };
      if (opts.token) headers.authorization = `Bearer ${opts.token}`;
      let body: string | undefined = opts.raw;
      if (opts.body !== undefined) body = JSON.stringify(opts.body);
      if (body !== undefined) headers['content-type'] ??= 'application/json';
      const res = await fetch(url + path, { method, headers, body });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : null;
      } catch {
        /* not JSON: keep the text */
      }
      return { status: res.status, body: parsed, headers: res.headers };
    },
    async login(username = 'admin', password = ADMIN_PASSWORD) {
      const r = await h.api('POST', '/api/auth/login', { body: { username, password } });
      if (r.status !== 200) throw new Error(`login failed: ${JSON.stringify(r.body)}`);
      return r.body.token as string;
    },
    async userToken(username, roles) {
      const admin = await h.login();
      const password = `${username}-password-123`;
      const r = await h.api('POST', '/api/users', { token: admin, body: { username, password, roles } });
      if (r.status !== 201) throw new Error(`create user failed: ${JSON.stringify(r.body)}`);
      return h.login(username, password);
    },
    socket(ns, auth) {
      const s = connect(url + ns, { auth: { protocolVersion: PROTOCOL_VERSION, ...auth }, transports: ['websocket'], reconnection: false, forceNew: true });
      sockets.push(s);
      return s;
    },
    async close() {
      for (const s of sockets) s.disconnect();
      await ctrl.close();
      if (!dir) rmSync(base, { recursive: true, force: true });
    },
  };
  return h;
}

/** Resolves with the next `event` on `socket` (rejects after `ms`). */
export function next<T = Loose>(socket: Socket, event: string, ms = 5000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${event}`)), ms);
    socket.once(event, (v: T) => {
      clearTimeout(timer);
      resolve(v);
    });
  });
}

/** Emits a request and resolves with its ack. */
export function request<T = Loose>(socket: Socket, event: string, payload: unknown, ms = 5000): Promise<T> {
  return socket.timeout(ms).emitWithAck(event, payload) as Promise<T>;
}
