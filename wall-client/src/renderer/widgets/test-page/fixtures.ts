import type { FieldReportsValue, PublicServicesValue, SocAlertsValue, SocioEconomicValue } from '@ioc/protocol';

/** Static feed values for the widget browser tests: known numbers make the drawing checkable. */
const T0 = Date.UTC(2021, 6, 19, 3, 0); // 10:00 in Buon Ma Thuot

export const FIELD_REPORTS: FieldReportsValue = {
  kind: 'field-reports',
  total: 58,
  byCategory: {
    'phone-number-violation': 6,
    'sidewalk-encroachment': 17,
    'advertising-violation': 9,
    'street-vending': 8,
    'unlicensed-construction': 7,
    wastewater: 5,
    littering: 4,
    other: 2,
  },
  byDistrict: { 'buon-ma-thuot': 53, 'buon-ho': 2, 'cu-mgar': 1, 'ea-kar': 1, 'krong-nang': 1, other: 0 },
  byStatus: { received: 8, assigned: 13, processing: 19, resolved: 18 },
  latest: [
    { id: 'PA-00058', category: 'sidewalk-encroachment', district: 'buon-ma-thuot', status: 'received', at: T0, title: 'Lấn chiếm vỉa hè để kinh doanh trên đường Lê Duẩn' },
    { id: 'PA-00057', category: 'wastewater', district: 'krong-nang', status: 'processing', at: T0 - 3600_000, title: 'Nước thải chảy tràn ra mặt đường' },
  ],
  daily: [
    { date: '2021-07-13', count: 1 },
    { date: '2021-07-14', count: 3 },
    { date: '2021-07-15', count: 0 },
    { date: '2021-07-16', count: 2 },
    { date: '2021-07-19', count: 4 },
  ],
};

const c = (received: number, onTime: number, late: number, overdue: number) => ({ received, onTime, late, overdue });
export const PUBLIC_SERVICES: PublicServicesValue = {
  kind: 'public-services',
  period: '2021-07',
  totals: c(3000, 2500, 100, 20),
  byLevel: { province: c(1800, 1500, 60, 10), district: c(900, 750, 30, 8), commune: c(300, 250, 10, 2) },
  agencies: [
    { id: 'so-tu-phap', name: { vi: 'Sở Tư pháp', en: 'Department of Justice' }, level: 'province', counts: c(800, 700, 10, 2) },
    { id: 'so-ke-hoach-dau-tu', name: { vi: 'Sở Kế hoạch và Đầu tư', en: 'Department of Planning and Investment' }, level: 'province', counts: c(1000, 800, 50, 8) },
    { id: 'ubnd-tp-buon-ma-thuot', name: { vi: 'UBND TP Buôn Ma Thuột', en: 'Buon Ma Thuot City People’s Committee' }, level: 'district', counts: c(900, 750, 30, 8) },
  ],
  onTimeRate: 2500 / 2600,
  onTimeTarget: 0.95,
};

export const SOCIO_ECONOMIC: SocioEconomicValue = {
  kind: 'socio-economic',
  year: 2021,
  indicators: [
    { id: 'grdp-growth', name: { vi: 'Tăng trưởng GRDP', en: 'GRDP growth' }, unit: '%', target: 7, higherIsBetter: true, monthly: [{ month: '2021-05', value: 5.9 }, { month: '2021-06', value: 6.4 }, { month: '2021-07', value: 7.3 }], yearToDate: 7.3 },
    { id: 'cpi', name: { vi: 'Chỉ số giá tiêu dùng (CPI)', en: 'Consumer price index (CPI)' }, unit: '%', target: 4, higherIsBetter: false, monthly: [{ month: '2021-06', value: 2.9 }, { month: '2021-07', value: 2.5 }], yearToDate: 2.7 },
    { id: 'budget-revenue', name: { vi: 'Thu ngân sách', en: 'Budget revenue' }, unit: 'tỷ đồng', target: 6500, higherIsBetter: true, targetBasis: 'annual-total', monthly: [{ month: '2021-06', value: 540 }, { month: '2021-07', value: 510 }], yearToDate: 3900 },
  ],
};

export const SOC_ALERTS: SocAlertsValue = {
  kind: 'soc-alerts',
  bySeverity: { critical: 2, high: 5, medium: 9, low: 14 },
  byStatus: { new: 3, investigating: 4, contained: 5, resolved: 18 },
  latest: [
    { id: 'SOC-000030', severity: 'critical', source: 'WAF', target: 'Cổng dịch vụ công tỉnh', status: 'new', at: T0, title: 'Tấn công từ chối dịch vụ (DDoS)' },
    { id: 'SOC-000029', severity: 'high', source: 'EDR', target: 'Trung tâm dữ liệu tỉnh', status: 'investigating', at: T0 - 600_000, title: 'Phát hiện mã độc trên máy trạm' },
    { id: 'SOC-000028', severity: 'low', source: 'IDS', target: 'Hệ thống camera IOC', status: 'resolved', at: T0 - 1800_000, title: 'Dò quét cổng từ địa chỉ IP lạ' },
  ],
};

export const FIXTURES = { 'field-reports': FIELD_REPORTS, 'public-services': PUBLIC_SERVICES, 'socio-economic': SOCIO_ECONOMIC, 'soc-alerts': SOC_ALERTS };
