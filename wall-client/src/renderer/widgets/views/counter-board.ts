import { Container, Graphics } from 'pixi.js';
import { THEME } from '../theme';
import { gridFor } from './kpi-cards';
import { fitWidth, makeText } from './view-renderer';
import type { WidgetViewRenderer } from './view-renderer';

/** Big counters in a grid, each under a coloured stripe naming what it counts. */
export const counterBoard: WidgetViewRenderer = {
  draw(root, model, { box, ts }) {
    const counters = model.counters;
    if (!counters || counters.length === 0) return null;
    const { cols, rows } = gridFor(counters.length, box.w, box.h);
    const gap = ts.pad * 0.5;
    const cw = (box.w - gap * (cols - 1)) / cols;
    const ch = (box.h - gap * (rows - 1)) / rows;
    const size = Math.min(ts.hero * 1.4, ch * 0.45);
    counters.forEach((c, i) => {
      const cell = new Container();
      cell.label = `counter:${c.key}`;
      cell.position.set(box.x + (i % cols) * (cw + gap), box.y + Math.floor(i / cols) * (ch + gap));
      cell.addChild(new Graphics().rect(0, 0, cw, ch).fill(THEME.panel).rect(0, 0, cw, Math.max(4, ts.u * 12)).fill(c.color));
      const value = fitWidth(makeText(c.value, Math.round(size), { color: c.color === THEME.text ? THEME.text : c.color, weight: '700', label: 'counter-value' }), cw * 0.9);
      value.anchor.set(0.5, 0.5);
      value.position.set(cw / 2, ch * 0.46);
      const label = fitWidth(makeText(c.label, ts.body, { color: THEME.muted, weight: '600', label: 'counter-label' }), cw * 0.9);
      label.anchor.set(0.5, 1);
      label.position.set(cw / 2, ch * 0.92);
      cell.addChild(value, label);
      root.addChild(cell);
    });
    return {};
  },
};
