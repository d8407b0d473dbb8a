/**
 * `npm start`: the whole system on its embedded defaults — the controller (SQLite in ./data,
 * demo auto-pairing) and the media gateway (demo cameras and demo IOC feeds) as two processes
 * sharing a media secret — then prints where to look.
 *
 * Environment: IOC_HTTP_PORT (8080), IOC_GATEWAY_PORT (8090), IOC_DATA_DIR (./data),
 * IOC_DB_PATH (<data dir>/ioc.sqlite),
 * IOC_ADMIN_PASSWORD (else the controller prints a one-time password on the very first start).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dataDir = process.env.IOC_DATA_DIR ?? join(root, 'data');
mkdirSync(dataDir, { recursive: true, mode: 0o700 });

/** Kept across restarts so tokens the screens hold stay valid; never printed. */
function mediaSecret(): string {
  const file = join(dataDir, 'media-secret');
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600 });
  return readFileSync(file, 'utf8').trim();
}

const controllerPort = process.env.IOC_HTTP_PORT ?? '8080';
const gatewayPort = process.env.IOC_GATEWAY_PORT ?? '8090';
const host = '127.0.0.1';
const secret = mediaSecret();
const controllerUrl = `http://${host}:${controllerPort}`;
const gatewayUrl = `http://${host}:${gatewayPort}`;

const children: ChildProcess[] = [];
function run(name: string, entry: string, env: Record<string, string>): void {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, entry)], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: 'inherit',
  });
  child.on('exit', (code, signal) => {
    if (stopping) return;
    console.error(`[demo] ${name} exited (${signal ?? code}); stopping the demo`);
    stop(1);
  });
  children.push(child);
}

let stopping = false;
function stop(code: number): void {
  if (stopping) return;
  stopping = true;
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  setTimeout(() => process.exit(code), 3000).unref();
  Promise.all(children.map((c) => (c.exitCode !== null ? null : new Promise((r) => c.once('exit', r))))).then(() => process.exit(code));
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

run('controller', 'controller/src/main.ts', {
  IOC_HTTP_HOST: host,
  IOC_HTTP_PORT: controllerPort,
  IOC_DB_PATH: process.env.IOC_DB_PATH ?? join(dataDir, 'ioc.sqlite'),
  IOC_DEMO: 'true',
  // The gateway generates demo-cam-1..4: list them so consoles can find and escalate them.
  IOC_DEMO_CAMERAS: 'true',
  IOC_MEDIA_GATEWAY_URL: gatewayUrl,
  IOC_MEDIA_SECRET: secret,
});
run('media gateway', 'media-gateway/src/main.ts', {
  IOC_GATEWAY_HOST: host,
  IOC_GATEWAY_PORT: gatewayPort,
  // The demo serves this machine only, like its HTTP: WebRTC candidates on loopback too.
  IOC_WEBRTC_INTERFACES: host,
  IOC_MEDIA_SECRET: secret,
  IOC_CONTROLLER_URL: controllerUrl,
  IOC_DEMO_CAMERAS: 'true',
});

/** Prints where to look once both parts answer, so the lines are true when read. */
async function announce(): Promise<void> {
  const end = Date.now() + 60_000;
  while (!stopping && Date.now() < end) {
    const ok = await Promise.all([fetch(`${controllerUrl}/healthz`), fetch(`${gatewayUrl}/healthz`)]).then(
      (r) => r.every((x) => x.ok),
      () => false,
    );
    if (ok) {
      console.log(`
[demo] IOC video wall is running:
  console      ${controllerUrl}/console/   (user "admin"; password: IOC_ADMIN_PASSWORD, or the one-time password the controller prints on its very first start)
  both walls   ${controllerUrl}/wall/demo.html
  one screen   ${controllerUrl}/wall/?wall=monitoring&col=0&row=0
  new screen   ${controllerUrl}/wall/   (shows a pairing code)
  gateway      ${gatewayUrl}/healthz
Ctrl+C stops everything.`);
      return;
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  if (!stopping) console.error('[demo] the controller or the gateway did not answer within 60 s');
}
void announce();
