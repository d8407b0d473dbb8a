import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { createController, withOverrides, type Controller, type DeepPartial, type ControllerConfig } from '@ioc/controller';
import type { Gateway } from '@ioc/media-gateway';
import { launchChromium } from './chromium';
import { startE2eGateway } from './controller-and-gateway';
import { freePort } from './controller-process';
import { startFakeOnvifDevice, type FakeOnvifDevice } from './fake-onvif-device';
import { RtspCamera } from './rtsp-camera';

/**
 * Everything a console journey needs, all real: the controller in this process (SQLite in a temp
 * dir, serving a fresh build of the console and the built wall renderer, screens placed by URL),
 * the media gateway, a GStreamer RTSP camera registered as `cam-bridge` (and, with `onvif`, a
 * fake ONVIF PTZ device registered as `cam-dome`, the one fake: no real ONVIF camera here), one
 * user per role, and Chromium for the console and the screen pages.
 */
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SECRET = 'e2e-console-media-secret-0123456789abcdef';
export const ADMIN_PASSWORD = 'e2e-console-admin-password-1';

export type StackRole = 'admin' | 'operator' | 'duty-officer' | 'technician' | 'viewer';
export interface StackUser {
  username: string;
  password: string;
}
export interface ApiAnswer {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read answers loosely
  body: any;
  headers: Headers;
}

export interface ConsoleStack {
  url: string;
  gatewayUrl: string;
  ctrl: Controller;
  gateway: Gateway;
  camera: RtspCamera;
  onvif: FakeOnvifDevice | null;
  browser: Browser;
  users: Record<StackRole, StackUser>;
  /** A REST call as `as` (default admin); answers are parsed JSON when they are JSON. */
  api(method: string, path: string, body?: unknown, as?: StackRole): Promise<ApiAnswer>;
  /**
   * A console page, signed in as `as`, on `hash` if given. `lang`: the console ends in that
   * language (chosen with its own switch after sign-in, which stores it as the user's); the
   * sign-in page uses it too. `signInPageLang`: only the sign-in page's switch, so the user's
   * stored language decides the console's.
   */
  signIn(
    as: StackRole,
    opts?: { lang?: 'vi' | 'en'; signInPageLang?: 'vi' | 'en'; hash?: string; viewport?: { width: number; height: number } },
  ): Promise<Page>;
  /** A screen page placed at (col, row) of `wallId` (demo auto-pairing by URL); resolves once it drew a version. */
  openScreen(wallId: string, col: number, row: number, viewport?: { width: number; height: number }): Promise<Page>;
  /** A screen page with no position: it shows a pairing code, returned once the controller lists it. */
  openUnpairedScreen(viewport?: { width: number; height: number }): Promise<{ page: Page; code: string }>;
  /** The version a screen page draws now (null before its first). */
  screenVersion(page: Page): Promise<number | null>;
  /** Saves a PNG to tests/artifacts/console/<name>.png. */
  shot(page: Page, name: string): Promise<void>;
  /** Problems seen in any console page: page errors and CSP refusals. */
  problems: string[];
  close(): Promise<void>;
}

