import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { createColumnHelper } from '@tanstack/react-table';
import type { ScreenHealth as Health, ScreenshotInfo } from '@ioc/protocol';
import { ErrorNote } from '../../components/ErrorNote';
import { useNow } from '../../components/use-now';
import { formatAge, formatDateTime, formatNumber } from '../../i18n';
import { reloadScreens, useLive } from '../../state/live';
import { api } from '../../state/session';
import { Confirm } from './Confirm';
import { SortableTable } from '../../components/SortableTable';
import { screenshotObjectUrl, techApi } from './api';

export interface ScreenRow {
  id: string;
  wallId: string;
  wallName: string;
  col: number;
  row: number;
  hostname: string | null;
  online: boolean;
  ackedVersion: number | null;
  version: number;
  inSync: boolean;
  health: Health | null;
}

/** Every paired screen of every wall: the live sync pushes, with hostnames from `GET /api/screens`. */
export function useScreenRows(): ScreenRow[] {
  const walls = useLive((s) => s.walls);
  const sync = useLive((s) => s.sync);
  const screens = useLive((s) => s.screens);
  return useMemo(() => {
    const rows: ScreenRow[] = [];
    for (const w of walls) {
      const ws = sync[w.id];
      for (const s of ws?.screens ?? []) {
        const listed = screens.find((x) => x.id === s.screenId);
        rows.push({
          id: s.screenId,
          wallId: w.id,
          wallName: w.name,
          col: s.col,
          row: s.row,
          hostname: listed?.hostname ?? null,
          online: s.online,
          ackedVersion: s.ackedVersion,
          version: ws?.version ?? 0,
          inSync: s.inSync && s.ackedVersion === ws?.version,
          health: s.lastHeartbeat ?? listed?.health ?? null,
        });
      }
    }
    return rows;
  }, [walls, sync, screens]);
}

const columns = createColumnHelper<ScreenRow>();

function tileStates(h: Health | null): Record<string, number> {
  const out: Record<string, number> = {};
  for (const tile of h?.tiles ?? []) out[tile.state] = (out[tile.state] ?? 0) + 1;
  return out;
}

/**
 * Screen health: per screen online, applied version, heartbeat age, fps, memory, renderer, video
 * tiles and the last error; a screenshot on request and unpairing (confirmed).
 */
