import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { wallCanvasSize } from '@ioc/layout-presets';
import type { Tile } from '@ioc/protocol';
import { Mimic } from '../../components/Mimic';
import { useLive } from '../../state/live';
import { CameraPicker, useCameraState } from './CameraPicker';
import { EscalateForm } from './EscalateForm';
import { EscalationQueue, RecentClosed } from './EscalationLists';
import { LivePreview } from './LivePreview';
import { PtzPanel } from './PtzPanel';
import './duty.css';

/**
 * The duty officer's workspace: choose a camera (search, district, or a tile of a wall), see it
 * live, steer it if it has PTZ, escalate it to the command wall with a reason and a priority;
 * the queue of open escalations to acknowledge and close; the closed ones with their clips.
 */
export default function DutyWorkspace() {
  const { t } = useTranslation('duty');
  const [cameraId, setCameraId] = useState<string | null>(null);
  const [picked, setPicked] = useState<{ wallId: string; tileId: string } | null>(null);
  const walls = useLive((s) => s.walls);

  const choose = useCallback((id: string) => {
    setCameraId(id);
    setPicked(null);
  }, []);

  return (
    <section className="workspace duty-workspace" data-workspace="duty" aria-label={t('title')}>
      <div className="duty-walls">
        {walls.map((w) => {
          const canvas = wallCanvasSize(w);
          return (
            <div key={w.id} className="duty-wall" style={{ flexGrow: canvas.w / canvas.h }}>
              <Mimic
                wallId={w.id}
                selectedTileId={picked?.wallId === w.id ? picked.tileId : null}
                canActivate={(tile: Tile) => tile.source.kind === 'camera'}
                onTileActivate={(tile: Tile) => {
                  // Only camera tiles hold a camera to escalate.
                  if (tile.source.kind !== 'camera') return;
                  setCameraId(tile.source.cameraId);
                  setPicked({ wallId: w.id, tileId: tile.id });
                }}
              />
            </div>
          );
        })}
      </div>
      <div className="duty-columns">
        <CameraPicker selectedId={cameraId} onSelect={choose} />
        <SelectedCamera cameraId={cameraId} />
        <div className="duty-side">
          <EscalationQueue onShowCamera={choose} />
          <RecentClosed />
        </div>
      </div>
    </section>
  );
}

function SelectedCamera({ cameraId }: { cameraId: string | null }) {
  const { t } = useTranslation('duty');
  const camera = useLive((s) => (cameraId ? s.cameras.find((c) => c.id === cameraId) : undefined));
  const state = useCameraState(camera);
  if (!camera) {
    return (
      <section className="panel duty-selected empty" aria-labelledby="duty-selected-title">
        <h2 id="duty-selected-title">{t('selected.title')}</h2>
        <p className="hint">{cameraId ? t('selected.gone', { id: cameraId }) : t('selected.none')}</p>
      </section>
    );
  }
  const profile = camera.subUrl ? 'sub' : 'main';
  return (
    <section className="panel duty-selected" aria-labelledby="duty-selected-title" data-camera-id={camera.id}>
      <h2 id="duty-selected-title">
        {camera.name} <span className="duty-camera-meta">{[camera.id, camera.district].filter(Boolean).join(' · ')}</span>
      </h2>
      <p className="hint">
        {t('selected.stream', { state: t(`stream.${state}`, { defaultValue: t('stream.unknown') }) })}
        {camera.onvifAddress ? ` · ${t('selected.ptz')}` : ` · ${t('selected.noPtz')}`}
      </p>
      <div className="duty-selected-body">
        <div className={`duty-live${camera.onvifAddress ? ' with-ptz' : ''}`}>
          <LivePreview key={`preview-${camera.id}`} cameraId={camera.id} profile={profile} label={camera.name} />
          {camera.onvifAddress ? <PtzPanel key={`ptz-${camera.id}`} cameraId={camera.id} /> : null}
        </div>
        <EscalateForm key={`form-${camera.id}`} camera={camera} />
      </div>
    </section>
  );
}
