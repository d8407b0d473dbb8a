import { readFileSync } from 'node:fs';
import { AppError } from '@ioc/protocol';
import { ChainedCameraCatalog, StaticCameraCatalog, type CameraCatalog } from './catalog';
import { loadGatewayConfig } from './config';
import { ControllerCameraCatalog } from './controller-catalog';
import { DemoCameraCatalog } from './demo-catalog';
import { createGateway } from './gateway';
import { createLogger, type Logger } from './logger';
import { Redactor } from './redact';

/** For the lines before the gateway (and its configured logger) exists. */
const startLog = createLogger({ redactor: new Redactor() });

/** `tsx media-gateway/src/main.ts` — config from IOC_GATEWAY_CONFIG (a JSON file) plus env. */
async function main(): Promise<void> {
  let config;
  try {
    const file = process.env.IOC_GATEWAY_CONFIG;
    config = loadGatewayConfig(file ? JSON.parse(readFileSync(file, 'utf8')) : {});
  } catch (err) {
    startLog.error('bad configuration', { error: err instanceof AppError || err instanceof Error ? err.message : String(err) });
    process.exit(2);
  }
  const configured = new StaticCameraCatalog(config.cameras);
  const catalogs: CameraCatalog[] = [configured];
  // The catalog is built before the gateway whose (redacting) logger it writes to.
  const late: { log?: Logger } = {};
  // The controller's registry first: it is where technicians add cameras (and their credentials).
  if (config.controller.url) {
    catalogs.unshift(
      new ControllerCameraCatalog({
        controllerUrl: config.controller.url,
        secret: config.media.secret,
        log: { debug: () => undefined, info: (m, f) => late.log?.info(m, f), warn: (m, f) => late.log?.warn(m, f), error: (m, f) => late.log?.error(m, f) },
      }),
    );
  }
  if (configured.size === 0 && config.demo.cameras) catalogs.push(new DemoCameraCatalog());
  const gateway = createGateway({ config, cameras: new ChainedCameraCatalog(catalogs) });
  late.log = gateway.log;
  const { url } = await gateway.start();
  gateway.log.info('media gateway ready', {
    url,
    controller: config.controller.url,
    demoCameras: catalogs.some((c) => c instanceof DemoCameraCatalog) ? DemoCameraCatalog.ids : [],
  });
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    gateway.log.info('shutting down', { signal });
    void gateway.close().finally(() => process.exit(0));
    setTimeout(() => process.exit(1), 8_000).unref();
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

void main().catch((err: unknown) => {
  startLog.error('start failed', { error: err instanceof Error ? err.message : String(err) });
  process.exit(1);
});
