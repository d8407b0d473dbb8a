export type { PxRect, Viewport, ScreenCrop, LayoutIssue, Rect } from './types';
export { MONITORING_WALL, COMMAND_WALL, defaultWalls } from './walls';
export { UNIT_EPSILON, wallCanvasSize, screenViewport, rectToWallPx, cropsForScreen } from './geometry';
export { validateLayout, parseLayoutOrThrow, type LayoutValidation } from './validate-layout';
export { formatLayoutIssues } from './format-layout-issues';
export { gridTiles, demoCamera, DEMO_CAMERA_IDS, type GridTilesOptions } from './grid-tiles';
export { PRESETS, presetsForWall, presetById } from './presets';
export { MONITORING_PRESETS } from './presets-monitoring';
export { COMMAND_PRESETS } from './presets-command';
