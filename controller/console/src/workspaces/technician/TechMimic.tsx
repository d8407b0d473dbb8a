import { useLayoutEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { screenViewport, wallCanvasSize } from '@ioc/layout-presets';
import { Mimic } from '../../components/Mimic';
import { useLive } from '../../state/live';

export interface Position {
  wallId: string;
  col: number;
  row: number;
}

/**
 * The shared mimic with a button over each screen: an empty position picks where to pair, a
 * paired screen selects it (health, screenshot, replace). The buttons sit exactly over the
 * mimic's canvas, measured, so they follow its size.
 */
export function TechMimic(p: { wallId: string; picked: Position | null; selectedScreenId: string | null; onPickEmpty: (pos: Position) => void; onPickScreen: (screenId: string) => void }) {
  const { t } = useTranslation('technician');
  const wall = useLive((s) => s.walls.find((w) => w.id === p.wallId));
  const screens = useLive((s) => s.sync[p.wallId]?.screens);
  const wrap = useRef<HTMLDivElement>(null);
  const [box, setBox] = useState<{ left: number; top: number; width: number; height: number } | null>(null);

  useLayoutEffect(() => {
    const el = wrap.current;
    if (!el) return;
    const measure = () => {
      const canvas = el.querySelector<HTMLElement>('.mimic-canvas');
      if (!canvas) return setBox(null);
      const a = el.getBoundingClientRect();
      const b = canvas.getBoundingClientRect();
      setBox({ left: b.left - a.left, top: b.top - a.top, width: b.width, height: b.height });
    };
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    const canvas = el.querySelector('.mimic-canvas');
    if (canvas) ro.observe(canvas);
    return () => ro.disconnect();
  }, [p.wallId, wall]);

  if (!wall) return null;
  const canvas = wallCanvasSize(wall);
  const pct = (v: number, of: number) => `${((v / of) * 100).toFixed(4)}%`;
  const cells = [];
  for (let row = 0; row < wall.rows; row++) {
    for (let col = 0; col < wall.cols; col++) {
      const s = screens?.find((x) => x.col === col && x.row === row);
      const v = screenViewport(wall, col, row);
      const picked = !s && p.picked?.wallId === wall.id && p.picked.col === col && p.picked.row === row;
      const selected = Boolean(s && s.screenId === p.selectedScreenId);
      cells.push(
        <button
          key={`${col},${row}`}
          type="button"
          className={`tech-mimic-cell${s ? ' paired' : ' empty'}${picked || selected ? ' picked' : ''}`}
          data-col={col}
          data-row={row}
          data-screen-id={s?.screenId}
          aria-pressed={picked || selected}
          aria-label={s ? t('mimic.selectScreen', { id: s.screenId, col, row }) : t('mimic.pickEmpty', { col, row })}
          title={s ? t('mimic.selectScreen', { id: s.screenId, col, row }) : t('mimic.pickEmpty', { col, row })}
          style={{ left: pct(v.x, canvas.w), top: pct(v.y, canvas.h), width: pct(v.w, canvas.w), height: pct(v.h, canvas.h) }}
          onClick={() => (s ? p.onPickScreen(s.screenId) : p.onPickEmpty({ wallId: wall.id, col, row }))}
        >
          {s ? null : <span className="tech-mimic-plus">+</span>}
        </button>,
      );
    }
  }
  return (
    <div className="tech-mimic" ref={wrap}>
      <Mimic wallId={p.wallId} />
      {box ? (
        <div className="tech-mimic-overlay" style={{ left: box.left, top: box.top, width: box.width, height: box.height }}>
          {cells}
        </div>
      ) : null}
    </div>
  );
}
