import { memo, useDeferredValue, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDraggable } from '@dnd-kit/core';
import { streamKey, useLive } from '../../state/live';
import { WidgetGlyph } from './TileThumb';
import { cameraSource, matches, sourceDragId, widgetSources, type SourceItem } from './tiles';
import { useWidgetName, useWidgetParts } from '../../components/tile-names';

export interface SourcePanelProps {
  selectedKey: string | null;
  onSelect: (item: SourceItem | null) => void;
}

/**
 * Cameras and widgets to put on the wall: searchable by name, district and id; each dragged onto
 * a mimic tile, or selected here (click, Enter) and then placed with a click or Enter on a tile.
 */
export const SourcePanel = memo(function SourcePanel({ selectedKey, onSelect }: SourcePanelProps) {
  const { t } = useTranslation('operator');
  const cameras = useLive((s) => s.cameras);
  const layouts = useLive((s) => s.layouts);
  const widgetName = useWidgetName();
  const [query, setQuery] = useState('');
  const q = useDeferredValue(query);

  const cameraItems = useMemo<SourceItem[]>(
    () => cameras.map((c) => ({ key: `camera:${c.id}`, kind: 'camera', camera: c, source: cameraSource(c.id) })),
    [cameras],
  );
  const widgets = useMemo(() => widgetSources(Object.values(layouts).flat()), [layouts]);
  const shownCameras = cameraItems.filter((i) => i.kind === 'camera' && matches(q, [i.camera.name, i.camera.district, i.camera.id]));
  const shownWidgets = widgets.filter((i) => i.kind === 'widget' && matches(q, [widgetName(i.feedId, i.view, i.source), i.feedId, i.view]));

  return (
    <section className="panel source-panel" aria-labelledby="op-sources-title">
      <h2 id="op-sources-title">{t('sources.title')}</h2>
      <label htmlFor="op-source-search">{t('sources.search')}</label>
      <input
        id="op-source-search"
        type="search"
        value={query}
        placeholder={t('sources.searchPlaceholder')}
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={(e) => e.key === 'Escape' && setQuery('')}
        autoComplete="off"
      />
      <p className="hint">{t('sources.howTo')}</p>
      <h3>{t('sources.cameras', { count: shownCameras.length })}</h3>
      {shownCameras.length === 0 ? <p className="hint">{query ? t('sources.noMatch') : t('sources.noCameras')}</p> : null}
      <ul className="source-list" aria-label={t('sources.camerasList')}>
        {shownCameras.map((i) => (
          <li key={i.key}>
            <SourceButton item={i} selected={selectedKey === i.key} onSelect={onSelect} />
          </li>
        ))}
      </ul>
      <h3>{t('sources.widgets', { count: shownWidgets.length })}</h3>
      {shownWidgets.length === 0 ? <p className="hint">{t('sources.noMatch')}</p> : null}
      <ul className="source-list" aria-label={t('sources.widgetsList')}>
        {shownWidgets.map((i) => (
          <li key={i.key}>
            <SourceButton item={i} selected={selectedKey === i.key} onSelect={onSelect} />
          </li>
        ))}
      </ul>
    </section>
  );
});

const SourceButton = memo(function SourceButton({ item, selected, onSelect }: { item: SourceItem; selected: boolean; onSelect: (i: SourceItem | null) => void }) {
  const { t } = useTranslation('operator');
  const widgetParts = useWidgetParts();
  const drag = useDraggable({ id: sourceDragId(item.key), data: { item }, attributes: { roleDescription: t('dnd.roleDescription') } });
  const streamState = useLive((s) => (item.kind === 'camera' ? s.streams[streamKey(item.camera.id, 'main')]?.state : undefined));
  const { role: _role, tabIndex: _tabIndex, ...aria } = drag.attributes;
  void _role;
  void _tabIndex;
  return (
    <button
      type="button"
      ref={drag.setNodeRef}
      {...aria}
      {...drag.listeners}
      className={`source-item kind-${item.kind}${drag.isDragging ? ' dragging' : ''}`}
      data-source-key={item.key}
      data-camera-id={item.kind === 'camera' ? item.camera.id : undefined}
      aria-pressed={selected}
      onClick={() => onSelect(selected ? null : item)}
    >
      {item.kind === 'camera' ? (
        <>
          <span className={`source-dot state-${streamState ?? 'unknown'}`} title={t(`streamState.${streamState ?? 'unknown'}`)} />
          <span className="source-name">{item.camera.name}</span>
          <span className="source-sub">
            {item.camera.district || t('sources.noDistrict')} · <code>{item.camera.id}</code>
          </span>
        </>
      ) : (
        <>
          <WidgetGlyph view={item.view} className="source-glyph" />
          <span className="source-name">{widgetParts(item.feedId, item.view, item.source).what}</span>
          <span className="source-sub">{widgetParts(item.feedId, item.view, item.source).feed}</span>
        </>
      )}
    </button>
  );
});
