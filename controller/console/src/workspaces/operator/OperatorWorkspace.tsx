import { cloneElement, memo, useCallback, useEffect, useMemo, useRef, useState, type ReactElement, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import {
  DndContext,
  DragOverlay,
  PointerSensor,
  pointerWithin,
  useDraggable,
  useDroppable,
  useSensor,
  useSensors,
  type Announcements,
  type CollisionDetection,
  type DragEndEvent,
  type DragStartEvent,
} from '@dnd-kit/core';
import { ApplyLayoutResultSchema, type ApplyLayoutResult, type Layout, type Tile, type WallState } from '@ioc/protocol';
import { ApiRequestError } from '../../api';
import { ErrorNote, errorCode } from '../../components/ErrorNote';
import { Mimic, screenStatus, type MimicTileBinding } from '../../components/Mimic';
import { useNow } from '../../components/use-now';
import { formatAge, formatTime } from '../../i18n';
import { can } from '../../permissions';
import { liveStore, reloadLayouts, useLive } from '../../state/live';
import { api, useSession } from '../../state/session';
import { useTileLabel, useWidgetName } from '../../components/tile-names';
import { PresetPanel } from './PresetPanel';
import { SourcePanel } from './SourcePanel';
import { TileThumb } from './TileThumb';
import { isTyping, parseDragId, replaceSource, swapTiles, tileDragId, type SourceItem } from './tiles';
import './operator.css';

const WALL_KEY = 'ioc.console.operator.wall';

/**
 * The operator's desk: one wall at a time (tabs), its live mimic with thumbnails, its presets
 * (one click or a number key), the source list dragged onto tiles, undo and "save as preset".
 * Every switch carries `ifVersion`, the version the operator sees: a later operator gets
 * VERSION_CONFLICT in place, never a silent overwrite.
 */
export default function OperatorWorkspace() {
  const { t } = useTranslation('operator');
  const walls = useLive((s) => s.walls);
  const [chosen, setChosen] = useState<string | null>(() => localStorage.getItem(WALL_KEY));
  const wallId = walls.find((w) => w.id === chosen)?.id ?? walls[0]?.id ?? null;
  const choose = (id: string) => {
    localStorage.setItem(WALL_KEY, id);
    setChosen(id);
  };
  return (
    <section className="workspace operator-workspace" data-workspace="operator" aria-label={t('title')}>
      <WallTabs wallIds={walls.map((w) => w.id)} current={wallId} onChoose={choose} />
      {wallId ? <WallDesk key={wallId} wallId={wallId} /> : <p className="hint">{t('loading')}</p>}
    </section>
  );
}

/** One tab per wall, with a count of its offline and out-of-sync screens. */
function WallTabs({ wallIds, current, onChoose }: { wallIds: string[]; current: string | null; onChoose: (id: string) => void }) {
  const { t } = useTranslation('operator');
  const refs = useRef<(HTMLButtonElement | null)[]>([]);
  const onKey = (e: React.KeyboardEvent, i: number) => {
    const next = e.key === 'ArrowRight' ? i + 1 : e.key === 'ArrowLeft' ? i - 1 : null;
    if (next === null) return;
    e.preventDefault();
    const j = (next + wallIds.length) % wallIds.length;
    onChoose(wallIds[j]!);
    refs.current[j]?.focus();
  };
  return (
    <div className="wall-tabs" role="tablist" aria-label={t('walls.label')}>
      {wallIds.map((id, i) => (
        <button
          key={id}
          ref={(el) => {
            refs.current[i] = el;
          }}
          type="button"
          role="tab"
          id={`op-wall-tab-${id}`}
          data-wall-id={id}
          aria-selected={id === current}
          aria-controls="op-wall-desk"
          tabIndex={id === current ? 0 : -1}
          onClick={() => onChoose(id)}
          onKeyDown={(e) => onKey(e, i)}
        >
          <WallTabLabel wallId={id} />
        </button>
      ))}
    </div>
  );
}

function useSyncCounts(wallId: string) {
  const sync = useLive((s) => s.sync[wallId]);
  const version = useLive((s) => s.states[wallId]?.version ?? s.sync[wallId]?.version ?? 0);
  const wall = useLive((s) => s.walls.find((w) => w.id === wallId));
  return useMemo(() => {
    const total = wall ? wall.cols * wall.rows : 0;
    const counts = { inSync: 0, behind: 0, offline: 0, empty: 0, total };
    if (!wall) return counts;
    for (let row = 0; row < wall.rows; row++) {
      for (let col = 0; col < wall.cols; col++) {
        counts[screenStatus(sync?.screens.find((x) => x.col === col && x.row === row), version)]++;
      }
    }
    return counts;
  }, [sync, version, wall]);
}

function WallTabLabel({ wallId }: { wallId: string }) {
  const { t } = useTranslation('operator');
  const name = useLive((s) => s.walls.find((w) => w.id === wallId)?.name ?? wallId);
  const c = useSyncCounts(wallId);
  return (
    <>
      <span className="wall-tab-name">{name}</span>
      {c.offline > 0 ? <span className="tab-badge bad">{t('sync.offlineShort', { count: c.offline })}</span> : null}
      {c.behind > 0 ? <span className="tab-badge warn">{t('sync.behindShort', { count: c.behind })}</span> : null}
    </>
  );
}

/** The wall's screens at a glance: how many show the current version, lag behind, or are offline. */
function SyncSummary({ wallId }: { wallId: string }) {
  const { t } = useTranslation('operator');
  const c = useSyncCounts(wallId);
  const worst = c.offline > 0 ? 'bad' : c.behind > 0 ? 'warn' : c.inSync > 0 ? 'ok' : 'none';
  return (
    <p className={`sync-summary ${worst}`} role="status" data-in-sync={c.inSync} data-behind={c.behind} data-offline={c.offline} data-empty={c.empty}>
      <span>{t('sync.inSync', { count: c.inSync, total: c.total })}</span>
      {c.behind > 0 ? <span className="warn">{t('sync.behind', { count: c.behind })}</span> : null}
      {c.offline > 0 ? <span className="bad">{t('sync.offline', { count: c.offline })}</span> : null}
      {c.empty > 0 ? <span className="muted">{t('sync.empty', { count: c.empty })}</span> : null}
    </p>
  );
}

/** Who switched the wall last, when, and why. */
function LastSwitch({ state }: { state: WallState | null }) {
  const { t } = useTranslation('operator');
  const now = useNow(5000);
  if (!state) return <p className="hint">{t('last.none')}</p>;
  return (
    <p className="hint last-switch">
      {t('last.text', { version: state.version, user: state.changedBy, time: formatTime(state.createdAt), age: formatAge(now - state.createdAt) })}
      {state.reason ? ` · ${reasonText(state.reason, t)}` : ''}
    </p>
  );
}

/** The controller's own reason for an undo is shown in the UI language; an operator's as typed. */
function reasonText(reason: string, t: (key: string, o?: Record<string, unknown>) => string): string {
  const undo = /^undo of version (\d+)$/.exec(reason);
  if (undo) return t('last.undoOf', { version: Number(undo[1]) });
  return reason === 'first start' ? t('last.firstStart') : reason;
}

type Busy = { kind: 'preset'; id: string } | { kind: 'undo' } | { kind: 'tiles' } | null;
type Where = 'presets' | 'wall';

/** Lowest-first: a tile drawn over a full-wall backdrop wins, as the operator sees it. */
const smallestUnderPointer: CollisionDetection = (args) => {
  const hits = pointerWithin(args);
  const area = (id: string | number) => {
    const r = args.droppableRects.get(id);
    return r ? r.width * r.height : Infinity;
  };
  return [...hits].sort((a, b) => area(a.id) - area(b.id));
};

function WallDesk({ wallId }: { wallId: string }) {
  const { t } = useTranslation('operator');
  const roles = useSession((s) => s.user?.roles ?? []);
  const wall = useLive((s) => s.walls.find((w) => w.id === wallId));
  const state = useLive((s) => s.states[wallId] ?? null);
  const layouts = useLive((s) => s.layouts[wallId]);
  const presets = useMemo(() => layouts ?? [], [layouts]);
  const labelFor = useTileLabel();
  const widgetName = useWidgetName();
  const cameras = useLive((s) => s.cameras);

  const [busy, setBusy] = useState<Busy>(null);
  const [error, setError] = useState<{ where: Where; error: unknown } | null>(null);
  const [done, setDone] = useState<{ where: Where; text: string } | null>(null);
  const [selectedSource, setSelectedSource] = useState<SourceItem | null>(null);
  const [selectedTile, setSelectedTile] = useState<string | null>(null);
  const [dragging, setDragging] = useState<{ label: string } | null>(null);

  const mayUndo = can(roles, 'layout.undo');
  const maySave = can(roles, 'layout.save');

  /** The version the operator sees: what the mimic draws now. */
  const seenVersion = useCallback(() => liveStore.getState().states[wallId]?.version, [wallId]);

  /** One switch: busy shown where it was asked for, the rest stays usable; errors in place. */
  const run = useCallback(
    async (where: Where, b: NonNullable<Busy>, call: () => Promise<ApplyLayoutResult>) => {
      setBusy(b);
      setError(null);
      setDone(null);
      try {
        const r = await call();
        setDone({ where, text: t('done.switched', { version: r.version }) });
      } catch (err) {
        setError({ where, error: err });
        // Someone else switched first: show their version now (the push may be on its way).
        if (err instanceof ApiRequestError && err.code === 'VERSION_CONFLICT') void catchUp(wallId);
      } finally {
        setBusy((cur) => (cur === b ? null : cur));
      }
    },
    [t, wallId],
  );

  const applyPreset = useCallback(
    (layout: Layout) => {
      const ifVersion = seenVersion();
      void run('presets', { kind: 'preset', id: layout.id }, () => api.apply(wallId, { layoutId: layout.id, ...(ifVersion === undefined ? {} : { ifVersion }) }));
    },
    [run, seenVersion, wallId],
  );

  const applyTiles = useCallback(
    (make: (tiles: readonly Tile[]) => Tile[] | null) => {
      const cur = liveStore.getState().states[wallId];
      if (!cur) return;
      const tiles = make(cur.tiles);
      if (!tiles) return;
      void run('wall', { kind: 'tiles' }, () => api.apply(wallId, { tiles, ifVersion: cur.version }));
    },
    [run, wallId],
  );

  const undo = useCallback(() => {
    const ifVersion = seenVersion();
    if (ifVersion === undefined) return;
    void run('wall', { kind: 'undo' }, () => api.request('POST', `/api/walls/${encodeURIComponent(wallId)}/undo`, ApplyLayoutResultSchema, { ifVersion }));
  }, [run, seenVersion, wallId]);

  // Number keys 1-9 apply the n-th preset of this wall (not while typing in a field).
  const presetsRef = useRef(presets);
  presetsRef.current = presets;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.repeat || e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return;
      if (e.key === 'Escape') {
        setSelectedSource(null);
        setSelectedTile(null);
        return;
      }
      if (!/^[1-9]$/.test(e.key)) return;
      const layout = presetsRef.current[Number(e.key) - 1];
      if (!layout) return;
      e.preventDefault();
      applyPreset(layout);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [applyPreset]);

  // A click or Enter on a tile: place the selected source there, or pick two tiles to swap.
  const onTileActivate = useCallback(
    (tile: Tile) => {
      if (selectedSource) {
        applyTiles((tiles) => replaceSource(tiles, tile.id, selectedSource.source));
        setSelectedSource(null);
        return;
      }
      if (selectedTile && selectedTile !== tile.id) {
        const other = selectedTile;
        applyTiles((tiles) => swapTiles(tiles, other, tile.id));
        setSelectedTile(null);
        return;
      }
      setSelectedTile((cur) => (cur === tile.id ? null : tile.id));
    },
    [applyTiles, selectedSource, selectedTile],
  );
  const onSelectSource = useCallback((item: SourceItem | null) => {
    setSelectedSource(item);
    setSelectedTile(null);
  }, []);

  // Drag and drop: dnd-kit's state lives in DndContext, which pushes never remount; tiles and
  // sources keep stable ids (tile ids, source keys), so a drag survives 10 pushes a second.
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 4 } }));
  const nameOfDrag = useCallback(
    (id: string | number): string => {
      const d = parseDragId(id);
      if (!d) return '';
      if (d.type === 'tile') {
        const tile = liveStore.getState().states[wallId]?.tiles.find((x) => x.id === d.key);
        return tile ? tileName(tile) : d.key;
      }
      const [kind, ...rest] = d.key.split(':');
      if (kind === 'camera') return cameras.find((c) => c.id === rest.join(':'))?.name ?? rest.join(':');
      return widgetName(rest[0] ?? '', rest[1] ?? '');
      function tileName(tile: Tile): string {
        if (tile.label) return tile.label;
        const s = tile.source;
        if (s.kind === 'camera') return cameras.find((c) => c.id === s.cameraId)?.name ?? s.cameraId;
        return labelFor(tile) ?? tile.id;
      }
    },
    [cameras, labelFor, wallId, widgetName],
  );
  const onDragStart = useCallback((e: DragStartEvent) => setDragging({ label: nameOfDrag(e.active.id) }), [nameOfDrag]);
  const onDragEnd = useCallback(
    (e: DragEndEvent) => {
      setDragging(null);
      const from = parseDragId(e.active.id);
      const to = e.over ? parseDragId(e.over.id) : null;
      if (!from || !to || to.type !== 'tile') return;
      if (from.type === 'tile') {
        applyTiles((tiles) => swapTiles(tiles, from.key, to.key));
        return;
      }
      const item = (e.active.data.current as { item?: SourceItem } | undefined)?.item;
      if (item) applyTiles((tiles) => replaceSource(tiles, to.key, item.source));
    },
    [applyTiles],
  );
  const announcements = useMemo<Announcements>(
    () => ({
      onDragStart: ({ active }) => t('dnd.start', { name: nameOfDrag(active.id) }),
      onDragOver: ({ active, over }) => (over ? t('dnd.over', { name: nameOfDrag(active.id), target: nameOfDrag(over.id) }) : t('dnd.notOver', { name: nameOfDrag(active.id) })),
      onDragEnd: ({ active, over }) => (over ? t('dnd.dropped', { name: nameOfDrag(active.id), target: nameOfDrag(over.id) }) : t('dnd.cancelled', { name: nameOfDrag(active.id) })),
      onDragCancel: ({ active }) => t('dnd.cancelled', { name: nameOfDrag(active.id) }),
    }),
    [nameOfDrag, t],
  );

  const wrapTile = useCallback((tile: Tile, box: ReactNode) => <DndTile tile={tile} box={box} />, []);
  const tileContent = useCallback((tile: Tile) => <TileThumb tile={tile} />, []);

  if (!wall) return null;
  const hint = selectedSource
    ? t('select.source', { name: selectedSource.kind === 'camera' ? selectedSource.camera.name : widgetName(selectedSource.feedId, selectedSource.view, selectedSource.source) })
    : selectedTile
      ? t('select.tile', { name: nameOfDrag(tileDragId(selectedTile)) })
      : t('select.none');

  return (
    <DndContext
      sensors={sensors}
      collisionDetection={smallestUnderPointer}
      onDragStart={onDragStart}
      onDragEnd={onDragEnd}
      onDragCancel={() => setDragging(null)}
      accessibility={{ announcements, screenReaderInstructions: { draggable: t('dnd.instructions') } }}
    >
      <div
        className="operator-desk"
        id="op-wall-desk"
        role="tabpanel"
        aria-labelledby={`op-wall-tab-${wallId}`}
        data-wall-id={wallId}
        style={{ '--wall-aspect': String((wall.cols * wall.screenWidth) / (wall.rows * wall.screenHeight)) } as React.CSSProperties}
      >
        <div className="operator-main">
          <div className="panel wall-panel">
            <div className="wall-toolbar">
              <SyncSummary wallId={wallId} />
              <span className="spacer" />
              {mayUndo ? (
                <button type="button" id="op-undo" onClick={undo} disabled={!state} aria-busy={busy?.kind === 'undo' || undefined}>
                  {busy?.kind === 'undo' ? t('undo.busy') : t('undo.label')}
                </button>
              ) : null}
              {maySave ? <SavePreset wallId={wallId} tiles={state?.tiles ?? null} /> : null}
            </div>
            <LastSwitch state={state} />
            <p className={`select-hint${selectedSource || selectedTile ? ' active' : ''}`} aria-live="polite" id="op-select-hint">
              {hint}
              {selectedSource || selectedTile ? (
                <button
                  type="button"
                  className="link-button"
                  onClick={() => {
                    setSelectedSource(null);
                    setSelectedTile(null);
                  }}
                >
                  {t('select.clear')}
                </button>
              ) : null}
            </p>
            <div className={`mimic-frame${busy?.kind === 'tiles' ? ' busy' : ''}`} aria-busy={busy?.kind === 'tiles' || undefined}>
              <Mimic
                wallId={wallId}
                wrapTile={wrapTile}
                tileContent={tileContent}
                onTileActivate={onTileActivate}
                selectedTileId={selectedTile}
                labelFor={labelFor}
              />
            </div>
            {error?.where === 'wall' ? <OperatorError error={error.error} /> : null}
            {done?.where === 'wall' ? <p className="info-note" role="status">{done.text}</p> : null}
          </div>
          <section className="panel preset-panel" aria-labelledby="op-presets-title">
            <h2 id="op-presets-title">
              {t('presets.title')} <span className="hint">{t('presets.keys')}</span>
            </h2>
            {error?.where === 'presets' ? <OperatorError error={error.error} /> : null}
            {done?.where === 'presets' ? <p className="info-note" role="status">{done.text}</p> : null}
            <PresetPanel
              wall={wall}
              layouts={presets}
              currentLayoutId={state?.layoutId ?? null}
              busyLayoutId={busy?.kind === 'preset' ? busy.id : null}
              onApply={applyPreset}
            />
          </section>
        </div>
        <SourcePanel selectedKey={selectedSource?.key ?? null} onSelect={onSelectSource} />
      </div>
      <DragOverlay dropAnimation={null}>{dragging ? <div className="drag-chip">{dragging.label}</div> : null}</DragOverlay>
    </DndContext>
  );
}

