import { ConfigError, loadConfig } from './config';
import { createController } from './create-controller';
import { consoleLogger } from './logger';

/** `tsx controller/src/main.ts`: config from $IOC_CONFIG / ./ioc.config.json and IOC_* env. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  const controller = createController({ config, log: consoleLogger });
  const { url } = await controller.start();
  consoleLogger.info(`listening on ${url} (wall: ${url}/wall, console: ${url}/console)`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    consoleLogger.info(`${signal}: closing`);
    controller.close().then(
      () => process.exit(0),
      (err: unknown) => {
        consoleLogger.error('close failed', { error: String(err) });
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err: unknown) => {
  consoleLogger.error('start failed', { error: err instanceof Error ? err.message : String(err) });
  process.exit(1);
});
