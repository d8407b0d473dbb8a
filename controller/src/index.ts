export { createController, type Controller, type ControllerDeps } from './create-controller';
export {
  loadConfig,
  parseConfig,
  withOverrides,
  defaultConfig,
  ControllerConfigSchema,
  ConfigError,
  ENV_OVERRIDES,
  type ControllerConfig,
  type DeepPartial,
  type LoadConfigOptions,
} from './config';
export type { Logger } from './logger';
export { createLogger, memoryLogger } from './logger';
export type { Actor } from './auth/sessions';
export { PERMISSIONS, can, type Permission } from './permissions';
export type { Core } from './core';
