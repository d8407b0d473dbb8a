/** Vietnamese labels need a face with full diacritics; the bundle ships Be Vietnam Pro. */
export const FONT_FAMILY = ['Be Vietnam Pro', 'Noto Sans', 'DejaVu Sans', 'sans-serif'];

/** Parses '#rrggbb' (already validated by the protocol) into a pixi colour number. */
export function hexColor(value: string | undefined, fallback: number): number {
  if (!value) return fallback;
  const n = Number.parseInt(value.slice(1), 16);
  return Number.isFinite(n) ? n : fallback;
}
