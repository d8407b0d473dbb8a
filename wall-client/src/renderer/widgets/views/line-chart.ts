import { Graphics } from 'pixi.js';
import { formatNumber } from '../labels';
import { THEME } from '../theme';
import { makeText } from './view-renderer';
import type { WidgetViewRenderer } from './view-renderer';

/** One series over time with its target as a dashed line, min/max on the y axis. */
export const lineChart: WidgetViewRenderer = {
  draw(root, model, { box, ts, lang, labels }) {
    const s = model.series;
    if (!s || s.points.length === 0) return null;
    const caption = makeText(s.label, ts.body, { color: THEME.muted, weight: '600', label: 'series-label' });
    caption.position.set(box.x, box.y);
    root.addChild(caption);
    const ys = s.points.map((p) => p.y);
    // Scale to the data (and target), not to zero: a 6-7 % growth series must not look flat.
    const dataLo = Math.min(...ys, s.target ?? Infinity);
    const dataHi = Math.max(...ys, s.target ?? -Infinity);
    const margin = (dataHi - dataLo) * 0.15 || Math.abs(dataHi) * 0.1 || 1;
    const lo = dataLo - margin;
    const hi = dataHi + margin;
    const span = hi - lo;
    const axisW = ts.small * 4;
    const inset = ts.body;
    const plot = { x: box.x + axisW + inset, y: box.y + caption.height + ts.pad * 0.5, w: box.w - axisW - inset * 2, h: 0 };
    plot.h = box.y + box.h - ts.small * 1.6 - plot.y;
    const px = (i: number) => plot.x + (s.points.length === 1 ? plot.w / 2 : (i / (s.points.length - 1)) * plot.w);
    const py = (v: number) => plot.y + plot.h - ((v - lo) / span) * plot.h;

    const grid = new Graphics();
    for (let k = 0; k <= 4; k++) {
      const y = plot.y + (plot.h * k) / 4;
      grid.moveTo(plot.x - inset, y).lineTo(plot.x + plot.w + inset, y);
      const t = makeText(formatNumber(hi - (span * k) / 4, lang), ts.small, { color: THEME.muted, label: 'axis' });
      t.anchor.set(1, 0.5);
      t.position.set(plot.x - inset - ts.u * 12, y);
      root.addChild(t);
    }
    grid.stroke({ width: Math.max(1, ts.u * 2), color: THEME.grid });
    root.addChildAt(grid, 1);
    if (s.target !== null) {
      const dash = new Graphics();
      const step = Math.max(8, ts.u * 30);
      for (let x = plot.x; x < plot.x + plot.w; x += step * 2) dash.moveTo(x, py(s.target)).lineTo(Math.min(x + step, plot.x + plot.w), py(s.target));
      dash.stroke({ width: Math.max(2, ts.u * 4), color: THEME.good });
      dash.label = 'target-line';
      const t = makeText(`${labels.target} ${formatNumber(s.target, lang)}`, ts.small, { color: THEME.good, label: 'target' });
      t.anchor.set(0, 1);
      t.position.set(plot.x, py(s.target) - ts.u * 6);
      root.addChild(dash, t);
    }
    const line = new Graphics();
    s.points.forEach((p, i) => (i === 0 ? line.moveTo(px(i), py(p.y)) : line.lineTo(px(i), py(p.y))));
    line.stroke({ width: Math.max(3, ts.u * 8), color: s.color, join: 'round', cap: 'round' });
    line.label = 'line';
    root.addChild(line);
    const dots = new Graphics();
    dots.label = 'points';
    s.points.forEach((p, i) => dots.circle(px(i), py(p.y), Math.max(3, ts.u * 10)));
    dots.fill(s.color);
    root.addChild(dots);
    if (s.points.length <= 12) {
      s.points.forEach((p, i) => {
        const t = makeText(formatNumber(p.y, lang), ts.body, { weight: '700', label: 'point-value' });
        t.anchor.set(0.5, 1);
        t.position.set(px(i), py(p.y) - ts.u * 18);
        root.addChild(t);
      });
    }
    // Label at most ~12 x positions so they never overlap.
    const every = Math.ceil(s.points.length / 12);
    s.points.forEach((p, i) => {
      if (i % every !== 0 && i !== s.points.length - 1) return;
      const t = makeText(p.x, ts.small, { color: THEME.muted, label: 'x-label' });
      t.anchor.set(0.5, 0);
      t.position.set(px(i), plot.y + plot.h + ts.u * 8);
      root.addChild(t);
    });
    return {};
  },
};
