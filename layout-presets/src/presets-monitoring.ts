import type { Layout, Source, Tile } from '@ioc/protocol';
import { demoCamera, gridTiles } from './grid-tiles';

const WALL = 'monitoring';
const LOCAL_TZ = 'Asia/Ho_Chi_Minh';

const label = (text: string, background?: string): Source =>
  background ? { kind: 'label', text, background } : { kind: 'label', text };

const widget = (feedId: string, view: string, options?: Record<string, unknown>): Source =>
  options ? { kind: 'widget', feedId, view, options } : { kind: 'widget', feedId, view };

const tile = (id: string, x: number, y: number, w: number, h: number, source: Source, extra: Partial<Tile> = {}): Tile => ({
  id,
  rect: { x, y, w, h },
  source,
  z: 0,
  ...extra,
});

const camLabel = (n: number) => `Camera ${n + 1}`;

export const MONITORING_PRESETS: Layout[] = [
  {
    id: 'mon-overview',
    wallId: WALL,
    name: 'Tổng quan / Overview',
    description: 'City map across 3x2 screens, camera grid beside it, clock and status below.',
    builtin: true,
    tiles: [
      tile('map', 0, 0, 3, 2, label('Bản đồ tổng quan thành phố — City overview map', '#0b2a4a'), {
        label: 'Bản đồ / Map',
      }),
      ...gridTiles({ idPrefix: 'cam', area: { x: 3, y: 0, w: 6, h: 2 }, perSide: 2, source: demoCamera, label: camLabel }),
      tile('clock', 0, 2, 1, 1, { kind: 'clock', timeZone: LOCAL_TZ, showDate: true }),
      tile('status', 1, 2, 2, 1, label('Trung tâm Giám sát, Điều hành Đô thị thông minh (IOC)', '#102030')),
      ...gridTiles({
        idPrefix: 'cam-row',
        area: { x: 3, y: 2, w: 6, h: 1 },
        perSide: 1,
        source: (n) => demoCamera(n + 2),
        label: camLabel,
      }),
    ],
  },
  {
    id: 'mon-cameras-16',
    wallId: WALL,
    name: 'Camera 16 / 9 / 4',
    description: '16 cameras per screen on columns 1-3, 9 on columns 4-6, 4 on columns 7-9.',
    builtin: true,
    tiles: [
      ...gridTiles({ idPrefix: 'cam16', area: { x: 0, y: 0, w: 3, h: 3 }, perSide: 4, source: demoCamera }),
      ...gridTiles({ idPrefix: 'cam9', area: { x: 3, y: 0, w: 3, h: 3 }, perSide: 3, source: demoCamera }),
      ...gridTiles({ idPrefix: 'cam4', area: { x: 6, y: 0, w: 3, h: 3 }, perSide: 2, source: demoCamera }),
    ],
  },
  {
    id: 'mon-cameras-9',
    wallId: WALL,
    name: 'Camera 9 / màn hình',
    description: '9 cameras on every screen.',
    builtin: true,
    tiles: gridTiles({ idPrefix: 'cam', area: { x: 0, y: 0, w: 9, h: 3 }, perSide: 3, source: demoCamera, label: camLabel }),
  },
  {
    id: 'mon-cameras-4',
    wallId: WALL,
    name: 'Camera 4 / màn hình',
    description: '4 cameras on every screen.',
    builtin: true,
    tiles: gridTiles({ idPrefix: 'cam', area: { x: 0, y: 0, w: 9, h: 3 }, perSide: 2, source: demoCamera, label: camLabel }),
  },
  {
    id: 'mon-calibration',
    wallId: WALL,
    name: 'Hiệu chỉnh / Calibration',
    description: 'One grid across the whole wall: straight lines must stay straight across bezels.',
    builtin: true,
    tiles: [tile('grid', 0, 0, 9, 3, { kind: 'test-pattern', pattern: 'grid' })],
  },
  {
    id: 'mon-clock-labels',
    wallId: WALL,
    name: 'Đồng hồ & nhãn / Clocks and labels',
    description: 'Banner, clocks and labels that straddle bezels (x 0.5-2.5 and so on).',
    builtin: true,
    tiles: [
      tile('backdrop', 0, 0, 9, 3, label('', '#0a0f1a'), { z: -1 }),
      tile('banner', 0.5, 0.25, 8, 0.5, label('Trung tâm Giám sát, Điều hành Đô thị thông minh — Intelligent Operations Center', '#12324f')),
      tile('clock-local', 0.5, 1, 2, 1, { kind: 'clock', timeZone: LOCAL_TZ, showDate: true }, { label: 'Giờ Việt Nam' }),
      tile('clock-utc', 3.5, 1, 2, 1, { kind: 'clock', timeZone: 'UTC', showDate: true }, { label: 'UTC' }),
      tile('clock-tokyo', 6.5, 1, 2, 1, { kind: 'clock', timeZone: 'Asia/Tokyo' }, { label: 'Tokyo' }),
      tile('shift', 0.5, 2.25, 2, 0.5, label('Ca trực: Sáng — Shift: Morning')),
      tile('hotline', 3.5, 2.25, 2, 0.5, label('Đường dây nóng / Hotline: 1022')),
      tile('weather', 6.5, 2.25, 2, 0.5, label('Buôn Ma Thuột 27°C — nắng / sunny')),
    ],
  },
  {
    id: 'mon-ioc-overview',
    wallId: WALL,
    name: 'Dịch vụ IOC / IOC services',
    description: 'Dashboards of the four IOC services on columns 1-6, cameras on columns 7-9.',
    builtin: true,
    tiles: [
      tile('fr-counters', 0, 0, 2, 1, widget('field-reports', 'counter-board'), { label: 'Phản ánh hiện trường' }),
      tile('fr-districts', 0, 1, 2, 1, widget('field-reports', 'ranked-list', { groupBy: 'district' })),
      tile('ps-kpi', 2, 0, 2, 1, widget('public-services', 'kpi-cards'), { label: 'Dịch vụ công trực tuyến' }),
      tile('ps-agencies', 2, 1, 2, 1, widget('public-services', 'bar-chart', { groupBy: 'agency' })),
      tile('se-kpi', 4, 0, 2, 1, widget('socio-economic', 'kpi-cards'), { label: 'Chỉ tiêu kinh tế - xã hội' }),
      tile('se-trend', 4, 1, 2, 1, widget('socio-economic', 'line-chart')),
      tile('soc-counters', 0, 2, 2, 1, widget('soc-alerts', 'counter-board'), { label: 'An toàn thông tin (SOC)' }),
      tile('soc-ticker', 2, 2, 4, 1, widget('soc-alerts', 'alert-ticker')),
      ...gridTiles({ idPrefix: 'cam', area: { x: 6, y: 0, w: 3, h: 3 }, perSide: 2, source: demoCamera, label: camLabel }),
    ],
  },
];
