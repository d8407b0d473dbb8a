import { ADMIN_LEVELS } from '@ioc/protocol';
import type { AdminLevel, AgencyDossiers, DossierCounts, PublicServicesValue } from '@ioc/protocol';
import { createRng } from './rng';
import type { FeedSimulator } from './simulator';

/** Dak Lak agencies on the provincial public-service portal; volumes are illustrative. */
const AGENCIES: { id: string; vi: string; en: string; level: AdminLevel; volume: number }[] = [
  { id: 'so-tu-phap', vi: 'Sở Tư pháp', en: 'Department of Justice', level: 'province', volume: 900 },
  { id: 'so-ke-hoach-dau-tu', vi: 'Sở Kế hoạch và Đầu tư', en: 'Department of Planning and Investment', level: 'province', volume: 1400 },
  { id: 'so-tai-nguyen-moi-truong', vi: 'Sở Tài nguyên và Môi trường', en: 'Department of Natural Resources and Environment', level: 'province', volume: 1700 },
  { id: 'so-giao-thong-van-tai', vi: 'Sở Giao thông Vận tải', en: 'Department of Transport', level: 'province', volume: 2100 },
  { id: 'so-xay-dung', vi: 'Sở Xây dựng', en: 'Department of Construction', level: 'province', volume: 500 },
  { id: 'so-lao-dong-tbxh', vi: 'Sở Lao động - Thương binh và Xã hội', en: 'Department of Labour, Invalids and Social Affairs', level: 'province', volume: 650 },
  { id: 'ubnd-tp-buon-ma-thuot', vi: 'UBND TP Buôn Ma Thuột', en: 'Buon Ma Thuot City People’s Committee', level: 'district', volume: 2600 },
  { id: 'ubnd-tx-buon-ho', vi: 'UBND TX Buôn Hồ', en: 'Buon Ho Town People’s Committee', level: 'district', volume: 800 },
  { id: 'ubnd-huyen-cu-mgar', vi: 'UBND huyện Cư M’gar', en: 'Cu M’gar District People’s Committee', level: 'district', volume: 750 },
  { id: 'ubnd-huyen-ea-kar', vi: 'UBND huyện Ea Kar', en: 'Ea Kar District People’s Committee', level: 'district', volume: 700 },
  { id: 'ubnd-huyen-krong-nang', vi: 'UBND huyện Krông Năng', en: 'Krong Nang District People’s Committee', level: 'district', volume: 600 },
  { id: 'ubnd-phuong-tan-loi', vi: 'UBND phường Tân Lợi', en: 'Tan Loi Ward People’s Committee', level: 'commune', volume: 420 },
  { id: 'ubnd-phuong-thang-loi', vi: 'UBND phường Thắng Lợi', en: 'Thang Loi Ward People’s Committee', level: 'commune', volume: 380 },
  { id: 'ubnd-xa-hoa-thang', vi: 'UBND xã Hòa Thắng', en: 'Hoa Thang Commune People’s Committee', level: 'commune', volume: 260 },
  { id: 'ubnd-xa-ea-tu', vi: 'UBND xã Ea Tu', en: 'Ea Tu Commune People’s Committee', level: 'commune', volume: 240 },
];

const add = (a: DossierCounts, b: DossierCounts): DossierCounts => ({
  received: a.received + b.received,
  onTime: a.onTime + b.onTime,
  late: a.late + b.late,
  overdue: a.overdue + b.overdue,
});
const ZERO: DossierCounts = { received: 0, onTime: 0, late: 0, overdue: 0 };

export function createPublicServicesSimulator(seed: number): FeedSimulator {
  const rng = createRng(seed ^ 0x5eed);
  // pending = received - onTime - late - overdue: dossiers still within their deadline.
  const agencies: AgencyDossiers[] = AGENCIES.map((a) => {
    const received = Math.round(a.volume * (0.85 + rng.next() * 0.3));
    const resolved = Math.round(received * (0.8 + rng.next() * 0.12));
    const late = Math.round(resolved * (0.005 + rng.next() * 0.06));
    const overdue = Math.round((received - resolved) * rng.next() * 0.15);
    return { id: a.id, name: { vi: a.vi, en: a.en }, level: a.level, counts: { received, onTime: resolved - late, late, overdue } };
  });

  const value = (): PublicServicesValue => {
    const totals = agencies.reduce((s, a) => add(s, a.counts), ZERO);
    const byLevel = Object.fromEntries(
      ADMIN_LEVELS.map((l) => [l, agencies.filter((a) => a.level === l).reduce((s, a) => add(s, a.counts), ZERO)]),
    ) as Record<AdminLevel, DossierCounts>;
    const resolved = totals.onTime + totals.late;
    return {
      kind: 'public-services',
      period: '2021',
      totals,
      byLevel,
      agencies: agencies.map((a) => ({ ...a, counts: { ...a.counts } })),
      onTimeRate: resolved === 0 ? 1 : totals.onTime / resolved,
      onTimeTarget: 0.95,
    };
  };

  return {
    defaultIntervalMs: 5_000,
    initial: value,
    step() {
      // A few dossiers arrive, some pending ones are resolved (mostly on time), a few lapse.
      for (let n = rng.int(1, 4); n > 0; n--) {
        const a = rng.weighted(agencies.map((x, i) => [x, AGENCIES[i]!.volume] as const));
        const c = a.counts;
        const r = rng.next();
        const pending = c.received - c.onTime - c.late - c.overdue;
        if (r < 0.45 || pending <= 0) c.received += 1;
        else if (r < 0.9) c.onTime += 1;
        else if (r < 0.96) c.late += 1;
        else c.overdue += 1;
      }
      return value();
    },
  };
}
