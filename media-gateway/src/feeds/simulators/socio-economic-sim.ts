import type { KpiSeries, SocioEconomicValue } from '@ioc/protocol';
import { createRng } from './rng';
import type { FeedSimulator } from './simulator';

/** Indicator shapes of a provincial report; the figures are illustrative, not official. */
const KPIS: (Omit<KpiSeries, 'monthly' | 'yearToDate'> & { base: number; spread: number; ytd: 'sum' | 'last' | 'mean' })[] = [
  { id: 'grdp-growth', name: { vi: 'Tăng trưởng GRDP', en: 'GRDP growth' }, unit: '%', target: 7, higherIsBetter: true, base: 6.2, spread: 0.8, ytd: 'mean' },
  { id: 'budget-revenue', name: { vi: 'Thu ngân sách', en: 'Budget revenue' }, unit: 'tỷ đồng', target: 6500, higherIsBetter: true, base: 520, spread: 90, ytd: 'sum' },
  { id: 'public-investment', name: { vi: 'Giải ngân đầu tư công', en: 'Public investment disbursed' }, unit: '%', target: 95, higherIsBetter: true, base: 7, spread: 3, ytd: 'sum' },
  { id: 'cpi', name: { vi: 'Chỉ số giá tiêu dùng (CPI)', en: 'Consumer price index (CPI)' }, unit: '%', target: 4, higherIsBetter: false, base: 2.4, spread: 0.9, ytd: 'mean' },
  { id: 'export-turnover', name: { vi: 'Kim ngạch xuất khẩu', en: 'Export turnover' }, unit: 'triệu USD', target: 1100, higherIsBetter: true, base: 85, spread: 20, ytd: 'sum' },
  { id: 'retail-sales', name: { vi: 'Tổng mức bán lẻ hàng hóa', en: 'Retail sales' }, unit: 'tỷ đồng', target: 85000, higherIsBetter: true, base: 6800, spread: 700, ytd: 'sum' },
];
const MONTHS = 7; // January to July 2021, the pilot's window
const round = (v: number, unit: string) => (unit === '%' ? Math.round(v * 100) / 100 : Math.round(v));

export function createSocioEconomicSimulator(seed: number): FeedSimulator {
  const rng = createRng(seed ^ 0xec0);
  const series = KPIS.map((k) => {
    let cumulative = 0;
    const monthly = Array.from({ length: MONTHS }, (_, i) => {
      const raw = k.base + (rng.next() - 0.5) * 2 * k.spread + (k.ytd === 'sum' ? 0 : i * 0.05);
      cumulative += raw;
      // Disbursement is reported as a cumulative share of the year's plan.
      return { month: `2021-${String(i + 1).padStart(2, '0')}`, value: round(k.id === 'public-investment' ? cumulative : raw, k.unit) };
    });
    return { k, monthly };
  });

  const ytdOf = (k: (typeof KPIS)[number], monthly: { value: number }[]) => {
    const vals = monthly.map((p) => p.value);
    if (k.id === 'public-investment') return vals[vals.length - 1] ?? null;
    if (k.ytd === 'sum') return round(vals.reduce((a, b) => a + b, 0), k.unit);
    return round(vals.reduce((a, b) => a + b, 0) / Math.max(1, vals.length), k.unit);
  };

  const value = (): SocioEconomicValue => ({
    kind: 'socio-economic',
    year: 2021,
    indicators: series.map(({ k, monthly }) => ({
      id: k.id,
      name: k.name,
      unit: k.unit,
      target: k.target,
      higherIsBetter: k.higherIsBetter,
      targetBasis: k.ytd === 'sum' ? 'annual-total' : 'level',
      monthly: monthly.map((p) => ({ ...p })),
      yearToDate: ytdOf(k, monthly),
    })),
  });

  return {
    defaultIntervalMs: 15_000,
    initial: value,
    step() {
      // Preliminary figures of the current month get revised as reports come in.
      const s = rng.pick(series);
      const last = s.monthly[s.monthly.length - 1]!;
      last.value = round(last.value + (rng.next() - 0.5) * s.k.spread * 0.2, s.k.unit);
      return value();
    },
  };
}
