import { ADMIN_LEVELS, DISTRICTS, REPORT_CATEGORIES, REPORT_STATUSES, SEVERITIES } from '@ioc/protocol';
import type { FeedKind, FeedValue, FeedValueOf, KpiSeries, Severity } from '@ioc/protocol';
import type { Labels, Lang } from './labels';
import { formatNumber, formatPercent } from './labels';
import { THEME } from './theme';

export type Trend = 'up' | 'down' | 'flat';
export interface KpiCard { id: string; label: string; value: string; unit: string; target: string | null; trend: Trend; good: boolean | null }
export interface Bar { key: string; label: string; value: number; color: number }
export interface Series { label: string; points: { x: string; y: number }[]; target: number | null; color: number }
export interface RankedRow { label: string; value: number; display: string }
export interface TickerItem { text: string; at: number; color: number }
export interface Counter { key: string; label: string; value: string; color: number }

/** What views draw: plain numbers and strings, kind-agnostic, already in the wall's language. */
export interface WidgetModel {
  title: string;
  kpis?: KpiCard[];
  bars?: Bar[];
  series?: Series;
  ranked?: RankedRow[];
  ticker?: TickerItem[];
  counters?: Counter[];
}

export interface ModelContext {
  lang: Lang;
  labels: Labels;
  options: Record<string, unknown>;
}

type Extractor<K extends FeedKind> = (v: FeedValueOf<K>, ctx: ModelContext) => WidgetModel;
const color = (i: number) => THEME.series[i % THEME.series.length]!;
const opt = (ctx: ModelContext, key: string) => (typeof ctx.options[key] === 'string' ? (ctx.options[key] as string) : undefined);

const fieldReports: Extractor<'field-reports'> = (v, ctx) => {
  const { labels: L, lang } = ctx;
  // `groupBy` is accepted too: presets written before this widget used that name.
  const group = opt(ctx, 'by') ?? opt(ctx, 'groupBy');
  const by = group === 'district' ? 'district' : group === 'status' ? 'status' : 'category';
  const bars: Bar[] =
    by === 'district'
      ? DISTRICTS.map((d, i) => ({ key: d, label: L.districts[d], value: v.byDistrict[d], color: color(i) }))
      : by === 'status'
        ? REPORT_STATUSES.map((s, i) => ({ key: s, label: L.reportStatuses[s], value: v.byStatus[s], color: color(i) }))
        : REPORT_CATEGORIES.map((c, i) => ({ key: c, label: L.categories[c], value: v.byCategory[c], color: color(i) }));
  const resolvedShare = v.total === 0 ? 0 : v.byStatus.resolved / v.total;
  return {
    title: L.feeds['field-reports'],
    bars,
    counters: [
      { key: 'total', label: L.total, value: formatNumber(v.total, lang), color: THEME.text },
      ...REPORT_STATUSES.map((s) => ({ key: s, label: L.reportStatuses[s], value: formatNumber(v.byStatus[s], lang), color: s === 'resolved' ? THEME.good : THEME.accent })),
    ],
    kpis: [
      { id: 'total', label: L.total, value: formatNumber(v.total, lang), unit: '', target: null, trend: 'flat', good: null },
      { id: 'resolved', label: L.reportStatuses.resolved, value: formatPercent(resolvedShare, lang), unit: '', target: null, trend: 'flat', good: null },
    ],
    ranked: DISTRICTS.map((d) => ({ label: L.districts[d], value: v.byDistrict[d], display: formatNumber(v.byDistrict[d], lang) }))
      .filter((r) => r.value > 0)
      .sort((a, b) => b.value - a.value),
    ticker: v.latest.map((r) => ({ text: `${L.districts[r.district]} · ${r.title} · ${L.reportStatuses[r.status]}`, at: r.at, color: r.status === 'resolved' ? THEME.good : THEME.accent })),
    series: v.daily && { label: L.reportsPerDay, points: v.daily.map((d) => ({ x: d.date.slice(5), y: d.count })), target: null, color: THEME.accent },
  };
};

const publicServices: Extractor<'public-services'> = (v, { labels: L, lang }) => {
  const rate = (c: { onTime: number; late: number }) => (c.onTime + c.late === 0 ? 1 : c.onTime / (c.onTime + c.late));
  const t = v.totals;
  return {
    title: L.feeds['public-services'],
    kpis: [
      { id: 'on-time-rate', label: L.onTimeRate, value: formatPercent(v.onTimeRate, lang), unit: '', target: v.onTimeTarget === undefined ? null : formatPercent(v.onTimeTarget, lang), trend: 'flat', good: v.onTimeTarget === undefined ? null : v.onTimeRate >= v.onTimeTarget },
      ...ADMIN_LEVELS.map((l) => ({ id: l, label: `${L.onTimeRate} · ${L.levels[l]}`, value: formatPercent(rate(v.byLevel[l]), lang), unit: '', target: null, trend: 'flat' as const, good: null })),
    ],
    counters: [
      { key: 'received', label: L.received, value: formatNumber(t.received, lang), color: THEME.text },
      { key: 'onTime', label: L.onTime, value: formatNumber(t.onTime, lang), color: THEME.good },
      { key: 'late', label: L.late, value: formatNumber(t.late, lang), color: THEME.severity.high },
      { key: 'overdue', label: L.overdue, value: formatNumber(t.overdue, lang), color: THEME.bad },
    ],
    bars: v.agencies.map((a, i) => ({ key: a.id, label: a.name[lang], value: a.counts.received, color: color(i) })).sort((a, b) => b.value - a.value).slice(0, 10),
    ranked: v.agencies.map((a) => ({ label: a.name[lang], value: rate(a.counts), display: formatPercent(rate(a.counts), lang) })).sort((a, b) => b.value - a.value),
  };
};

