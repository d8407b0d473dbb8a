import { Text } from 'pixi.js';
import type { Container, TextStyleFontWeight } from 'pixi.js';
import type { Labels, Lang } from '../labels';
import { THEME } from '../theme';
import type { TypeScale } from '../theme';
import type { WidgetModel } from '../view-model';

export interface ViewBox {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface ViewContext {
  box: ViewBox;
  ts: TypeScale;
  labels: Labels;
  lang: Lang;
  now: () => number;
  timeZone?: string;
}

export interface DrawnView {
  tick?(now: number): void;
}

/** One way of showing a widget model. Returns null when the model lacks what it needs. */
export interface WidgetViewRenderer {
  draw(root: Container, model: WidgetModel, ctx: ViewContext): DrawnView | null;
}

export function makeText(
  text: string,
  size: number,
  opts: { color?: number; weight?: TextStyleFontWeight; wrap?: number; align?: 'left' | 'center' | 'right'; label?: string } = {},
): Text {
  const t = new Text({
    text,
    style: {
      fontFamily: THEME.font,
      fontSize: size,
      fill: opts.color ?? THEME.text,
      fontWeight: opts.weight ?? '400',
      align: opts.align ?? 'left',
      ...(opts.wrap ? { wordWrap: true, wordWrapWidth: opts.wrap, breakWords: true } : {}),
    },
  });
  t.label = opts.label ?? 'text';
  return t;
}

/** Shrinks a text until it fits `maxW` (long Vietnamese names on narrow tiles). */
export function fitWidth(t: Text, maxW: number, minSize = 12): Text {
  while (t.width > maxW && Number(t.style.fontSize) > minSize) t.style.fontSize = Math.floor(Number(t.style.fontSize) * 0.9);
  return t;
}
