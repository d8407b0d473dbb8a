import { Graphics, Text } from 'pixi.js';
import type { TilePipe, TileServices } from '../tile-pipe';
import { FONT_FAMILY } from '../text-style';
import { TileFrame } from '../tile-frame';
import { GRID_BACKGROUND, GRID_LINE_COLOR, GRID_PITCH, GRID_SHAPE_COLOR } from './test-pattern-constants';

function positionText(services: TileServices): string {
  const p = services.screen?.();
  return p ? `${p.wallId}  ${p.col},${p.row}` : '?';
}

export const testPatternPipe: TilePipe<'test-pattern'> = {
  kind: 'test-pattern',
  create(tile, services) {
    const frame = new TileFrame();
    const identify = tile.source.pattern === 'identify';
    const g = new Graphics();
    frame.content.addChild(g);
    const label = new Text({
      text: '',
      style: { fontFamily: FONT_FAMILY, fontWeight: '700', fill: 0xffffff, align: 'center', stroke: { color: 0x000000, width: 6 } },
    });
    label.anchor.set(0.5);
    // Screen-space: the position label belongs to the panel, not to the tile.
    frame.container.addChild(label);
    return {
      container: frame.container,
      layout(crop) {
        frame.place(crop);
        const { w, h } = crop.tileSize;
        const d = frame.dest;
        g.clear();
        if (identify) {
          g.rect(0, 0, w, h).fill(0x0b3d91);
          const p = services.screen?.();
          label.text = p ? `${p.col},${p.row}` : '?';
          label.style.fontSize = Math.round(Math.min(d.h * 0.5, d.w * 0.3));
        } else {
          g.rect(0, 0, w, h).fill(GRID_BACKGROUND);
          for (let x = 0; x <= w; x += GRID_PITCH) g.moveTo(x, 0).lineTo(x, h);
          for (let y = 0; y <= h; y += GRID_PITCH) g.moveTo(0, y).lineTo(w, y);
          g.stroke({ width: 4, color: GRID_LINE_COLOR });
          // Shapes spanning the whole tile: a kink or a gap at a bezel shows misalignment.
          g.moveTo(0, 0).lineTo(w, h).moveTo(w, 0).lineTo(0, h);
          g.circle(w / 2, h / 2, Math.min(w, h) * 0.45);
          g.stroke({ width: 8, color: GRID_SHAPE_COLOR });
          g.rect(4, 4, w - 8, h - 8).stroke({ width: 8, color: 0xffffff });
          label.text = positionText(services);
          label.style.fontSize = Math.round(Math.max(20, Math.min(d.h * 0.08, 64)));
        }
        label.position.set(d.x + d.w / 2, d.y + d.h / 2);
      },
      destroy: () => frame.destroy(),
    };
  },
};
