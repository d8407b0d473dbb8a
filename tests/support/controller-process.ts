import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** How much of the controller's output is kept for error messages and tests. */
const OUTPUT_KEPT_CHARS = 1_000_000;

/** A free TCP port on 127.0.0.1, so a restarted controller comes back on the same URL. */
export async function freePort(): Promise<number> {
  const srv = createServer();
  srv.listen(0, '127.0.0.1');
  await once(srv, 'listening');
  const { port } = srv.address() as { port: number };
  srv.close();
  await once(srv, 'close');
  return port;
}

/**
 * The environment of a demo controller (screens place themselves by URL) beside a media gateway
 * on `gatewayPort`, its database in `dir`; `config`, when given, goes in as its config file.
 */
export function demoControllerEnv(o: { dir: string; gatewayPort: number; secret: string; adminPassword: string; config?: unknown }): Record<string, string> {
  const env: Record<string, string> = {
    IOC_DB_PATH: join(o.dir, 'ioc.sqlite'),
    IOC_ADMIN_PASSWORD: o.adminPassword,
    IOC_DEMO: 'true',
    IOC_MEDIA_GATEWAY_URL: `http://127.0.0.1:${o.gatewayPort}`,
    IOC_MEDIA_SECRET: o.secret,
  };
  if (o.config !== undefined) {
    env.IOC_CONFIG = join(o.dir, 'ioc.config.json');
    writeFileSync(env.IOC_CONFIG, JSON.stringify(o.config));
  }
  return env;
}

/**
 * The real controller in its own process (`controller/src/main.ts`), so that a test can kill
 * it the way a power cut would (SIGKILL) and start it again on the same database and port.
 */
export class ControllerProcess {
  private child: ChildProcess | null = null;
  readonly url: string;
  output = '';

  constructor(
    readonly port: number,
    private readonly env: Record<string, string>,
  ) {
    this.url = `http://127.0.0.1:${port}`;
  }

  async start(timeoutMs = 30_000): Promise<void> {
    // One process (not the tsx CLI, which forks): SIGKILL must take the controller down.
    const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'controller', 'src', 'main.ts')], {
      cwd: root,
      env: { ...process.env, IOC_HTTP_HOST: '127.0.0.1', IOC_HTTP_PORT: String(this.port), ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    const ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`controller did not start in ${timeoutMs} ms:\n${this.output}`)), timeoutMs);
      let started = false;
      const onData = (buf: Buffer) => {
        // Keep the tail only, and stop searching once started: a busy controller (a flood of
        // access lines) must not cost this process quadratic time.
        this.output += buf.toString();
        if (this.output.length > 2 * OUTPUT_KEPT_CHARS) this.output = this.output.slice(-OUTPUT_KEPT_CHARS);
        if (!started && this.output.includes('listening on')) {
          started = true;
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', onData);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`controller exited with ${code}:\n${this.output}`));
      });
    });
    await ready;
  }

  /** Kills the controller without warning: no close(), no goodbye to the screens. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    child.kill('SIGKILL');
    await once(child, 'exit');
    this.child = null;
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await once(child, 'exit');
    clearTimeout(timer);
    this.child = null;
  }
}
