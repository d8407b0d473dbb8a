import { DISTRICTS, REPORT_CATEGORIES, REPORT_STATUSES } from '@ioc/protocol';
import type { District, FieldReport, FieldReportsValue, ReportCategory, ReportStatus } from '@ioc/protocol';
import { createRng } from './rng';
import type { FeedSimulator } from './simulator';

/**
 * The public pilot figures of the Dak Lak field-report app: 58 reports from 17 May to
 * 19 July 2021, 53 of them in Buon Ma Thuot, 18 of those resolved. The seed matches them
 * exactly; the breakdown by category and status beyond that is illustrative.
 */
export const PILOT = {
  from: Date.UTC(2021, 4, 16, 17, 0, 0), // 17 May 2021 00:00 in Vietnam (UTC+7)
  to: Date.UTC(2021, 6, 19, 16, 59, 59), // 19 July 2021 23:59:59 in Vietnam
  total: 58,
  buonMaThuot: 53,
  buonMaThuotResolved: 18,
} as const;

const VN_OFFSET_MS = 7 * 3600_000;
const STREETS = ['Lê Duẩn', 'Phan Bội Châu', 'Nguyễn Tất Thành', 'Y Jút', 'Hùng Vương', 'Trần Phú', 'Ngô Quyền', 'Lý Thường Kiệt', 'Mai Hắc Đế', 'Phan Chu Trinh', 'Y Wang', 'Nguyễn Công Trứ'];
const TITLES: Record<ReportCategory, string> = {
  'phone-number-violation': 'Số điện thoại rao vặt dán trên cột điện, đường',
  'sidewalk-encroachment': 'Lấn chiếm vỉa hè để kinh doanh trên đường',
  'advertising-violation': 'Biển quảng cáo sai quy định trên đường',
  'street-vending': 'Buôn bán hàng rong cản trở giao thông, đường',
  'unlicensed-construction': 'Xây dựng không phép trong hẻm đường',
  wastewater: 'Nước thải chảy tràn ra mặt đường',
  littering: 'Xả rác không đúng nơi quy định, đường',
  other: 'Phản ánh trật tự đô thị trên đường',
};
const CATEGORY_WEIGHTS: [ReportCategory, number][] = [
  ['sidewalk-encroachment', 16], ['advertising-violation', 9], ['street-vending', 8], ['phone-number-violation', 7],
  ['unlicensed-construction', 6], ['wastewater', 5], ['littering', 5], ['other', 2],
];
const NEW_DISTRICT_WEIGHTS: [District, number][] = [
  ['buon-ma-thuot', 85], ['buon-ho', 4], ['cu-mgar', 4], ['ea-kar', 3], ['krong-nang', 3], ['other', 1],
];
const NEXT_STATUS: Partial<Record<ReportStatus, ReportStatus>> = { received: 'assigned', assigned: 'processing', processing: 'resolved' };
const KEEP_REPORTS = 300;

const zeros = <K extends string>(keys: readonly K[]) => Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
const vnDate = (ms: number) => new Date(ms + VN_OFFSET_MS).toISOString().slice(0, 10);

export function createFieldReportsSimulator(seed: number): FeedSimulator {
  const rng = createRng(seed);
  const byCategory = zeros(REPORT_CATEGORIES);
  const byDistrict = zeros(DISTRICTS);
  const byStatus = zeros(REPORT_STATUSES);
  const daily = new Map<string, number>();
  let reports: FieldReport[] = []; // newest first
  let seq = 0;

  const title = (c: ReportCategory) => `${TITLES[c]} ${rng.pick(STREETS)}`;
  const add = (r: FieldReport) => {
    byCategory[r.category] += 1;
    byDistrict[r.district] += 1;
    byStatus[r.status] += 1;
    daily.set(vnDate(r.at), (daily.get(vnDate(r.at)) ?? 0) + 1);
    reports.unshift(r);
    if (reports.length > KEEP_REPORTS) reports = reports.slice(0, KEEP_REPORTS);
  };
  const newReport = (at: number, district: District, status: ReportStatus): FieldReport => {
    const category = rng.weighted(CATEGORY_WEIGHTS);
    seq += 1;
    return { id: `PA-${seq.toString().padStart(5, '0')}`, category, district, status, at, title: title(category) };
  };

  const seedPilot = () => {
    const others: District[] = ['buon-ho', 'buon-ho', 'cu-mgar', 'ea-kar', 'krong-nang'];
    const bmtStatuses: ReportStatus[] = [
      ...Array<ReportStatus>(PILOT.buonMaThuotResolved).fill('resolved'),
      ...Array<ReportStatus>(17).fill('processing'),
      ...Array<ReportStatus>(11).fill('assigned'),
      ...Array<ReportStatus>(PILOT.buonMaThuot - PILOT.buonMaThuotResolved - 28).fill('received'),
    ];
    const otherStatuses: ReportStatus[] = ['processing', 'assigned', 'received', 'assigned', 'received'];
    const slots: { district: District; status: ReportStatus }[] = [
      ...bmtStatuses.map((status) => ({ district: 'buon-ma-thuot' as const, status })),
      ...others.map((district, i) => ({ district, status: otherStatuses[i]! })),
    ];
    for (let i = slots.length - 1; i > 0; i--) {
      const j = rng.int(0, i);
      [slots[i], slots[j]] = [slots[j]!, slots[i]!];
    }
    const span = PILOT.to - PILOT.from;
    slots.forEach((s, i) => {
      const at = Math.round(PILOT.from + (span * (i + rng.next() * 0.9)) / slots.length);
      add(newReport(at, s.district, s.status));
    });
  };

  const value = (): FieldReportsValue => ({
    kind: 'field-reports',
    total: Object.values(byCategory).reduce((a, b) => a + b, 0),
    byCategory: { ...byCategory },
    byDistrict: { ...byDistrict },
    byStatus: { ...byStatus },
    latest: reports.slice(0, 12),
    daily: [...daily.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).slice(-120).map(([date, count]) => ({ date, count })),
  });

  return {
    defaultIntervalMs: 20_000,
    initial() {
      if (seq === 0) seedPilot();
      return value();
    },
    step(now) {
      if (seq === 0) seedPilot();
      const open = reports.filter((r) => r.status !== 'resolved');
      if (rng.next() < 0.6 || open.length === 0) {
        add(newReport(now, rng.weighted(NEW_DISTRICT_WEIGHTS), 'received'));
      } else {
        const r = rng.pick(open);
        const next = NEXT_STATUS[r.status]!;
        byStatus[r.status] -= 1;
        byStatus[next] += 1;
        const i = reports.indexOf(r);
        reports[i] = { ...r, status: next };
      }
      return value();
    },
  };
}
