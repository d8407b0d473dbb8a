import { Container, Graphics } from 'pixi.js';
import { THEME } from '../theme';
import type { KpiCard } from '../view-model';
import { fitWidth, makeText } from './view-renderer';
import type { WidgetViewRenderer } from './view-renderer';

/** Picks columns so that cards stay close to 16:10 whatever the tile's shape, with few empty cells. */
export function gridFor(n: number, w: number, h: number): { cols: number; rows: number } {
  let best = { cols: 1, rows: n, score: Infinity };
  for (let cols = 1; cols <= n; cols++) {
    const rows = Math.ceil(n / cols);
    // Empty cells look like missing data on a wall: they cost as much as a poorer shape.
    const score = Math.abs(Math.log(w / cols / (h / rows) / 1.6)) + 0.3 * (cols * rows - n);
    if (score < best.score) best = { cols, rows, score };
  }
  return { cols: best.cols, rows: best.rows };
}

function arrow(trend: KpiCard['trend'], size: number, color: number): Graphics {
  const g = new Graphics();
  const s = size;
  if (trend === 'up') g.poly([0, -s / 2, s / 2, s / 2, -s / 2, s / 2]).fill(color);
  else if (trend === 'down') g.poly([0, s / 2, s / 2, -s / 2, -s / 2, -s / 2]).fill(color);
  else g.rect(-s / 2, -s / 8, s, s / 4).fill(color);
  g.label = `trend:${trend}`;
  return g;
}

/** Key figures with their target and a trend arrow coloured by whether the target is met. */
export const kpiCards: WidgetViewRenderer = {
  draw(root, model, { box, ts, labels }) {
    const kpis = model.kpis;
    if (!kpis || kpis.length === 0) return null;
    const { cols, rows } = gridFor(kpis.length, box.w, box.h);
    const gap = ts.pad * 0.5;
    const cw = (box.w - gap * (cols - 1)) / cols;
    const ch = (box.h - gap * (rows - 1)) / rows;
    const scale = Math.min(1, Math.min(cw / 900, ch / 420) * 1.4);
    kpis.forEach((k, i) => {
      const card = new Container();
      card.label = `kpi:${k.id}`;
      card.position.set(box.x + (i % cols) * (cw + gap), box.y + Math.floor(i / cols) * (ch + gap));
      const status = k.good === null ? THEME.accent : k.good ? THEME.good : THEME.bad;
      const stripe = new Graphics().rect(0, 0, Math.max(4, ts.u * 10), ch).fill(status);
      stripe.label = `kpi-status:${k.good === null ? 'none' : k.good ? 'good' : 'bad'}`;
      card.addChild(new Graphics().rect(0, 0, cw, ch).fill(THEME.panel), stripe);
      const inner = cw - ts.pad * 1.5;
      const name = fitWidth(makeText(k.label, Math.round(ts.body * scale), { color: THEME.muted, weight: '600', label: 'kpi-label' }), inner);
      name.position.set(ts.pad, ch * 0.08);
      const value = makeText(k.unit === '%' ? `${k.value}%` : k.unit ? `${k.value} ${k.unit}` : k.value, Math.round(ts.hero * scale), { weight: '700', label: 'kpi-value' });
      fitWidth(value, inner - ts.hero * scale);
      value.anchor.set(0, 0.5);
      value.position.set(ts.pad, ch * 0.5);
      const a = arrow(k.trend, ts.big * scale, k.trend === 'flat' ? THEME.neutral : status);
      a.position.set(cw - ts.pad - (ts.big * scale) / 2, ch * 0.5);
      card.addChild(name, value, a);
      if (k.target !== null) {
        const t = makeText(`${labels.target}: ${k.target}`, Math.round(ts.small * scale), { color: THEME.muted, label: 'kpi-target' });
        t.anchor.set(0, 1);
        t.position.set(ts.pad, ch * 0.92);
        card.addChild(t);
      }
      root.addChild(card);
    });
    return {};
  },
};