export async function startConsoleStack(opts: { name: string; onvif?: boolean; overrides?: DeepPartial<ControllerConfig> }): Promise<ConsoleStack> {
  const wallDist = join(root, 'wall-client', 'dist');
  if (!existsSync(join(wallDist, 'wall.js'))) throw new Error(`the wall renderer is not built (${wallDist}): run npm run build`);
  const dir = mkdtempSync(join(tmpdir(), `ioc-e2e-console-${opts.name}-`));
  const artifacts = join(root, 'tests', 'artifacts', 'console');
  mkdirSync(artifacts, { recursive: true });
  // A fresh console build of its own: other tests may be rebuilding controller/console/dist.
  const consoleDist = join(dir, 'console');
  execFileSync(process.execPath, [join(root, 'controller', 'console', 'build.mjs'), '--outdir', consoleDist], { stdio: 'pipe' });

  const camera = await RtspCamera.start({ width: 640, height: 360, fps: 15 });
  const onvif = opts.onvif ? await startFakeOnvifDevice({ username: 'onvif-admin', password: 'onvif-password-1' }) : null;
  const gatewayPort = await freePort();
  const ctrl = createController({
    config: withOverrides({
      ...opts.overrides,
      http: { host: '127.0.0.1', port: 0 },
      db: { path: join(dir, 'ioc.sqlite') },
      admin: { username: 'admin', password: ADMIN_PASSWORD },
      mediaGateway: { url: `http://127.0.0.1:${gatewayPort}`, secret: SECRET },
      wallClient: { distDir: wallDist },
      console: { distDir: consoleDist },
      demo: { autoPair: true, cameras: false },
      log: { level: 'error' },
    } as DeepPartial<ControllerConfig>),
  });
  const url = (await ctrl.start()).url;
  const { gateway, url: gatewayUrl } = await startE2eGateway({
    dir,
    port: gatewayPort,
    secret: SECRET,
    controllerUrl: url,
    sink: () => undefined,
    config: { webrtc: { interfaces: ['127.0.0.1'] } },
  });

  const tokens: Partial<Record<StackRole, string>> = {};
  const users = {} as Record<StackRole, StackUser>;
  async function api(method: string, path: string, body?: unknown, as: StackRole = 'admin'): Promise<ApiAnswer> {
    const token = tokens[as];
    const res = await fetch(url + path, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON */
    }
    return { status: res.status, body: parsed, headers: res.headers };
  }
  async function login(role: StackRole): Promise<void> {
    const u = users[role];
    const r = await api('POST', '/api/auth/login', { username: u.username, password: u.password });
    if (r.status !== 200) throw new Error(`login as ${u.username}: HTTP ${r.status} ${JSON.stringify(r.body)}`);
    tokens[role] = r.body.token as string;
  }
  users.admin = { username: 'admin', password: ADMIN_PASSWORD };
  await login('admin');
  for (const role of ['operator', 'duty-officer', 'technician', 'viewer'] as const) {
    users[role] = { username: `e2e-${role}`, password: `e2e-${role}-password-1` };
    const created = await api('POST', '/api/users', { username: users[role].username, password: users[role].password, roles: [role] });
    if (created.status !== 201) throw new Error(`create user ${role}: HTTP ${created.status} ${JSON.stringify(created.body)}`);
    await login(role);
  }
  const cam = await api('POST', '/api/cameras', { id: 'cam-bridge', name: 'Saigon bridge', mainUrl: camera.url() });
  if (cam.status !== 201) throw new Error(`register cam-bridge: HTTP ${cam.status} ${JSON.stringify(cam.body)}`);
  if (onvif) {
    const dome = await api('POST', '/api/cameras', {
      id: 'cam-dome',
      name: 'PTZ dome',
      mainUrl: camera.url('/cam'),
      onvifAddress: onvif.address,
      username: 'onvif-admin',
      password: 'onvif-password-1',
    });
    if (dome.status !== 201) throw new Error(`register cam-dome: HTTP ${dome.status} ${JSON.stringify(dome.body)}`);
  }

  const browser = await launchChromium();
  const problems: string[] = [];
  const openPages: Page[] = [];
  const screenVersion = (page: Page) => page.evaluate(() => (window as { __wall?: { scene(): { version: number | null } } }).__wall?.scene().version ?? null);

  const stack: ConsoleStack = {
    url,
    gatewayUrl,
    ctrl,
    gateway,
    camera,
    onvif,
    browser,
    users,
    api,
    problems,
    async signIn(as, o = {}) {
      const page = await browser.newPage({ viewport: o.viewport ?? { width: 1600, height: 1000 } });
      openPages.push(page);
      page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
      page.on('console', (m) => {
        if (/Content Security Policy|Refused to/i.test(m.text())) problems.push(`csp: ${m.text()}`);
      });
      await page.goto(`${url}/console/`);
      const pageLang = o.signInPageLang ?? o.lang;
      if (pageLang) await page.locator(`.language-switch button[lang="${pageLang}"]`).first().click();
      await page.locator('#login-username').fill(users[as].username);
      await page.locator('#login-password').fill(users[as].password);
      await page.locator('#login-password').press('Enter');
      await page.locator('#user-name').waitFor();
      if (o.lang && (await page.evaluate(() => document.documentElement.lang)) !== o.lang) {
        await page.locator(`.top .language-switch button[lang="${o.lang}"]`).click();
        await page.waitForFunction((l) => document.documentElement.lang === l, o.lang);
      }
      if (o.hash) await page.evaluate((h) => (location.hash = h), o.hash);
      return page;
    },
    async openScreen(wallId, col, row, viewport = { width: 320, height: 180 }) {
      const page = await browser.newPage({ viewport });
      openPages.push(page);
      await page.goto(`${url}/wall/?wall=${encodeURIComponent(wallId)}&col=${col}&row=${row}`);
      await page.waitForFunction(
        () => ((window as { __wall?: { scene(): { version: number | null } } }).__wall?.scene().version ?? null) !== null,
        undefined,
        { timeout: 20_000, polling: 100 },
      );
      return page;
    },
    async openUnpairedScreen(viewport = { width: 480, height: 270 }) {
      const before = new Set(((await api('GET', '/api/screens/pending')).body as { code: string }[]).map((p) => p.code));
      const page = await browser.newPage({ viewport });
      openPages.push(page);
      await page.goto(`${url}/wall/`);
      const end = Date.now() + 20_000;
      for (;;) {
        const pending = (await api('GET', '/api/screens/pending')).body as { code: string }[];
        const fresh = pending.find((p) => !before.has(p.code));
        if (fresh) return { page, code: fresh.code };
        if (Date.now() > end) throw new Error('the new screen page did not show up as pending within 20 s');
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    screenVersion,
    async shot(page, name) {
      await page.screenshot({ path: join(artifacts, `${name}.png`) });
    },
    async close() {
      await Promise.all(openPages.map((p) => p.close().catch(() => undefined)));
      await browser.close().catch(() => undefined);
      await gateway.close().catch(() => undefined);
      await ctrl.close().catch(() => undefined);
      await onvif?.close().catch(() => undefined);
      await camera.stop().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return stack;
}
