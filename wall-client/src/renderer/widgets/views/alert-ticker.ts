import { Container, Graphics } from 'pixi.js';
import { formatHhMm } from '../labels';
import { THEME } from '../theme';
import { fitWidth, makeText } from './view-renderer';
import type { WidgetViewRenderer } from './view-renderer';

const SPEED_PX_PER_S = 160;

/**
 * The newest items as a list (time, colour-coded marker, text), and every item scrolling in
 * one line along the bottom. The scroll follows the wall clock, so a ticker spanning two
 * screens moves as one.
 */
export const alertTicker: WidgetViewRenderer = {
  draw(root, model, { box, ts, now, timeZone }) {
    const items = model.ticker;
    if (!items || items.length === 0) return null;
    const tickerH = ts.big * 1.5;
    const listH = box.h - tickerH - ts.pad * 0.5;
    const rowH = Math.max(ts.body * 1.5, listH / 6);
    const shown = items.slice(0, Math.max(1, Math.floor(listH / rowH)));
    shown.forEach((it, i) => {
      const row = new Container();
      row.label = `alert:${i}`;
      row.position.set(box.x, box.y + i * rowH);
      row.addChild(new Graphics().rect(0, rowH * 0.1, Math.max(6, ts.u * 14), rowH * 0.75).fill(it.color));
      const time = makeText(formatHhMm(it.at, timeZone), ts.body, { color: THEME.muted, weight: '600', label: 'alert-time' });
      time.anchor.set(0, 0.5);
      time.position.set(ts.u * 40, rowH * 0.48);
      const text = fitWidth(makeText(it.text, ts.body, { label: 'alert-text' }), box.w - ts.body * 4);
      text.anchor.set(0, 0.5);
      text.position.set(ts.u * 40 + ts.body * 3.4, rowH * 0.48);
      row.addChild(time, text);
      root.addChild(row);
    });

    const band = new Container();
    band.label = 'ticker-band';
    band.position.set(box.x, box.y + box.h - tickerH);
    const bg = new Graphics().rect(0, 0, box.w, tickerH).fill(THEME.panel);
    const strip = new Container();
    const line = makeText(items.map((i) => i.text).join('   •   '), ts.big * 0.8, { weight: '600', label: 'ticker' });
    line.anchor.set(0, 0.5);
    line.y = tickerH / 2;
    // Two copies back to back so the loop has no gap.
    const copy = makeText(line.text, ts.big * 0.8, { weight: '600', label: 'ticker-copy' });
    copy.anchor.set(0, 0.5);
    copy.y = tickerH / 2;
    strip.addChild(line, copy);
    const clip = new Graphics().rect(0, 0, box.w, tickerH).fill(0xffffff);
    band.addChild(bg, strip, clip);
    strip.mask = clip;
    root.addChild(band);
    const period = line.width + ts.big * 2;
    copy.x = period;
    const tick = (t: number) => {
      strip.x = -(((t / 1000) * SPEED_PX_PER_S * ts.u * 2) % period);
    };
    tick(now());
    return { tick };
  },
};
