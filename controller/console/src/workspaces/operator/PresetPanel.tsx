import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Layout, WallSpec } from '@ioc/protocol';

const U = { w: 16, h: 9 };

/** A small drawing of a preset's tiles over the wall's screens. */
export const PresetPreview = memo(function PresetPreview({ wall, layout }: { wall: WallSpec; layout: Layout }) {
  const w = wall.cols * U.w;
  const h = wall.rows * U.h;
  const lines = [];
  for (let c = 1; c < wall.cols; c++) lines.push(<line key={`c${c}`} x1={c * U.w} y1={0} x2={c * U.w} y2={h} />);
  for (let r = 1; r < wall.rows; r++) lines.push(<line key={`r${r}`} x1={0} y1={r * U.h} x2={w} y2={r * U.h} />);
  const tiles = [...layout.tiles].sort((a, b) => (a.z ?? 0) - (b.z ?? 0));
  return (
    <svg className="preset-preview" viewBox={`0 0 ${w} ${h}`} aria-hidden="true" focusable="false">
      <rect className="preset-wall" x="0" y="0" width={w} height={h} />
      {tiles.map((t) => (
        <rect
          key={t.id}
          className={`preset-tile kind-${t.source.kind}`}
          x={t.rect.x * U.w + 0.3}
          y={t.rect.y * U.h + 0.3}
          width={Math.max(0.4, t.rect.w * U.w - 0.6)}
          height={Math.max(0.4, t.rect.h * U.h - 0.6)}
        />
      ))}
      <g className="preset-bezels">{lines}</g>
    </svg>
  );
});

export interface PresetPanelProps {
  wall: WallSpec;
  layouts: readonly Layout[];
  currentLayoutId: string | null;
  busyLayoutId: string | null;
  onApply: (layout: Layout) => void;
}

/** The wall's presets as cards with previews; the first nine answer to the number keys 1-9. */
export const PresetPanel = memo(function PresetPanel({ wall, layouts, currentLayoutId, busyLayoutId, onApply }: PresetPanelProps) {
  const { t } = useTranslation('operator');
  if (layouts.length === 0) return <p className="hint">{t('presets.none')}</p>;
  return (
    <ol className="preset-list" aria-label={t('presets.title')}>
      {layouts.map((l, i) => {
        const key = i < 9 ? String(i + 1) : null;
        const busy = busyLayoutId === l.id;
        const current = currentLayoutId === l.id;
        return (
          <li key={l.id}>
            <button
              type="button"
              className={`preset-card${current ? ' current' : ''}`}
              data-layout-id={l.id}
              aria-keyshortcuts={key ?? undefined}
              aria-busy={busy || undefined}
              aria-current={current || undefined}
              title={l.description}
              onClick={() => onApply(l)}
            >
              <PresetPreview wall={wall} layout={l} />
              <span className="preset-meta">
                {key ? <kbd className="preset-key">{key}</kbd> : null}
                <span className="preset-name">{l.name}</span>
              </span>
              <span className="preset-state">
                {busy ? t('presets.applying') : current ? t('presets.current') : l.builtin ? t('presets.builtin') : t('presets.saved')}
              </span>
            </button>
          </li>
        );
      })}
    </ol>
  );
});
