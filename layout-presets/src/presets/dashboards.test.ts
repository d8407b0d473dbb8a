import { LayoutSchema } from '@ioc/protocol';
import { describe, expect, it } from 'vitest';
import { validateLayout } from '../validate-layout';
import { formatLayoutIssues } from '../format-layout-issues';
import { MONITORING_WALL } from '../walls';
import { DASHBOARD_PRESETS } from './dashboards';

const DEMO_FEEDS = ['field-reports', 'public-services', 'socio-economic', 'soc-alerts'];
const VIEWS = ['kpi-cards', 'bar-chart', 'line-chart', 'ranked-list', 'alert-ticker', 'counter-board'];

describe('dashboard presets', () => {
  it('has one valid builtin monitoring-wall preset per IOC service, with unique ids', () => {
    expect(DASHBOARD_PRESETS).toHaveLength(4);
    expect(new Set(DASHBOARD_PRESETS.map((p) => p.id)).size).toBe(4);
    const services = DASHBOARD_PRESETS.map((p) => new Set(p.tiles.flatMap((t) => (t.source.kind === 'widget' ? [t.source.feedId] : []))));
    expect(services.map((s) => [...s])).toEqual(DEMO_FEEDS.map((f) => [f]));
    for (const p of DASHBOARD_PRESETS) {
      expect(LayoutSchema.parse(p)).toEqual(p);
      expect(p).toMatchObject({ wallId: 'monitoring', builtin: true });
      const r = validateLayout(MONITORING_WALL, p.tiles);
      expect(r.ok ? '' : formatLayoutIssues(r.issues)).toBe('');
    }
  });

  it('puts the widgets on the left 3 x 3 screens, exactly covering them, and demo cameras on the rest', () => {
    for (const p of DASHBOARD_PRESETS) {
      const widgets = p.tiles.filter((t) => t.source.kind === 'widget');
      const cams = p.tiles.filter((t) => t.source.kind === 'camera');
      expect(widgets.every((t) => t.rect.x + t.rect.w <= 3 && t.rect.y + t.rect.h <= 3)).toBe(true);
      expect(widgets.reduce((a, t) => a + t.rect.w * t.rect.h, 0)).toBeCloseTo(9, 6);
      expect(widgets.every((t) => t.source.kind === 'widget' && VIEWS.includes(t.source.view))).toBe(true);
      expect(cams.every((t) => t.rect.x >= 3)).toBe(true);
      expect(cams.reduce((a, t) => a + t.rect.w * t.rect.h, 0)).toBeCloseTo(18, 6);
      expect(new Set(cams.map((t) => (t.source.kind === 'camera' ? t.source.cameraId : '')))).toEqual(
        new Set(['demo-cam-1', 'demo-cam-2', 'demo-cam-3', 'demo-cam-4']),
      );
    }
  });
});
