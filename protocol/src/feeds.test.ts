import { describe, expect, it } from 'vitest';
import { FeedEnvelopeSchema, FieldReportsValueSchema, KpiSeriesSchema, PublicServicesValueSchema, SocAlertsValueSchema } from './feeds';
import { describeIssues } from './errors';

const reports = {
  kind: 'field-reports',
  total: 3,
  byCategory: { 'phone-number-violation': 0, 'sidewalk-encroachment': 2, 'advertising-violation': 0, 'street-vending': 0, 'unlicensed-construction': 0, wastewater: 1, littering: 0, other: 0 },
  byDistrict: { 'buon-ma-thuot': 3, 'buon-ho': 0, 'cu-mgar': 0, 'ea-kar': 0, 'krong-nang': 0, other: 0 },
  byStatus: { received: 1, assigned: 0, processing: 1, resolved: 1 },
  latest: [{ id: 'PA-1', category: 'wastewater', district: 'buon-ma-thuot', status: 'resolved', at: 1, title: 'Nước thải' }],
};
const errorsOf = (r: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  r.success ? '' : describeIssues(r.error!.issues);

describe('feed schemas', () => {
  it('accept consistent field-report counters and name what is inconsistent', () => {
    expect(FieldReportsValueSchema.safeParse(reports).success).toBe(true);
    expect(errorsOf(FieldReportsValueSchema.safeParse({ ...reports, total: 4 }))).toMatch(/byCategory: sums to 3, total is 4/);
    expect(errorsOf(FieldReportsValueSchema.safeParse({ ...reports, byCategory: { wastewater: 3 } }))).toMatch(/byCategory\.sidewalk-encroachment/);
    expect(errorsOf(FieldReportsValueSchema.safeParse({ ...reports, latest: [{ ...reports.latest[0], district: 'hanoi' }] }))).toMatch(/latest\[0\]\.district/);
  });

  it('check the on-time rate against the dossier totals', () => {
    const c = { received: 10, onTime: 6, late: 2, overdue: 1 };
    const v = { kind: 'public-services', period: '2021-07', totals: c, byLevel: { province: c, district: c, commune: c }, agencies: [], onTimeRate: 0.75 };
    expect(PublicServicesValueSchema.safeParse(v).success).toBe(true);
    expect(errorsOf(PublicServicesValueSchema.safeParse({ ...v, onTimeRate: 0.9 }))).toMatch(/onTimeRate/);
    expect(errorsOf(PublicServicesValueSchema.safeParse({ ...v, totals: { ...c, overdue: 5 } }))).toMatch(/exceeds received/);
  });

  it('want KPI months in order and SOC counters that agree', () => {
    const k = { id: 'cpi', name: { vi: 'CPI', en: 'CPI' }, unit: '%', target: 4, higherIsBetter: false, monthly: [{ month: '2021-02', value: 2 }, { month: '2021-01', value: 3 }], yearToDate: 2.5 };
    expect(errorsOf(KpiSeriesSchema.safeParse(k))).toMatch(/months must be increasing/);
    const soc = { kind: 'soc-alerts', bySeverity: { critical: 1, high: 0, medium: 0, low: 0 }, byStatus: { new: 0, investigating: 0, contained: 0, resolved: 0 }, latest: [] };
    expect(errorsOf(SocAlertsValueSchema.safeParse(soc))).toMatch(/byStatus: sums to 0, bySeverity to 1/);
  });

  it('refuse an envelope whose value is of another kind', () => {
    const env = { feedId: 'fr', kind: 'soc-alerts', value: reports, asOf: 1, stale: false, receivedAt: 2 };
    expect(errorsOf(FeedEnvelopeSchema.safeParse(env))).toMatch(/value\.kind: does not match the feed kind/);
    expect(FeedEnvelopeSchema.safeParse({ ...env, kind: 'field-reports' }).success).toBe(true);
  });
});
