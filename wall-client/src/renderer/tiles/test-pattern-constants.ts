/** Grid pitch in tile px: 1920 and 1080 are both multiples, so lines meet panel edges. */
export const GRID_PITCH = 120;
export const GRID_LINE_COLOR = 0x00e5ff;
export const GRID_SHAPE_COLOR = 0xffcc00;
export const GRID_BACKGROUND = 0x101010;
