import { defaultWalls } from '@ioc/layout-presets';
import type { WallSpec } from '@ioc/protocol';
import type { ScreenIdentity } from '../core/store';

const DEFAULTS = defaultWalls();

/** The welcome's spec when the controller sent one, else the reference wall of that id. */
export function resolveWall(identity: Pick<ScreenIdentity, 'wall' | 'wallId'>): WallSpec | null {
  if (identity.wall) return identity.wall;
  return DEFAULTS.find((w) => w.id === identity.wallId) ?? null;
}

/** Panel size in px; 1920x1080 before the screen knows its wall (pairing screen). */
export function screenSize(identity: Pick<ScreenIdentity, 'wall' | 'wallId'>): { w: number; h: number } {
  const wall = resolveWall(identity);
  return wall ? { w: wall.screenWidth, h: wall.screenHeight } : { w: 1920, h: 1080 };
}

/** The wall's widget language when the controller set one (`PATCH /api/walls/:id`), else the screen's own (URL `lang`). */
export function widgetLanguage(identity: Pick<ScreenIdentity, 'wall'>, fallback: 'vi' | 'en'): 'vi' | 'en' {
  return identity.wall?.widgetLanguage ?? fallback;
}
