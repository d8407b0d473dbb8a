import { ConfigError, loadConfig } from './config';
import { createController } from './create-controller';
import { createLogger, type Logger } from './logger';
import { SecretsKeyError } from './secrets/secret-box';

/** `tsx controller/src/main.ts`: config from $IOC_CONFIG / ./ioc.config.json and IOC_* env. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      log.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  log = createLogger(config.log);
  let controller;
  try {
    controller = createController({ config, log });
  } catch (err) {
    // A missing or wrong key for camera passwords is a configuration fault, named in the message.
    if (err instanceof SecretsKeyError) {
      log.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  const { url } = await controller.start();
  log.info(`listening on ${url} (wall: ${url}/wall, console: ${url}/console)`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info(`${signal}: closing`);
    controller.close().then(
      () => process.exit(0),
      (err: unknown) => {
        log.error('close failed', { error: String(err) });
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

/** Until the config is read (and names a level and a format), the defaults. */
let log: Logger = createLogger();

main().catch((err: unknown) => {
  log.error('start failed', { error: err instanceof Error ? err.message : String(err) });
  process.exit(1);
});
