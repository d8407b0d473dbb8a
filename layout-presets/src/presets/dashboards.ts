import type { Layout, Source, Tile } from '@ioc/protocol';
import { demoCamera, gridTiles } from '../grid-tiles';

/**
 * One dashboard preset per IOC service on the monitoring wall (9 x 3 screens): the service's
 * widgets on the left 3 x 3 screens, live cameras on the other six columns, so the room
 * watches the service and the city at once. Feed ids are the gateway's demo feeds.
 */
const WALL = 'monitoring';

const widget = (feedId: string, view: string, options?: Record<string, unknown>): Source =>
  options ? { kind: 'widget', feedId, view, options } : { kind: 'widget', feedId, view };

const tile = (id: string, x: number, y: number, w: number, h: number, source: Source, label?: string): Tile => ({
  id,
  rect: { x, y, w, h },
  source,
  z: 0,
  ...(label ? { label } : {}),
});

const cameras = (): Tile[] =>
  gridTiles({ idPrefix: 'cam', area: { x: 3, y: 0, w: 6, h: 3 }, perSide: 2, source: demoCamera, label: (n) => `Camera ${(n % 4) + 1}` });

const dashboard = (id: string, name: string, description: string, widgets: Tile[]): Layout => ({
  id,
  wallId: WALL,
  name,
  description,
  builtin: true,
  tiles: [...widgets, ...cameras()],
});

export const DASHBOARD_PRESETS: Layout[] = [
  dashboard('mon-dash-field-reports', 'Phản ánh hiện trường / Field reports', 'Citizen field reports on columns 1-3, cameras on 4-9.', [
    tile('fr-counters', 0, 0, 2, 1, widget('field-reports', 'counter-board'), 'Phản ánh hiện trường'),
    tile('fr-districts', 2, 0, 1, 1, widget('field-reports', 'ranked-list'), 'Theo địa bàn'),
    tile('fr-categories', 0, 1, 2, 1, widget('field-reports', 'bar-chart', { by: 'category' }), 'Theo lĩnh vực'),
    tile('fr-daily', 2, 1, 1, 1, widget('field-reports', 'line-chart'), 'Theo ngày'),
    tile('fr-latest', 0, 2, 3, 1, widget('field-reports', 'alert-ticker'), 'Phản ánh mới nhất'),
  ]),
  dashboard('mon-dash-public-services', 'Dịch vụ công / Public services', 'Online public-service dossiers on columns 1-3, cameras on 4-9.', [
    tile('ps-kpi', 0, 0, 3, 1, widget('public-services', 'kpi-cards'), 'Dịch vụ công trực tuyến'),
    tile('ps-counters', 0, 1, 1, 1, widget('public-services', 'counter-board'), 'Hồ sơ'),
    tile('ps-agencies', 1, 1, 2, 1, widget('public-services', 'bar-chart'), 'Hồ sơ tiếp nhận theo cơ quan'),
    tile('ps-ranking', 0, 2, 3, 1, widget('public-services', 'ranked-list'), 'Tỷ lệ đúng hạn theo cơ quan'),
  ]),
  dashboard('mon-dash-socio-economic', 'Kinh tế - xã hội / Socio-economic', 'Socio-economic indicators against targets on columns 1-3, cameras on 4-9.', [
    tile('se-kpi', 0, 0, 3, 1, widget('socio-economic', 'kpi-cards'), 'Chỉ tiêu kinh tế - xã hội'),
    tile('se-grdp', 0, 1, 1.5, 1, widget('socio-economic', 'line-chart', { indicator: 'grdp-growth' }), 'Tăng trưởng GRDP'),
    tile('se-cpi', 1.5, 1, 1.5, 1, widget('socio-economic', 'line-chart', { indicator: 'cpi' }), 'CPI'),
    tile('se-progress', 0, 2, 3, 1, widget('socio-economic', 'ranked-list'), 'Mức hoàn thành kế hoạch'),
  ]),
  dashboard('mon-dash-soc-alerts', 'An ninh mạng / SOC alerts', 'Cybersecurity alerts on columns 1-3, cameras on 4-9.', [
    tile('soc-counters', 0, 0, 3, 1, widget('soc-alerts', 'counter-board'), 'Cảnh báo theo mức độ'),
    tile('soc-ticker', 0, 1, 3, 1, widget('soc-alerts', 'alert-ticker'), 'Cảnh báo mới nhất'),
    tile('soc-severity', 0, 2, 1.5, 1, widget('soc-alerts', 'bar-chart'), 'Mức độ'),
    tile('soc-targets', 1.5, 2, 1.5, 1, widget('soc-alerts', 'ranked-list'), 'Hệ thống bị nhắm tới'),
  ]),
];
