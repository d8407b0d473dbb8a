import { Container, Graphics, Text } from 'pixi.js';
import type { ScreenClientState } from '../../core/store';
import { FONT_FAMILY } from '../text-style';

/** Flashes the screen's wall and position while an identify command runs. */
export class IdentifyOverlay {
  readonly container = new Container();
  private readonly bg = new Graphics();
  private readonly label = new Text({
    text: '',
    style: { fontFamily: FONT_FAMILY, fontWeight: '700', fill: 0xffffff, align: 'center', stroke: { color: 0x000000, width: 10 } },
  });

  constructor() {
    this.label.anchor.set(0.5);
    this.container.addChild(this.bg, this.label);
    this.container.visible = false;
  }

  update(s: ScreenClientState, controllerNow: number, size: { w: number; h: number }): void {
    const { identity } = s;
    const show = s.identifyUntil !== null && controllerNow < s.identifyUntil && identity.col !== null;
    this.container.visible = show;
    if (!show) return;
    const { w, h } = size;
    // Flash at 2 Hz so the identified screens stand out from a still layout.
    const on = Math.floor(controllerNow / 250) % 2 === 0;
    this.bg.clear().rect(0, 0, w, h).fill({ color: on ? 0xd32f2f : 0x0b3d91, alpha: 0.85 });
    this.label.text = `${identity.wallId ?? ''}\n${identity.col},${identity.row}`;
    this.label.style.fontSize = Math.round(h * 0.3);
    this.label.position.set(w / 2, h / 2);
  }
}