/** A mimic tile as a drop target (a source or another tile) and as draggable (to swap). */
const DndTile = memo(function DndTile({ tile, box }: { tile: Tile; box: ReactNode }) {
  const { t } = useTranslation('operator');
  const id = tileDragId(tile.id);
  const drag = useDraggable({ id, attributes: { roleDescription: t('dnd.tileRole') } });
  const drop = useDroppable({ id });
  const { setNodeRef: setDrag } = drag;
  const { setNodeRef: setDrop } = drop;
  const ref = useCallback(
    (el: HTMLDivElement | null) => {
      setDrag(el);
      setDrop(el);
    },
    [setDrag, setDrop],
  );
  const binding: MimicTileBinding = {
    ref,
    domProps: { ...drag.listeners, 'aria-roledescription': drag.attributes['aria-roledescription'], 'aria-describedby': drag.attributes['aria-describedby'] },
    extraClass: `${drop.isOver && !drag.isDragging ? 'drop-over' : ''}${drag.isDragging ? ' dragging' : ''}`.trim(),
  };
  return cloneElement(box as ReactElement<MimicTileBinding>, binding);
});

/** Errors in place; NOTHING_TO_UNDO has its own words here until the common catalogue has them. */
function OperatorError({ error }: { error: unknown }) {
  const { t } = useTranslation('operator');
  if (errorCode(error) === 'NOTHING_TO_UNDO') {
    return (
      <p className="error-note" role="alert" data-code="NOTHING_TO_UNDO" title={error instanceof Error ? error.message : ''}>
        <span className="error-text">{t('undo.nothing')}</span> <code className="error-code">NOTHING_TO_UNDO</code>
      </p>
    );
  }
  return <ErrorNote error={error} />;
}

