import { readFileSync } from 'node:fs';
import { AppError } from '@ioc/protocol';
import { ChainedCameraCatalog, StaticCameraCatalog, type CameraCatalog } from './catalog';
import { loadGatewayConfig } from './config';
import { DemoCameraCatalog } from './demo-catalog';
import { createGateway } from './gateway';

/** `tsx media-gateway/src/main.ts` — config from IOC_GATEWAY_CONFIG (a JSON file) plus env. */
async function main(): Promise<void> {
  let config;
  try {
    const file = process.env.IOC_GATEWAY_CONFIG;
    config = loadGatewayConfig(file ? JSON.parse(readFileSync(file, 'utf8')) : {});
  } catch (err) {
    console.error(`media-gateway: ${err instanceof AppError || err instanceof Error ? err.message : String(err)}`);
    process.exit(2);
  }
  const configured = new StaticCameraCatalog(config.cameras);
  const catalogs: CameraCatalog[] = [configured];
  if (configured.size === 0 && config.demo.cameras) catalogs.push(new DemoCameraCatalog());
  const gateway = createGateway({ config, cameras: new ChainedCameraCatalog(catalogs) });
  const { url } = await gateway.start();
  gateway.log.info('media gateway ready', { url, demoCameras: catalogs.length > 1 ? DemoCameraCatalog.ids : [] });
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
  console.error(`media-gateway: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
