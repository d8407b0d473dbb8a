import type { Bezel, WallSpec } from '@ioc/protocol';

const NO_BEZEL: Bezel = { left: 0, right: 0, top: 0, bottom: 0 };

const SCREEN = { screenWidth: 1920, screenHeight: 1080 } as const;

/** The monitoring room: 27 panels, 9 columns x 3 rows. */
export const MONITORING_WALL: WallSpec = {
  id: 'monitoring',
  name: 'Monitoring wall',
  cols: 9,
  rows: 3,
  ...SCREEN,
  bezel: NO_BEZEL,
};

/** The command room: 9 panels, 3 x 3. */
export const COMMAND_WALL: WallSpec = {
  id: 'command',
  name: 'Command wall',
  cols: 3,
  rows: 3,
  ...SCREEN,
  bezel: NO_BEZEL,
};

/**
 * Both reference walls with the given bezel (px per side of each panel). Bezels differ per
 * panel model, so the site configures them; the default is bezel-less.
 */
export function defaultWalls(bezel: Partial<Bezel> = {}): WallSpec[] {
  const b: Bezel = { ...NO_BEZEL, ...bezel };
  return [MONITORING_WALL, COMMAND_WALL].map((w) => ({ ...w, bezel: { ...b } }));
}