/** After a conflict: the wall's current state from the API, in case its push is late. */
async function catchUp(wallId: string): Promise<void> {
  try {
    const state = await api.wallState(wallId);
    if (!state) return;
    liveStore.setState((s) => {
      const cur = s.states[wallId];
      return cur && cur.version >= state.version ? {} : { states: { ...s.states, [wallId]: state } };
    });
  } catch {
    /* the conflict note already tells the operator; the push will come */
  }
}

/** "Save as new preset": the wall's current tiles under a name, then listed with the presets. */
function SavePreset({ wallId, tiles }: { wallId: string; tiles: Tile[] | null }) {
  const { t } = useTranslation('operator');
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (open) input.current?.focus();
  }, [open]);
  if (!open) {
    return (
      <>
        {saved ? (
          <span className="info-note inline" role="status">
            {t('save.saved', { name: saved })}
          </span>
        ) : null}
        <button
          type="button"
          id="op-save-open"
          disabled={!tiles}
          onClick={() => {
            setOpen(true);
            setSaved(null);
            setError(null);
          }}
        >
          {t('save.open')}
        </button>
      </>
    );
  }
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const trimmed = name.trim();
    if (!trimmed || !tiles) return;
    setBusy(true);
    setError(null);
    try {
      const layout = await api.saveLayout(wallId, { name: trimmed, tiles });
      await reloadLayouts(wallId).catch(() => undefined);
      setSaved(layout.name);
      setName('');
      setOpen(false);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="save-preset" onSubmit={(e) => void submit(e)} onKeyDown={(e) => e.key === 'Escape' && setOpen(false)}>
      <label htmlFor="op-save-name">{t('save.name')}</label>
      <input id="op-save-name" ref={input} value={name} maxLength={120} required onChange={(e) => setName(e.target.value)} />
      <button type="submit" className="primary" aria-busy={busy || undefined} disabled={!name.trim()}>
        {busy ? t('save.busy') : t('save.submit')}
      </button>
      <button type="button" onClick={() => setOpen(false)}>
        {t('save.cancel')}
      </button>
      <ErrorNote error={error} />
    </form>
  );
}
