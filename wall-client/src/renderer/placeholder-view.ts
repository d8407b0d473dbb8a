import { Graphics, Text } from 'pixi.js';
import type { ScreenCrop } from '@ioc/layout-presets';
import type { TileView } from './tile-pipe';
import { FONT_FAMILY } from './text-style';
import { TileFrame } from './tile-frame';

/**
 * Drawn for a tile whose kind has no pipe (yet), or whose pipe failed: a calm neutral box
 * naming the kind, so the room sees a gap rather than a crash.
 */
export function createPlaceholderView(kind: string, detail?: string): TileView {
  const frame = new TileFrame();
  const bg = new Graphics();
  const text = new Text({
    text: detail ? `${kind}\n${detail}` : kind,
    style: { fontFamily: FONT_FAMILY, fill: 0x8a94a6, fontSize: 32, align: 'center' },
  });
  text.anchor.set(0.5);
  frame.content.addChild(bg, text);
  return {
    container: frame.container,
    layout(crop: ScreenCrop) {
      frame.place(crop);
      const { w, h } = crop.tileSize;
      bg.clear().rect(0, 0, w, h).fill(0x1a1d24).stroke({ width: 2, color: 0x2c3340, alignment: 1 });
      text.style.fontSize = Math.max(14, Math.min(h * 0.12, w * 0.06, 72));
      text.position.set(w / 2, h / 2);
    },
    destroy: () => frame.destroy(),
  };
}
