export { createGateway, type Gateway, type GatewayDeps } from './gateway';
export { loadGatewayConfig, GatewayConfigSchema, type GatewayConfig, type GatewayConfigInput } from './config';
export { StaticCameraCatalog, ChainedCameraCatalog, type CameraCatalog, type CameraSource, type SourceInput } from './catalog';
export { DemoCameraCatalog } from './demo-catalog';
export { ControllerCameraCatalog, type ControllerCatalogOptions } from './controller-catalog';
export { StreamSupervisor } from './supervisor';
export { locateFfmpeg, type FfmpegBinary } from './ffmpeg-locate';
export { Redactor, stripCredentials } from './redact';
export { createLogger, type Logger } from './logger';
