import { Container, Graphics } from 'pixi.js';
import { THEME } from '../theme';
import { fitWidth, makeText } from './view-renderer';
import type { WidgetViewRenderer } from './view-renderer';

/** Rows sorted by value: rank, name, a proportional bar and the figure; as many as fit. */
export const rankedList: WidgetViewRenderer = {
  draw(root, model, { box, ts }) {
    const rows = model.ranked;
    if (!rows || rows.length === 0) return null;
    const rowH = Math.max(ts.body * 1.6, box.h / Math.max(5, Math.min(rows.length, 10)));
    const shown = rows.slice(0, Math.max(1, Math.floor(box.h / rowH)));
    const max = Math.max(...shown.map((r) => r.value), 1e-9);
    const rankW = ts.body * 1.6;
    const valueW = ts.body * 4.2;
    const nameW = (box.w - rankW - valueW) * 0.55;
    const barX = rankW + nameW + ts.pad * 0.5;
    const barMax = box.w - barX - valueW - ts.pad * 0.5;
    shown.forEach((r, i) => {
      const row = new Container();
      row.label = `rank:${i + 1}`;
      row.position.set(box.x, box.y + i * rowH);
      if (i % 2 === 0) row.addChild(new Graphics().rect(0, 0, box.w, rowH * 0.92).fill(THEME.panel));
      const rank = makeText(String(i + 1), ts.body, { color: THEME.accent, weight: '700', label: 'rank-no' });
      rank.anchor.set(0, 0.5);
      rank.position.set(ts.u * 12, rowH * 0.46);
      const name = fitWidth(makeText(r.label, ts.body, { weight: '600', label: 'rank-name' }), nameW);
      name.anchor.set(0, 0.5);
      name.position.set(rankW, rowH * 0.46);
      const bar = new Graphics().rect(barX, rowH * 0.25, Math.max(2, (r.value / max) * barMax), rowH * 0.42).fill(THEME.series[i % THEME.series.length]!);
      bar.label = 'rank-bar';
      const value = makeText(r.display, ts.body, { weight: '700', label: 'rank-value' });
      value.anchor.set(1, 0.5);
      value.position.set(box.w - ts.u * 12, rowH * 0.46);
      row.addChild(rank, name, bar, value);
      root.addChild(row);
    });
    return {};
  },
};
