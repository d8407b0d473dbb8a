import { Container, Graphics, Text } from 'pixi.js';
import { FONT_FAMILY } from '../text-style';

export const SIGNAL_LOST_TEXT = 'MẤT TÍN HIỆU / SIGNAL LOST';
export const NO_GATEWAY_TEXT = 'KHÔNG CÓ MÁY CHỦ VIDEO / NO MEDIA GATEWAY';

/**
 * Drawn in screen px over this screen's part of the tile, so a tile spanning screens shows a
 * readable notice on each one instead of one text cut by bezels. Translucent: the last frame
 * stays visible underneath, which tells the room what the camera showed before it went dark.
 */
export class SignalLostOverlay {
  readonly container = new Container();
  private readonly dim = new Graphics();
  private readonly title: Text;
  private readonly caption: Text;
  /** Why, when the gateway said so ("mất kết nối camera"); small, under the label. */
  private readonly detailText: Text;

  constructor(label: string, headline = SIGNAL_LOST_TEXT) {
    this.title = new Text({
      text: headline,
      style: { fontFamily: FONT_FAMILY, fontWeight: '700', fill: 0xffd24d, align: 'center', wordWrap: true, breakWords: true },
    });
    this.caption = new Text({
      text: label,
      style: { fontFamily: FONT_FAMILY, fontWeight: '500', fill: 0xffffff, align: 'center', wordWrap: true, breakWords: true },
    });
    this.detailText = new Text({
      text: '',
      style: { fontFamily: FONT_FAMILY, fontWeight: '400', fill: 0xd0d0d0, align: 'center', wordWrap: true, breakWords: true },
    });
    this.title.anchor.set(0.5, 1);
    this.caption.anchor.set(0.5, 0);
    this.detailText.anchor.set(0.5, 0);
    this.container.addChild(this.dim, this.title, this.caption, this.detailText);
    this.container.visible = false;
  }

  get visible(): boolean {
    return this.container.visible;
  }

  set visible(v: boolean) {
    this.container.visible = v;
  }

  get headline(): string {
    return this.title.text;
  }

  get detail(): string {
    return this.detailText.text;
  }

  set detail(text: string) {
    if (this.detailText.text !== text) this.detailText.text = text;
  }

  /** `dest`: the visible part of the tile on this screen, in screen px. */
  place(dest: { x: number; y: number; w: number; h: number }): void {
    this.dim
      .clear()
      .rect(dest.x, dest.y, dest.w, dest.h)
      .fill({ color: 0x000000, alpha: 0.55 })
      .stroke({ width: Math.max(2, Math.round(Math.min(dest.w, dest.h) / 120)), color: 0xd94141, alignment: 1 });
    const size = Math.max(14, Math.min(dest.h * 0.09, dest.w * 0.045, 64));
    const cx = dest.x + dest.w / 2;
    const cy = dest.y + dest.h / 2;
    this.title.style.fontSize = size;
    this.title.style.wordWrapWidth = dest.w * 0.9;
    this.title.position.set(cx, cy - size * 0.1);
    this.caption.style.fontSize = size * 0.7;
    this.caption.style.wordWrapWidth = dest.w * 0.9;
    this.caption.position.set(cx, cy + size * 0.2);
    this.detailText.style.fontSize = Math.max(11, size * 0.45);
    this.detailText.style.wordWrapWidth = dest.w * 0.9;
    this.detailText.position.set(cx, cy + size * 1.2);
  }

  destroy(): void {
    this.container.destroy({ children: true });
  }
}

/**
 * A discreet "connecting…" note in the tile's corner while the gateway starts a stream: not an
 * alarm, the operator only learns that video is on its way.
 */
export class ConnectingHint {
  readonly container = new Container();
  private readonly text: Text;

  constructor(text: string) {
    this.text = new Text({ text, style: { fontFamily: FONT_FAMILY, fontWeight: '500', fill: 0xbfc7d5 } });
    this.text.alpha = 0.85;
    this.container.addChild(this.text);
    this.container.visible = false;
  }

  get visible(): boolean {
    return this.container.visible;
  }

  set visible(v: boolean) {
    this.container.visible = v;
  }

  get label(): string {
    return this.text.text;
  }

  place(dest: { x: number; y: number; w: number; h: number }): void {
    const size = Math.max(11, Math.min(dest.h * 0.05, dest.w * 0.03, 28));
    this.text.style.fontSize = size;
    this.text.position.set(dest.x + size * 0.6, dest.y + dest.h - size * 1.8);
  }

  destroy(): void {
    this.container.destroy({ children: true });
  }
}
