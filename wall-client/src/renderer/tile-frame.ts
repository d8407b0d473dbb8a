import { Container, Graphics } from 'pixi.js';
import type { ScreenCrop } from '@ioc/layout-presets';

/**
 * Lets a pipe draw in the tile's own px (0..tileSize) and shows only this screen's part.
 * Because every screen maps the same tile space through its own crop, a line drawn once in
 * tile space continues across screens and bezels without any per-screen logic in the pipe.
 */
export class TileFrame {
  /** Positioned in screen px; add screen-space decorations (e.g. a position label) here. */
  readonly container = new Container();
  /** Tile space: draw the tile here. */
  readonly content = new Container();
  private readonly clip = new Graphics();
  /** The visible part in screen px, rounded so neighbouring tiles meet without a seam. */
  dest = { x: 0, y: 0, w: 0, h: 0 };

  constructor() {
    this.container.addChild(this.content, this.clip);
    this.content.mask = this.clip;
  }

  place(crop: ScreenCrop): void {
    const sx = crop.dest.w / crop.src.w;
    const sy = crop.dest.h / crop.src.h;
    this.content.scale.set(sx, sy);
    this.content.position.set(crop.dest.x - crop.src.x * sx, crop.dest.y - crop.src.y * sy);
    const x0 = Math.round(crop.dest.x);
    const y0 = Math.round(crop.dest.y);
    this.dest = { x: x0, y: y0, w: Math.round(crop.dest.x + crop.dest.w) - x0, h: Math.round(crop.dest.y + crop.dest.h) - y0 };
    this.clip.clear().rect(this.dest.x, this.dest.y, this.dest.w, this.dest.h).fill(0xffffff);
  }

  destroy(): void {
    this.container.destroy({ children: true });
  }
}
