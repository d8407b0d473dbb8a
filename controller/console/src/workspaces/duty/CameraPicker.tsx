import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Camera } from '@ioc/protocol';
import { streamKey, useLive } from '../../state/live';

/** Every district key the select offers: '' is "all", NO_DISTRICT the cameras without one. */
const ALL = '';
const NO_DISTRICT = ' none'; // districts are trimmed: none starts with a space

const fold = (s: string): string =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase();

/** The camera's main stream state as the gateway last reported it. */
export function useCameraState(camera: Camera | undefined): string {
  const pushed = useLive((s) => (camera ? s.streams[streamKey(camera.id, 'main')]?.state : undefined));
  return pushed ?? camera?.status?.main?.state ?? 'unknown';
}

function CameraRow({ camera, selected, onSelect }: { camera: Camera; selected: boolean; onSelect: (id: string) => void }) {
  const { t } = useTranslation('duty');
  const state = useCameraState(camera);
  return (
    <li>
      <button type="button" className="duty-camera" data-camera-id={camera.id} aria-pressed={selected} onClick={() => onSelect(camera.id)}>
        <span className={`duty-dot stream-${state}`} aria-hidden="true" />
        <span className="duty-camera-name">{camera.name}</span>
        <span className="duty-camera-meta">
          {camera.id}
          {camera.district ? ` · ${camera.district}` : ''}
        </span>
        <span className="duty-camera-tags">
          <span className="duty-tag">{t(`stream.${state}`, { defaultValue: t('stream.unknown') })}</span>
          {camera.onvifAddress ? <span className="duty-tag ptz">{t('picker.ptz')}</span> : null}
        </span>
      </button>
    </li>
  );
}

/** Choose a camera by name or id, narrowed by district. */
export function CameraPicker({ selectedId, onSelect }: { selectedId: string | null; onSelect: (id: string) => void }) {
  const { t } = useTranslation('duty');
  const cameras = useLive((s) => s.cameras);
  const [query, setQuery] = useState('');
  const [district, setDistrict] = useState(ALL);
  const districts = useMemo(() => [...new Set(cameras.map((c) => c.district.trim()).filter(Boolean))].sort((a, b) => a.localeCompare(b, 'vi')), [cameras]);
  const someWithout = cameras.some((c) => !c.district.trim());
  const shown = useMemo(() => {
    const q = fold(query.trim());
    return cameras
      .filter((c) => district === ALL || (district === NO_DISTRICT ? !c.district.trim() : c.district.trim() === district))
      .filter((c) => !q || fold(c.name).includes(q) || fold(c.id).includes(q))
      .sort((a, b) => a.name.localeCompare(b.name, 'vi'));
  }, [cameras, query, district]);

  return (
    <section className="panel duty-picker" aria-labelledby="duty-picker-title">
      <h2 id="duty-picker-title">{t('picker.title')}</h2>
      <label htmlFor="duty-camera-search">{t('picker.search')}</label>
      <input id="duty-camera-search" type="search" value={query} placeholder={t('picker.searchPlaceholder')} onChange={(e) => setQuery(e.target.value)} autoComplete="off" />
      <label htmlFor="duty-district">{t('picker.district')}</label>
      <select id="duty-district" value={district} onChange={(e) => setDistrict(e.target.value)}>
        <option value={ALL}>{t('picker.allDistricts')}</option>
        {districts.map((d) => (
          <option key={d} value={d}>
            {d}
          </option>
        ))}
        {someWithout ? <option value={NO_DISTRICT}>{t('picker.noDistrict')}</option> : null}
      </select>
      <p className="hint" aria-live="polite">
        {t('picker.count', { count: shown.length, total: cameras.length })}
      </p>
      <ul className="duty-camera-list">
        {shown.map((c) => (
          <CameraRow key={c.id} camera={c} selected={c.id === selectedId} onSelect={onSelect} />
        ))}
      </ul>
      <p className="hint">{t('picker.fromMimic')}</p>
    </section>
  );
}
