import { Graphics, Text } from 'pixi.js';
import type { TilePipe } from '../tile-pipe';
import { FONT_FAMILY, hexColor } from '../text-style';
import { TileFrame } from '../tile-frame';

/** Readable from across a control room: large, centred, wrapped to the tile's width. */
export function labelFontSize(w: number, h: number, text: string): number {
  const longestLine = Math.max(4, ...text.split('\n').map((l) => l.length));
  const byWidth = (w * 0.9) / (longestLine * 0.55);
  return Math.round(Math.max(18, Math.min(h * 0.3, byWidth, 400)));
}

export const labelPipe: TilePipe<'label'> = {
  kind: 'label',
  create(tile) {
    const frame = new TileFrame();
    const bg = new Graphics();
    const text = new Text({
      text: tile.source.text,
      style: {
        fontFamily: FONT_FAMILY,
        fontWeight: '600',
        fill: hexColor(tile.source.color, 0xffffff),
        align: 'center',
        wordWrap: true,
        breakWords: true,
      },
    });
    text.anchor.set(0.5);
    frame.content.addChild(bg, text);
    return {
      container: frame.container,
      layout(crop) {
        frame.place(crop);
        const { w, h } = crop.tileSize;
        bg.clear().rect(0, 0, w, h).fill(hexColor(tile.source.background, 0x1f2a44));
        text.style.fontSize = labelFontSize(w, h, tile.source.text);
        text.style.wordWrapWidth = w * 0.92;
        text.position.set(w / 2, h / 2);
      },
      destroy: () => frame.destroy(),
    };
  },
};
