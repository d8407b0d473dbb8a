import { Container, Graphics, Text } from 'pixi.js';
import type { ScreenClientState } from '../../core/store';
import { FONT_FAMILY } from '../text-style';

/** An unplaced screen: the code a technician types into the console, readable from afar. */
export class PairingOverlay {
  readonly container = new Container();
  private readonly bg = new Graphics();
  private readonly title = text(56, 0x9fb3c8, '600');
  private readonly code = text(300, 0xffffff, '700');
  private readonly details = text(44, 0xc9d4e0, '400');
  private readonly hint = text(40, 0x7f8ea3, '400');

  constructor() {
    this.container.addChild(this.bg, this.title, this.code, this.details, this.hint);
    this.container.visible = false;
    this.title.text = 'Mã ghép nối màn hình · Pairing code';
    this.hint.text = 'Đang chờ kỹ thuật viên gán vị trí…\nWaiting for a technician to place this screen';
  }

  update(s: ScreenClientState, size: { w: number; h: number }): void {
    const show = s.pairing !== null && s.identity.token === null;
    this.container.visible = show;
    if (!show || !s.pairing) return;
    const { w, h } = size;
    this.bg.clear().rect(0, 0, w, h).fill(0x0a1628);
    this.code.text = s.pairing.code.split('').join(' ');
    this.code.style.fontSize = Math.round(Math.min(h * 0.28, (w * 0.9) / (this.code.text.length * 0.62)));
    this.details.text = [s.pairing.hostname, s.pairing.address].filter(Boolean).join('  ·  ');
    this.title.position.set(w / 2, h * 0.18);
    this.code.position.set(w / 2, h * 0.45);
    this.details.position.set(w / 2, h * 0.68);
    this.hint.position.set(w / 2, h * 0.82);
  }

  /** The digits as shown, for the debug hook. */
  get codeText(): string | null {
    return this.container.visible ? this.code.text.replace(/ /g, '') : null;
  }
}

function text(fontSize: number, fill: number, fontWeight: '400' | '600' | '700'): Text {
  const t = new Text({ text: '', style: { fontFamily: FONT_FAMILY, fontSize, fill, fontWeight, align: 'center' } });
  t.anchor.set(0.5);
  return t;
}
