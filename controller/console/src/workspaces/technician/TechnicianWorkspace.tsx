import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLive } from '../../state/live';
import { CamerasPanel } from './CamerasPanel';
import { PairPanel } from './PairPanel';
import { ReplacePanel } from './ReplacePanel';
import { ScreenHealthPanel } from './ScreenHealth';
import { TechMimic, type Position } from './TechMimic';
import { WallPanel } from './WallPanel';
import './technician.css';

/**
 * The technician's workspace: pair, identify, calibrate (bezels live), replace and watch the
 * health of screens; and the camera registry. One wall at a time on the mimic.
 */
export default function TechnicianWorkspace() {
  const { t } = useTranslation('technician');
  const walls = useLive((s) => s.walls);
  const [wallId, setWallId] = useState<string | null>(null);
  const [position, setPosition] = useState<Position | null>(null);
  const [selectedScreen, setSelectedScreen] = useState<string | null>(null);
  const [tab, setTab] = useState<'screens' | 'cameras'>(() => (location.hash.includes('cameras') ? 'cameras' : 'screens'));

  const current = walls.find((w) => w.id === wallId) ?? walls[0];
  useEffect(() => {
    if (current && !position) setPosition({ wallId: current.id, col: 0, row: 0 });
  }, [current, position]);

  if (!current || !position) return <section className="workspace" data-workspace="technician"><p className="hint">{t('loading')}</p></section>;

  const pickWall = (id: string) => {
    setWallId(id);
    setPosition({ wallId: id, col: 0, row: 0 });
  };

  return (
    <section className="workspace tech" data-workspace="technician" aria-label={t('title')}>
      <div className="tech-tabs" role="tablist" aria-label={t('title')}>
        {(['screens', 'cameras'] as const).map((id) => (
          <button key={id} id={`tech-tab-${id}`} role="tab" type="button" aria-selected={tab === id} aria-controls={`tech-panel-${id}`} onClick={() => setTab(id)}>
            {t(`tabs.${id}`)}
          </button>
        ))}
      </div>
      {tab === 'screens' ? (
        <div id="tech-panel-screens" role="tabpanel" aria-labelledby="tech-tab-screens" className="tech-screens">
          <div className="tech-wall-picker" role="group" aria-label={t('wallPicker')}>
            {walls.map((w) => (
              <button key={w.id} type="button" data-wall-id={w.id} aria-pressed={w.id === current.id} onClick={() => pickWall(w.id)}>
                {w.name}
              </button>
            ))}
          </div>
          <div className="tech-top">
            <div className="tech-mimic-col">
              <TechMimic
                wallId={current.id}
                picked={position}
                selectedScreenId={selectedScreen}
                onPickEmpty={(pos) => {
                  setPosition(pos);
                  document.getElementById('tech-pair-code')?.focus();
                }}
                onPickScreen={setSelectedScreen}
              />
              <p className="hint">{t('mimic.help')}</p>
            </div>
            <div className="tech-side">
              <PairPanel
                position={position}
                onPosition={(pos) => {
                  setPosition(pos);
                  if (pos.wallId !== current.id) setWallId(pos.wallId);
                }}
              />
            </div>
          </div>
          <div className="tech-middle">
            <WallPanel wallId={current.id} />
            <ReplacePanel selectedScreenId={selectedScreen} />
          </div>
          <ScreenHealthPanel selectedScreenId={selectedScreen} onSelect={setSelectedScreen} />
        </div>
      ) : (
        <div id="tech-panel-cameras" role="tabpanel" aria-labelledby="tech-tab-cameras">
          <CamerasPanel />
        </div>
      )}
    </section>
  );
}
