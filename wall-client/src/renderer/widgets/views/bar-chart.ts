import { Container, Graphics } from 'pixi.js';
import { formatNumber } from '../labels';
import { THEME } from '../theme';
import { fitWidth, makeText } from './view-renderer';
import type { WidgetViewRenderer } from './view-renderer';

/** Vertical bars, value above each bar, wrapped label below; heights share one scale. */
export const barChart: WidgetViewRenderer = {
  draw(root, model, { box, ts, lang }) {
    const bars = model.bars;
    if (!bars || bars.length === 0) return null;
    const max = Math.max(1, ...bars.map((b) => b.value));
    const slot = box.w / bars.length;
    const barW = slot * 0.62;
    const labelH = ts.small * 3.2;
    const valueH = ts.body * 1.3;
    const baseY = box.y + box.h - labelH;
    const plotH = Math.max(10, baseY - box.y - valueH);
    const axis = new Graphics().rect(box.x, baseY, box.w, Math.max(2, ts.u * 4)).fill(THEME.grid);
    root.addChild(axis);
    bars.forEach((b, i) => {
      const cx = box.x + slot * i + slot / 2;
      const hgt = (b.value / max) * plotH;
      const g = new Graphics().rect(cx - barW / 2, baseY - hgt, barW, hgt).fill(b.color);
      g.label = `bar:${b.key}`;
      const group = new Container();
      group.label = 'bar-group';
      const value = makeText(formatNumber(b.value, lang), ts.body, { weight: '700', label: `bar-value:${b.key}` });
      fitWidth(value, slot * 0.95);
      value.anchor.set(0.5, 1);
      value.position.set(cx, baseY - hgt - ts.u * 8);
      const label = makeText(b.label, ts.small, { color: THEME.muted, wrap: slot * 0.94, align: 'center', label: `bar-label:${b.key}` });
      label.anchor.set(0.5, 0);
      label.position.set(cx, baseY + ts.u * 12);
      group.addChild(g, value, label);
      root.addChild(group);
    });
    return {};
  },
};
