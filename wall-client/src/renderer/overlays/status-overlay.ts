import { Container, Graphics, Text } from 'pixi.js';
import type { ScreenClientState } from '../../core/store';
import { FONT_FAMILY } from '../text-style';

/** Before this, a first connection in progress is not worth a dot. */
const GRACE_MS = 3000;

/**
 * Connection state, told discreetly: a small dot in a corner when offline (the last state
 * keeps drawing), and a plain message when the controller refuses this protocol version or
 * when there is nothing else to show. Never an error page.
 */
export class StatusOverlay {
  readonly container = new Container();
  private readonly dot = new Graphics();
  private readonly panel = new Graphics();
  private readonly message = new Text({
    text: '',
    style: { fontFamily: FONT_FAMILY, fontSize: 40, fill: 0xc9d4e0, align: 'center', wordWrap: true },
  });
  private readonly startedAt = Date.now();

  constructor() {
    this.message.anchor.set(0.5);
    this.container.addChild(this.panel, this.message, this.dot);
  }

  get offline(): boolean {
    return this.dot.visible;
  }

  update(s: ScreenClientState, size: { w: number; h: number }): void {
    const { w, h } = size;
    const offline = s.connection === 'offline' || s.connection === 'refused' ||
      (s.connection === 'connecting' && Date.now() - this.startedAt > GRACE_MS);
    this.dot.visible = offline;
    this.dot.clear().circle(w - 22, 22, 9).fill({ color: s.connection === 'refused' ? 0xffa000 : 0xe53935, alpha: 0.7 });
    const pairing = s.pairing !== null && s.identity.token === null;
    let text = '';
    if (s.connection === 'refused') {
      text = `Bộ điều khiển từ chối phiên bản giao thức\nThe controller refused this screen's protocol version\n${s.refusedReason ?? ''}`;
    } else if (!s.current && !pairing) {
      const where = s.identity.wallId !== null ? `${s.identity.wallId}  ${s.identity.col},${s.identity.row}\n` : '';
      text = `${where}${s.connection === 'online' ? 'Đang chờ bố cục · Waiting for a layout' : 'Đang kết nối · Connecting…'}`;
    }
    const banner = s.connection === 'refused' && s.current !== null;
    this.message.visible = this.panel.visible = text !== '';
    if (!text) return;
    this.message.text = text;
    this.message.style.wordWrapWidth = w * 0.85;
    this.message.style.fontSize = banner ? 24 : 40;
    this.panel.clear();
    if (banner) {
      this.panel.rect(0, h - 120, w, 120).fill({ color: 0x000000, alpha: 0.75 });
      this.message.position.set(w / 2, h - 60);
    } else {
      this.panel.rect(0, 0, w, h).fill(0x0a0f18);
      this.message.position.set(w / 2, h / 2);
    }
  }
}
