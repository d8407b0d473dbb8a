import type { AdminLevel, AlertStatus, District, FeedKind, ReportCategory, ReportStatus, Severity } from '@ioc/protocol';

export type Lang = 'vi' | 'en';

/** Everything a widget writes itself; data (agency and indicator names) brings both languages. */
export interface Labels {
  feeds: Record<FeedKind, string>;
  categories: Record<ReportCategory, string>;
  districts: Record<District, string>;
  reportStatuses: Record<ReportStatus, string>;
  levels: Record<AdminLevel, string>;
  severities: Record<Severity, string>;
  alertStatuses: Record<AlertStatus, string>;
  total: string;
  target: string;
  ytd: string;
  onTimeRate: string;
  received: string;
  onTime: string;
  late: string;
  overdue: string;
  reportsPerDay: string;
  noData: string;
  waiting: string;
  noFeedService: string;
  viewNotAvailable: (view: string) => string;
  dataAsOf: (hhmm: string) => string;
}

const vi: Labels = {
  feeds: {
    'field-reports': 'Phản ánh hiện trường',
    'public-services': 'Dịch vụ công trực tuyến',
    'socio-economic': 'Chỉ tiêu kinh tế - xã hội',
    'soc-alerts': 'Cảnh báo an ninh mạng (SOC)',
  },
  categories: {
    'phone-number-violation': 'Số điện thoại vi phạm',
    'sidewalk-encroachment': 'Lấn chiếm vỉa hè',
    'advertising-violation': 'Quảng cáo sai quy định',
    'street-vending': 'Bán hàng rong',
    'unlicensed-construction': 'Xây dựng không phép',
    wastewater: 'Nước thải',
    littering: 'Xả rác',
    other: 'Khác',
  },
  districts: {
    'buon-ma-thuot': 'Buôn Ma Thuột',
    'buon-ho': 'Buôn Hồ',
    'cu-mgar': 'Cư M’gar',
    'ea-kar': 'Ea Kar',
    'krong-nang': 'Krông Năng',
    other: 'Khác',
  },
  reportStatuses: { received: 'Tiếp nhận', assigned: 'Đã phân công', processing: 'Đang xử lý', resolved: 'Đã xử lý' },
  levels: { province: 'Cấp tỉnh', district: 'Cấp huyện', commune: 'Cấp xã' },
  severities: { critical: 'Nghiêm trọng', high: 'Cao', medium: 'Trung bình', low: 'Thấp' },
  alertStatuses: { new: 'Mới', investigating: 'Đang điều tra', contained: 'Đã ngăn chặn', resolved: 'Đã xử lý' },
  total: 'Tổng số',
  target: 'Mục tiêu',
  ytd: 'Lũy kế',
  onTimeRate: 'Tỷ lệ đúng hạn',
  received: 'Tiếp nhận',
  onTime: 'Đúng hạn',
  late: 'Trễ hạn',
  overdue: 'Quá hạn',
  reportsPerDay: 'Phản ánh mỗi ngày',
  noData: 'Chưa có dữ liệu',
  waiting: 'Đang chờ dữ liệu…',
  noFeedService: 'Không kết nối được máy chủ dữ liệu',
  viewNotAvailable: (v) => `Dạng hiển thị “${v}” không dùng được cho nguồn này`,
  dataAsOf: (t) => `dữ liệu lúc ${t}`,
};

const en: Labels = {
  feeds: {
    'field-reports': 'Field reports',
    'public-services': 'Online public services',
    'socio-economic': 'Socio-economic indicators',
    'soc-alerts': 'Cybersecurity alerts (SOC)',
  },
  categories: {
    'phone-number-violation': 'Violating phone numbers',
    'sidewalk-encroachment': 'Sidewalk encroachment',
    'advertising-violation': 'Advertising violations',
    'street-vending': 'Street vending',
    'unlicensed-construction': 'Unlicensed construction',
    wastewater: 'Wastewater',
    littering: 'Littering',
    other: 'Other',
  },
  districts: {
    'buon-ma-thuot': 'Buon Ma Thuot',
    'buon-ho': 'Buon Ho',
    'cu-mgar': 'Cu M’gar',
    'ea-kar': 'Ea Kar',
    'krong-nang': 'Krong Nang',
    other: 'Other',
  },
  reportStatuses: { received: 'Received', assigned: 'Assigned', processing: 'Processing', resolved: 'Resolved' },
  levels: { province: 'Province', district: 'District', commune: 'Commune' },
  severities: { critical: 'Critical', high: 'High', medium: 'Medium', low: 'Low' },
  alertStatuses: { new: 'New', investigating: 'Investigating', contained: 'Contained', resolved: 'Resolved' },
  total: 'Total',
  target: 'Target',
  ytd: 'Year to date',
  onTimeRate: 'On-time rate',
  received: 'Received',
  onTime: 'On time',
  late: 'Late',
  overdue: 'Overdue',
  reportsPerDay: 'Reports per day',
  noData: 'No data yet',
  waiting: 'Waiting for data…',
  noFeedService: 'Data server not connected',
  viewNotAvailable: (v) => `View “${v}” is not available for this feed`,
  dataAsOf: (t) => `data as of ${t}`,
};

export const LABELS: Record<Lang, Labels> = { vi, en };

export function formatNumber(v: number, lang: Lang, maxFractionDigits = 1): string {
  return new Intl.NumberFormat(lang === 'vi' ? 'vi-VN' : 'en-US', { maximumFractionDigits: maxFractionDigits }).format(v);
}

export function formatPercent(ratio: number, lang: Lang): string {
  return `${formatNumber(ratio * 100, lang, 1)}%`;
}

/** HH:MM, 24 h, in the screen's time zone unless the tile names one. */
export function formatHhMm(ms: number, timeZone?: string): string {
  return new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hour12: false, ...(timeZone ? { timeZone } : {}) }).format(ms);
}
