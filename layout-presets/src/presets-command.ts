import type { Layout, Source, Tile } from '@ioc/protocol';
import { demoCamera, gridTiles } from './grid-tiles';

const WALL = 'command';

const tile = (id: string, x: number, y: number, w: number, h: number, source: Source, extra: Partial<Tile> = {}): Tile => ({
  id,
  rect: { x, y, w, h },
  source,
  z: 0,
  ...extra,
});

const clock: Source = { kind: 'clock', timeZone: 'Asia/Ho_Chi_Minh', showDate: true };

export const COMMAND_PRESETS: Layout[] = [
  {
    id: 'cmd-default',
    wallId: WALL,
    name: 'Mặc định / Default',
    description: '4 cameras per screen on the top two rows; clock and room label below.',
    builtin: true,
    tiles: [
      ...gridTiles({ idPrefix: 'cam', area: { x: 0, y: 0, w: 3, h: 2 }, perSide: 2, source: demoCamera }),
      tile('clock', 0, 2, 1, 1, clock),
      tile('title', 1, 2, 2, 0.5, { kind: 'label', text: 'Phòng Chỉ huy — Command room', background: '#12324f' }),
      tile('note', 1, 2.5, 2, 0.5, { kind: 'label', text: 'Không có sự cố đang xử lý / No active incident' }),
    ],
  },
  {
    id: 'cmd-incident',
    wallId: WALL,
    name: 'Sự cố / Incident',
    description: 'The incident camera over 2x2 screens; the escalation replaces its source.',
    builtin: true,
    tiles: [
      tile('incident', 0, 0, 2, 2, { kind: 'camera', cameraId: 'demo-cam-1', stream: 'main' }, {
        role: 'incident',
        label: 'Sự cố / Incident',
      }),
      ...gridTiles({ idPrefix: 'side', area: { x: 2, y: 0, w: 1, h: 2 }, perSide: 2, source: (n) => demoCamera(n + 1) }),
      tile('clock', 0, 2, 1, 1, clock),
      tile('incident-info', 1, 2, 1, 1, { kind: 'label', text: 'Thông tin sự cố / Incident details', background: '#4a0b0b' }),
      tile('cam-extra', 2, 2, 1, 1, { kind: 'camera', cameraId: 'demo-cam-2', stream: 'auto' }),
    ],
  },
  {
    id: 'cmd-calibration',
    wallId: WALL,
    name: 'Hiệu chỉnh / Calibration',
    description: 'One grid across the whole wall.',
    builtin: true,
    tiles: [tile('grid', 0, 0, 3, 3, { kind: 'test-pattern', pattern: 'grid' })],
  },
  {
    id: 'cmd-quad',
    wallId: WALL,
    name: 'Camera 4 / màn hình',
    description: '4 cameras on every screen.',
    builtin: true,
    tiles: gridTiles({ idPrefix: 'cam', area: { x: 0, y: 0, w: 3, h: 3 }, perSide: 2, source: demoCamera }),
  },
];