function trendOf(k: KpiSeries): Trend {
  const n = k.monthly.length;
  if (n < 2) return 'flat';
  const d = k.monthly[n - 1]!.value - k.monthly[n - 2]!.value;
  return Math.abs(d) < 1e-9 ? 'flat' : d > 0 ? 'up' : 'down';
}

const socioEconomic: Extractor<'socio-economic'> = (v, ctx) => {
  const { lang } = ctx;
  const kpiValue = (k: KpiSeries) => k.yearToDate ?? k.monthly[k.monthly.length - 1]?.value ?? null;
  // An annual total is on track when year-to-date keeps pace with the months elapsed.
  const targetNow = (k: KpiSeries) => {
    if (k.target === null) return null;
    if (k.targetBasis !== 'annual-total') return k.target;
    const last = k.monthly[k.monthly.length - 1]?.month;
    return last ? (k.target * Number(last.slice(5))) / 12 : k.target;
  };
  const chosen = v.indicators.find((k) => k.id === opt(ctx, 'indicator')) ?? v.indicators[0]!;
  return {
    title: ctx.labels.feeds['socio-economic'],
    kpis: v.indicators.map((k) => {
      const val = kpiValue(k);
      return {
        id: k.id,
        label: k.name[lang],
        value: val === null ? '—' : formatNumber(val, lang),
        unit: k.unit,
        target: k.target === null ? null : formatNumber(k.target, lang),
        trend: trendOf(k),
        good: val === null || targetNow(k) === null ? null : k.higherIsBetter ? val >= targetNow(k)! : val <= targetNow(k)!,
      };
    }),
    series: { label: `${chosen.name[lang]} (${chosen.unit})`, points: chosen.monthly.map((p) => ({ x: p.month.slice(5), y: p.value })), target: chosen.target, color: THEME.accent },
    // Completion of plan only means something where more is better (not for CPI).
    bars: v.indicators.filter((k) => k.target && k.higherIsBetter).map((k, i) => ({ key: k.id, label: k.name[lang], value: Math.round(((kpiValue(k) ?? 0) / k.target!) * 100), color: color(i) })),
    ranked: v.indicators.filter((k) => k.target && k.higherIsBetter).map((k) => {
      const share = (kpiValue(k) ?? 0) / k.target!;
      return { label: k.name[lang], value: share, display: formatPercent(share, lang) };
    }).sort((a, b) => b.value - a.value),
  };
};

const socAlerts: Extractor<'soc-alerts'> = (v, { labels: L, lang }) => {
  const sevColor = (s: Severity) => THEME.severity[s];
  const byTarget = new Map<string, number>();
  for (const a of v.latest) byTarget.set(a.target, (byTarget.get(a.target) ?? 0) + 1);
  return {
    title: L.feeds['soc-alerts'],
    counters: SEVERITIES.map((s) => ({ key: s, label: L.severities[s], value: formatNumber(v.bySeverity[s], lang), color: sevColor(s) })),
    bars: SEVERITIES.map((s) => ({ key: s, label: L.severities[s], value: v.bySeverity[s], color: sevColor(s) })),
    ticker: v.latest.map((a) => ({ text: `[${L.severities[a.severity]}] ${a.title} · ${a.target} · ${a.source} · ${L.alertStatuses[a.status]}`, at: a.at, color: sevColor(a.severity) })),
    ranked: [...byTarget.entries()].map(([label, n]) => ({ label, value: n, display: formatNumber(n, lang) })).sort((a, b) => b.value - a.value),
  };
};

/** Per feed kind, how its value becomes a widget model: a map, so new kinds add an entry. */
const EXTRACTORS: { [K in FeedKind]: Extractor<K> } = {
  'field-reports': fieldReports,
  'public-services': publicServices,
  'socio-economic': socioEconomic,
  'soc-alerts': socAlerts,
};

export function modelOf(value: FeedValue, ctx: ModelContext): WidgetModel {
  return (EXTRACTORS[value.kind] as Extractor<FeedKind>)(value as never, ctx);
}
