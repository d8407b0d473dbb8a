import { ALERT_STATUSES, SEVERITIES } from '@ioc/protocol';
import type { AlertStatus, Severity, SocAlert, SocAlertsValue } from '@ioc/protocol';
import { createRng } from './rng';
import type { FeedSimulator } from './simulator';

const SOURCES = ['IDS', 'WAF', 'EDR', 'SIEM', 'Firewall', 'DNS'];
const TARGETS = [
  'Cổng dịch vụ công tỉnh',
  'Hệ thống quản lý văn bản',
  'Thư điện tử công vụ',
  'Trung tâm dữ liệu tỉnh',
  'Hệ thống camera IOC',
  'Cổng thông tin điện tử tỉnh',
];
const TITLES: [string, Severity][] = [
  ['Dò quét cổng từ địa chỉ IP lạ', 'low'],
  ['Đăng nhập sai mật khẩu nhiều lần', 'medium'],
  ['Tấn công SQL injection bị chặn', 'high'],
  ['Phát hiện mã độc trên máy trạm', 'high'],
  ['Tấn công từ chối dịch vụ (DDoS)', 'critical'],
  ['Truy cập trái phép API quản trị', 'critical'],
  ['Tên miền giả mạo cổng dịch vụ công', 'medium'],
  ['Chứng chỉ SSL sắp hết hạn', 'low'],
];
const NEXT: Partial<Record<AlertStatus, AlertStatus>> = { new: 'investigating', investigating: 'contained', contained: 'resolved' };
const WINDOW_MS = 24 * 3600_000;

export function createSocAlertsSimulator(seed: number): FeedSimulator {
  const rng = createRng(seed ^ 0x50c);
  let alerts: SocAlert[] = []; // newest first, within the window
  let seq = 0;

  const make = (at: number, status: AlertStatus): SocAlert => {
    const [title, severity] = rng.weighted(TITLES.map((t) => [t, t[1] === 'critical' ? 1 : t[1] === 'high' ? 3 : 6] as const));
    seq += 1;
    return { id: `SOC-${seq.toString().padStart(6, '0')}`, severity, source: rng.pick(SOURCES), target: rng.pick(TARGETS), status, at, title };
  };

  const value = (now: number): SocAlertsValue => {
    alerts = alerts.filter((a) => now - a.at <= WINDOW_MS);
    const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
    const byStatus = Object.fromEntries(ALERT_STATUSES.map((s) => [s, 0])) as Record<AlertStatus, number>;
    for (const a of alerts) {
      bySeverity[a.severity] += 1;
      byStatus[a.status] += 1;
    }
    return { kind: 'soc-alerts', bySeverity, byStatus, latest: alerts.slice(0, 12) };
  };

  return {
    defaultIntervalMs: 12_000,
    initial(now) {
      if (seq === 0) {
        // A working day's backlog, mostly handled.
        for (let i = 40; i > 0; i--) {
          const age = i * rng.int(15, 30) * 60_000;
          alerts.push(make(now - age, age > 3 * 3600_000 ? 'resolved' : rng.pick(ALERT_STATUSES)));
        }
        alerts.sort((a, b) => b.at - a.at);
      }
      return value(now);
    },
    step(now) {
      const open = alerts.filter((a) => a.status !== 'resolved');
      if (rng.next() < 0.55 || open.length === 0) alerts.unshift(make(now, 'new'));
      else {
        const a = rng.pick(open);
        alerts[alerts.indexOf(a)] = { ...a, status: NEXT[a.status]! };
      }
      return value(now);
    },
  };
}