export function ScreenHealthPanel(p: { selectedScreenId: string | null; onSelect: (id: string) => void }) {
  const { t } = useTranslation('technician');
  const rows = useScreenRows();
  const now = useNow(1000);
  const [shot, setShot] = useState<{ info: ScreenshotInfo; url: string } | null>(null);
  const [shooting, setShooting] = useState<string | null>(null);
  const [unpairing, setUnpairing] = useState<ScreenRow | null>(null);
  const [busyUnpair, setBusyUnpair] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [unpaired, setUnpaired] = useState<string | null>(null);
  const lastUrl = useRef<string | null>(null);

  useEffect(() => {
    void reloadScreens().catch(() => undefined);
    return () => {
      if (lastUrl.current) URL.revokeObjectURL(lastUrl.current);
    };
  }, []);

  async function screenshot(id: string) {
    setShooting(id);
    setError(null);
    try {
      const info = await techApi.screenshot(id);
      const url = await screenshotObjectUrl(id, info.n);
      if (lastUrl.current) URL.revokeObjectURL(lastUrl.current);
      lastUrl.current = url;
      setShot({ info, url });
    } catch (err) {
      setError(err);
    } finally {
      setShooting(null);
    }
  }

  async function unpair(row: ScreenRow) {
    setBusyUnpair(true);
    setError(null);
    try {
      await api.unpair(row.id);
      setUnpaired(row.id);
      setUnpairing(null);
      void reloadScreens().catch(() => undefined);
    } catch (err) {
      setError(err);
    } finally {
      setBusyUnpair(false);
    }
  }

  const cols = useMemo(
    () => [
      columns.accessor('id', {
        header: () => t('health.screen'),
        cell: (c) => (
          <button type="button" className="tech-link" onClick={() => p.onSelect(c.getValue())} aria-pressed={c.getValue() === p.selectedScreenId}>
            {c.getValue()}
          </button>
        ),
      }),
      columns.accessor((r) => `${r.wallName} ${r.row * 100 + r.col}`, {
        id: 'position',
        header: () => t('health.position'),
        cell: (c) => t('health.positionValue', { wall: c.row.original.wallName, col: c.row.original.col, row: c.row.original.row }),
      }),
      columns.accessor((r) => r.hostname ?? '', { id: 'hostname', header: () => t('health.hostname'), cell: (c) => c.getValue() || '–' }),
      columns.accessor((r) => (r.online ? (r.inSync ? 2 : 1) : 0), {
        id: 'online',
        header: () => t('health.state'),
        cell: (c) => {
          const r = c.row.original;
          const state = !r.online ? 'offline' : r.inSync ? 'inSync' : 'behind';
          return (
            <span className={`tech-badge state-${state}`} data-state={state}>
              {t(`health.states.${state}`)}
            </span>
          );
        },
      }),
      columns.accessor((r) => r.ackedVersion ?? -1, {
        id: 'version',
        header: () => t('health.version'),
        cell: (c) => t('health.versionValue', { acked: c.row.original.ackedVersion ?? '–', version: c.row.original.version }),
      }),
      columns.accessor((r) => (r.health ? r.health.at : 0), {
        id: 'heartbeat',
        header: () => t('health.heartbeat'),
        sortDescFirst: false,
        cell: (c) => (c.row.original.health ? <span title={formatDateTime(c.row.original.health.at)}>{formatAge(now - c.row.original.health.at)}</span> : t('health.none')),
      }),
      columns.accessor((r) => r.health?.fps ?? -1, { id: 'fps', header: () => t('health.fps'), cell: (c) => (c.row.original.health ? formatNumber(c.row.original.health.fps) : '–') }),
      columns.accessor((r) => r.health?.memoryMb ?? -1, {
        id: 'memory',
        header: () => t('health.memory'),
        cell: (c) => (c.row.original.health ? t('health.mb', { mb: formatNumber(c.row.original.health.memoryMb) }) : '–'),
      }),
      columns.accessor((r) => r.health?.renderer ?? '', { id: 'renderer', header: () => t('health.renderer'), cell: (c) => (c.getValue() ? t(`health.renderers.${c.getValue()}`) : '–') }),
      columns.accessor((r) => r.health?.tiles?.length ?? 0, {
        id: 'tiles',
        header: () => t('health.tiles'),
        cell: (c) => {
          const counts = Object.entries(tileStates(c.row.original.health));
          if (counts.length === 0) return t('health.noVideo');
          return counts.map(([state, n]) => (
            <span key={state} className={`tech-badge tile-${state}`}>
              {t(`health.tileStates.${state}`, { count: n })}
            </span>
          ));
        },
      }),
      columns.accessor((r) => r.health?.lastError?.at ?? 0, {
        id: 'lastError',
        header: () => t('health.lastError'),
        cell: (c) => {
          const e = c.row.original.health?.lastError;
          return e ? (
            <code className="tech-reason" lang="en" translate="no" title={formatDateTime(e.at)}>
              {e.message}
            </code>
          ) : (
            '–'
          );
        },
      }),
      columns.display({
        id: 'actions',
        header: () => t('health.actions'),
        cell: (c) => {
          const r = c.row.original;
          return (
            <div className="tech-actions">
              <button type="button" className="tech-screenshot" onClick={() => void screenshot(r.id)} disabled={!r.online || shooting === r.id} aria-busy={shooting === r.id}>
                {shooting === r.id ? t('health.screenshotBusy') : t('health.screenshot')}
              </button>
              <button type="button" className="tech-unpair" onClick={() => setUnpairing(r)}>
                {t('health.unpair')}
              </button>
            </div>
          );
        },
      }),
    ],
    [t, now, shooting, p.selectedScreenId],
  );

  return (
    <section className="panel tech-health" aria-labelledby="tech-health-title">
      <h2 id="tech-health-title">{t('health.title')}</h2>
      <SortableTable
        data={rows}
        columns={cols}
        rowId={(r) => r.id}
        caption={t('health.title')}
        className="tech-health-table"
        initialSort={[{ id: 'online', desc: false }]}
        rowProps={(r) => ({ 'data-screen-id': r.id, 'data-online': String(r.online), className: r.id === p.selectedScreenId ? 'selected' : undefined })}
        empty={t('health.empty')}
      />
      {unpairing ? (
        <Confirm
          id="tech-unpair-confirm"
          danger
          busy={busyUnpair}
          message={t('health.unpairConfirm', { id: unpairing.id, wall: unpairing.wallName, col: unpairing.col, row: unpairing.row })}
          confirmLabel={t('health.unpairConfirmButton')}
          onConfirm={() => void unpair(unpairing)}
          onCancel={() => setUnpairing(null)}
        />
      ) : null}
      <ErrorNote error={error} />
      {unpaired ? (
        <p className="info-note" role="status">
          {t('health.unpaired', { id: unpaired })}
        </p>
      ) : null}
      {shot ? (
        <figure className="tech-shot" id="tech-screenshot" data-screen-id={shot.info.screenId} data-width={shot.info.width} data-height={shot.info.height}>
          <figcaption>
            {t('health.screenshotOf', { id: shot.info.screenId, time: formatDateTime(shot.info.takenAt), width: shot.info.width, height: shot.info.height })}
            <button type="button" onClick={() => setShot(null)}>
              {t('common:actions.close')}
            </button>
          </figcaption>
          <img src={shot.url} alt={t('health.screenshotAlt', { id: shot.info.screenId })} />
        </figure>
      ) : null}
    </section>
  );
}
