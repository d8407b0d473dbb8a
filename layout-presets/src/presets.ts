import type { Layout } from '@ioc/protocol';
import { COMMAND_PRESETS } from './presets-command';
import { MONITORING_PRESETS } from './presets-monitoring';
import { DASHBOARD_PRESETS } from './presets/dashboards';

/** Built-in layouts; the controller seeds them, users cannot overwrite them. */
export const PRESETS: Layout[] = [...MONITORING_PRESETS, ...DASHBOARD_PRESETS, ...COMMAND_PRESETS];

export function presetsForWall(wallId: string): Layout[] {
  return PRESETS.filter((p) => p.wallId === wallId);
}

export function presetById(id: string): Layout | undefined {
  return PRESETS.find((p) => p.id === id);
}
