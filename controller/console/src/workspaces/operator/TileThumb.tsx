import { memo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { Tile } from '@ioc/protocol';
import { useSnapshot, useVisible } from './snapshots';

/** What a mimic tile shows under its label: a live camera picture, or a sketch of the widget. */
export const TileThumb = memo(function TileThumb({ tile }: { tile: Tile }) {
  const s = tile.source;
  if (s.kind === 'camera') return <CameraThumb cameraId={s.cameraId} />;
  if (s.kind === 'widget') return <WidgetGlyph view={s.view} className="thumb thumb-widget" />;
  return null;
});

function CameraThumb({ cameraId }: { cameraId: string }) {
  const { t } = useTranslation('operator');
  const ref = useRef<HTMLSpanElement>(null);
  const visible = useVisible(ref);
  const snap = useSnapshot(cameraId, visible);
  const state = snap.url ? (snap.failed ? 'stale' : 'picture') : snap.failed ? 'failed' : 'loading';
  return (
    <span ref={ref} className={`thumb thumb-camera thumb-${state}`} data-thumb-state={state} title={snap.failed ? t('thumb.noPicture') : undefined}>
      {snap.url ? <img src={snap.url} alt="" draggable={false} /> : null}
    </span>
  );
}

/** A small drawing of a widget view (its real data is on the wall; the mimic shows what kind). */
export function WidgetGlyph({ view, className }: { view: string; className?: string }) {
  return (
    <svg className={className} viewBox="0 0 40 24" preserveAspectRatio="xMidYMid meet" aria-hidden="true" focusable="false">
      {glyph(view)}
    </svg>
  );
}

function glyph(view: string) {
  switch (view) {
    case 'bar-chart':
      return [4, 11, 18, 25, 32].map((x, i) => <rect key={x} x={x} y={20 - [8, 14, 6, 16, 11][i]!} width="5" height={[8, 14, 6, 16, 11][i]} />);
    case 'line-chart':
      return <polyline points="3,18 10,13 17,15 24,7 31,10 37,4" fill="none" strokeWidth="2" />;
    case 'kpi-cards':
      return [3, 15, 27].map((x) => <rect key={x} x={x} y="6" width="10" height="12" rx="1.5" />);
    case 'ranked-list':
      return [5, 10, 15, 20].map((y, i) => <rect key={y} x="4" y={y - 2} width={30 - i * 6} height="3" />);
    case 'alert-ticker':
      return (
        <>
          <rect x="2" y="9" width="36" height="6" rx="1" className="glyph-alert" />
          <rect x="4" y="11" width="14" height="2" />
          <rect x="21" y="11" width="10" height="2" />
        </>
      );
    case 'counter-board':
      return [
        [3, 4],
        [21, 4],
        [3, 13],
        [21, 13],
      ].map(([x, y]) => <rect key={`${x},${y}`} x={x} y={y} width="16" height="7" rx="1" />);
    default:
      return <rect x="6" y="5" width="28" height="14" rx="2" />;
  }
}
