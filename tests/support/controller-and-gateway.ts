import { join } from 'node:path';
import { createController, withOverrides, type Controller, type ControllerConfig, type DeepPartial, type Logger } from '@ioc/controller';
import { ChainedCameraCatalog, ControllerCameraCatalog, createGateway, createLogger, loadGatewayConfig, Redactor, type Gateway } from '@ioc/media-gateway';

/** A real controller on 127.0.0.1:0, SQLite in `dir`, expecting its media gateway on `gatewayPort`. */
export async function startE2eController(o: {
  dir: string;
  gatewayPort: number;
  secret: string;
  adminPassword: string;
  log: Logger;
  overrides?: DeepPartial<ControllerConfig>;
}): Promise<{ ctrl: Controller; url: string }> {
  const ctrl = createController({
    log: o.log,
    config: withOverrides({
      ...o.overrides,
      http: { host: '127.0.0.1', port: 0 },
      db: { path: join(o.dir, 'ioc.sqlite') },
      admin: { username: 'admin', password: o.adminPassword },
      mediaGateway: { url: `http://127.0.0.1:${o.gatewayPort}`, secret: o.secret },
      wallClient: { distDir: join(o.dir, 'none') },
      console: { distDir: join(o.dir, 'none') },
    }),
  });
  return { ctrl, url: (await ctrl.start()).url };
}

/** A session token for `username`, or a thrown error naming the answer. */
export async function loginAt(url: string, username: string, password: string): Promise<string> {
  const res = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  if (res.status !== 200) throw new Error(`login as ${username}: HTTP ${res.status}`);
  return ((await res.json()) as { token: string }).token;
}

/**
 * A real gateway on `port` whose cameras come from the controller's registry (no demo cameras),
 * logging (debug and up, JSON lines) to `sink`. `config` adds to or overrides the sections.
 */
export async function startE2eGateway(o: {
  dir: string;
  port: number;
  secret: string;
  controllerUrl: string;
  sink: (line: string) => void;
  config?: Record<string, unknown> & { hls?: Record<string, unknown> };
}): Promise<{ gateway: Gateway; url: string }> {
  const { hls, ...rest } = o.config ?? {};
  const config = loadGatewayConfig(
    {
      http: { host: '127.0.0.1', port: o.port },
      media: { secret: o.secret },
      hls: { dir: join(o.dir, 'hls'), ...hls },
      controller: { url: o.controllerUrl },
      demo: { cameras: false },
      ...rest,
    },
    {},
  );
  const log = createLogger({ redactor: new Redactor(), level: 'debug', sink: o.sink });
  const cameras = new ChainedCameraCatalog([new ControllerCameraCatalog({ controllerUrl: o.controllerUrl, secret: o.secret, log })]);
  const gateway = createGateway({ config, cameras, log });
  return { gateway, url: (await gateway.start()).url };
}
