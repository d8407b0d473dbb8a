import type { Severity } from '@ioc/protocol';
import { FONT_FAMILY } from '../text-style';

/** Dark, high-contrast palette for a control room; status colours stay distinct for colour-blind viewers by also carrying text. */
export const THEME = {
  background: 0x0b1220,
  panel: 0x131d33,
  grid: 0x2a3650,
  text: 0xffffff,
  muted: 0xb7c2d6,
  accent: 0x38bdf8,
  good: 0x22c55e,
  bad: 0xef4444,
  neutral: 0x94a3b8,
  staleBg: 0xf59e0b,
  staleText: 0x111111,
  series: [0x38bdf8, 0xa78bfa, 0x34d399, 0xfbbf24, 0xf472b6, 0x60a5fa, 0xf87171, 0x2dd4bf],
  severity: { critical: 0xdc2626, high: 0xf97316, medium: 0xfacc15, low: 0x38bdf8 } satisfies Record<Severity, number>,
  font: FONT_FAMILY,
} as const;

/**
 * Type scale for a tile of w x h px: a one-screen tile (1920 x 1080) gets a 64 px title and
 * 120 px key figures, legible from the back of the room; smaller tiles scale down, never
 * below a floor that still reads from a console desk.
 */
export function typeScale(w: number, h: number) {
  const u = Math.max(0.2, Math.min(w / 1920, h / 1080));
  const px = (base: number, floor: number) => Math.round(Math.max(floor, base * u));
  return { u, title: px(64, 16), hero: px(120, 24), big: px(72, 18), body: px(44, 14), small: px(34, 12), pad: px(40, 6) };
}
export type TypeScale = ReturnType<typeof typeScale>;
