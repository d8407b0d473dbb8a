import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { createColumnHelper, flexRender, getCoreRowModel, useReactTable } from '@tanstack/react-table';
import type { AuditEntry, AuditPage } from '@ioc/protocol';
import { ErrorNote } from '../../components/ErrorNote';
import { formatDateTime, formatNumber } from '../../i18n';
import { useLive } from '../../state/live';
import { adminApi, type AuditQuery } from './admin-api';
import './admin.css';

/** The action families the controller writes, filtered by prefix (`layout.` is every layout action). */
const ACTION_GROUPS: Record<string, readonly string[]> = {
  auth: ['auth.login', 'auth.logout', 'auth.login-failed', 'auth.login-disabled', 'auth.rate_limited'],
  user: ['user.create', 'user.update', 'user.delete'],
  layout: ['layout.apply', 'layout.undo', 'layout.save', 'layout.update', 'layout.delete'],
  wall: ['wall.settings'],
  screen: ['screen.pair', 'screen.autopair', 'screen.unpair', 'screen.replace', 'screen.identify', 'screen.screenshot'],
  camera: ['camera.create', 'camera.update', 'camera.delete', 'camera.ptz'],
  escalation: ['escalation.create', 'escalation.acknowledge', 'escalation.close'],
  alert: ['alert.raised', 'alert.cleared'],
};
const PAGE_SIZES = [25, 50, 100, 200] as const;
const DETAILS_MAX = 160;

interface Filters {
  user: string;
  wallId: string;
  action: string;
  /** `datetime-local` values (local time), '' when open. */
  from: string;
  to: string;
  limit: number;
}
const NO_FILTERS: Filters = { user: '', wallId: '', action: '', from: '', to: '', limit: 50 };

const localToMs = (v: string): number | undefined => {
  if (!v) return undefined;
  const ms = new Date(v).getTime();
  return Number.isFinite(ms) ? ms : undefined;
};

function toQuery(f: Filters, before: number | undefined): AuditQuery {
  const to = localToMs(f.to);
  return {
    user: f.user.trim() || undefined,
    wallId: f.wallId || undefined,
    action: f.action || undefined,
    from: localToMs(f.from),
    // The end minute is inclusive: up to its last millisecond.
    to: to === undefined ? undefined : to + 59_999,
    before,
    limit: f.limit,
  };
}

function compactJson(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = JSON.stringify(v);
  return s.length > DETAILS_MAX ? `${s.slice(0, DETAILS_MAX - 1)}…` : s;
}

/**
 * The audit log, newest first: filtered by user, wall, action and time range, one page at a
 * time (the server's cursor, `before`). Times follow the UI language.
 */
export default function AuditWorkspace() {
  const { t, i18n } = useTranslation('admin');
  const walls = useLive((s) => s.walls);
  const [draft, setDraft] = useState<Filters>(NO_FILTERS);
  const [applied, setApplied] = useState<Filters>(NO_FILTERS);
  /** The `before` cursor of each page seen so far; the last one is the page shown. */
  const [cursors, setCursors] = useState<(number | undefined)[]>([undefined]);
  /** The page shown, with its number: the pager says "page 2" only once page 2's rows are drawn. */
  const [page, setPage] = useState<(AuditPage & { pageNo: number }) | null>(null);
  const latest = useRef(0);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [actors, setActors] = useState<string[]>([]);

  const before = cursors[cursors.length - 1];
  const load = useCallback(async (f: Filters, cursor: number | undefined, pageNo: number) => {
    // Only the last request's answer is drawn: an older one arriving late must not replace it.
    const seq = ++latest.current;
    setLoading(true);
    try {
      const answer = await adminApi.audit(toQuery(f, cursor));
      if (seq !== latest.current) return;
      setPage({ ...answer, pageNo });
      setError(null);
    } catch (err) {
      if (seq === latest.current) setError(err);
    } finally {
      if (seq === latest.current) setLoading(false);
    }
  }, []);
  useEffect(() => {
    void load(applied, before, cursors.length);
  }, [load, applied, before, cursors.length]);
  // Who may have acted: the users there are (a deleted user's rows stay searchable by typing).
  useEffect(() => {
    adminApi.users().then(
      (us) => setActors(['system', ...us.map((u) => u.username)]),
      () => undefined,
    );
  }, []);

  function submit(e: FormEvent): void {
    e.preventDefault();
    setApplied({ ...draft });
    setCursors([undefined]);
  }
  function clear(): void {
    setDraft(NO_FILTERS);
    setApplied(NO_FILTERS);
    setCursors([undefined]);
  }
  const set = <K extends keyof Filters>(k: K, v: Filters[K]) => setDraft((d) => ({ ...d, [k]: v }));

  const actionLabel = useCallback((action: string) => t(`actionNames.${action}`, { defaultValue: '' }), [t]);
  const col = useMemo(() => createColumnHelper<AuditEntry>(), []);
  const columns = useMemo(
    () => [
      col.accessor('at', { header: () => t('audit.columns.time'), cell: (c) => <time dateTime={new Date(c.getValue()).toISOString()}>{formatDateTime(c.getValue())}</time> }),
      col.accessor('actor', { header: () => t('audit.columns.actor'), cell: (c) => c.getValue() }),
      col.accessor('action', {
        header: () => t('audit.columns.action'),
        cell: (c) => {
          const label = actionLabel(c.getValue());
          return (
            <span className="audit-action">
              {label ? <span>{label}</span> : null}
              <code>{c.getValue()}</code>
            </span>
          );
        },
      }),
      col.accessor('target', { header: () => t('audit.columns.target'), cell: (c) => c.getValue() ?? '' }),
      col.accessor('details', {
        header: () => t('audit.columns.details'),
        cell: (c) => {
          const full = c.getValue() === null || c.getValue() === undefined ? '' : JSON.stringify(c.getValue());
          const short = compactJson(c.getValue());
          return short ? (
            <code className="audit-details" title={full.length > short.length ? full : undefined}>
              {short}
            </code>
          ) : null;
        },
      }),
      col.accessor('requestId', { header: () => t('audit.columns.requestId'), cell: (c) => (c.getValue() ? <code className="audit-request">{c.getValue()}</code> : '') }),
    ],
    // The language (through `t`) changes the headers and times.
    // i18n.language is read so a switch re-renders the formatted times.
    [col, t, actionLabel, i18n.language],
  );
  const table = useReactTable({ data: page?.entries ?? [], columns, getCoreRowModel: getCoreRowModel(), getRowId: (e) => String(e.id) });
  const pageNo = cursors.length;
  const filtered = JSON.stringify(applied) !== JSON.stringify(NO_FILTERS);

  return (
    <section className="workspace admin-workspace" data-workspace="audit" aria-labelledby="audit-title">
      <div className="admin-head">
        <h1 id="audit-title">{t('audit.title')}</h1>
        <span className="spacer" />
        <button type="button" id="audit-refresh" onClick={() => void load(applied, before, cursors.length)} disabled={loading} aria-busy={loading}>
          {loading ? t('audit.loading') : t('common:actions.refresh')}
        </button>
      </div>

      <form className="panel audit-filters" id="audit-filters" onSubmit={submit} aria-label={t('audit.filters.label')}>
        <div>
          <label htmlFor="audit-user">{t('audit.filters.user')}</label>
          <input id="audit-user" list="audit-actors" value={draft.user} onChange={(e) => set('user', e.target.value)} placeholder={t('audit.filters.anyUser')} autoComplete="off" />
          <datalist id="audit-actors">
            {actors.map((a) => (
              <option key={a} value={a} />
            ))}
          </datalist>
        </div>
        <div>
          <label htmlFor="audit-wall">{t('audit.filters.wall')}</label>
          <select id="audit-wall" value={draft.wallId} onChange={(e) => set('wallId', e.target.value)}>
            <option value="">{t('audit.filters.anyWall')}</option>
            {walls.map((w) => (
              <option key={w.id} value={w.id}>
                {w.name}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="audit-action">{t('audit.filters.action')}</label>
          <select id="audit-action" value={draft.action} onChange={(e) => set('action', e.target.value)}>
            <option value="">{t('audit.filters.anyAction')}</option>
            {Object.entries(ACTION_GROUPS).map(([group, actions]) => (
              <optgroup key={group} label={t(`audit.groups.${group}`)}>
                <option value={`${group}.`}>{t('audit.filters.everyIn', { group: t(`audit.groups.${group}`) })}</option>
                {actions.map((a) => (
                  <option key={a} value={a}>
                    {actionLabel(a) || a}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="audit-from">{t('audit.filters.from')}</label>
          <input id="audit-from" type="datetime-local" value={draft.from} onChange={(e) => set('from', e.target.value)} />
        </div>
        <div>
          <label htmlFor="audit-to">{t('audit.filters.to')}</label>
          <input id="audit-to" type="datetime-local" value={draft.to} onChange={(e) => set('to', e.target.value)} />
        </div>
        <div>
          <label htmlFor="audit-limit">{t('audit.filters.pageSize')}</label>
          <select id="audit-limit" value={draft.limit} onChange={(e) => set('limit', Number(e.target.value))}>
            {PAGE_SIZES.map((n) => (
              <option key={n} value={n}>
                {formatNumber(n)}
              </option>
            ))}
          </select>
        </div>
        <div className="form-actions">
          <button type="submit" className="primary" id="audit-apply" disabled={loading} aria-busy={loading}>
            {t('audit.filters.apply')}
          </button>
          <button type="button" id="audit-clear" onClick={clear}>
            {t('audit.filters.clear')}
          </button>
        </div>
      </form>

      <ErrorNote error={error} id="audit-error" />

      <div className="panel admin-table-panel" aria-busy={loading}>
        <div className="audit-pager">
          <span className="hint" id="audit-page" aria-live="polite">
            {page ? t('audit.pageInfo', { page: page.pageNo, count: page.entries.length }) : t('audit.loading')}
            {filtered ? ` · ${t('audit.filtered')}` : ''}
          </span>
          <span className="spacer" />
          <button type="button" id="audit-newest" disabled={pageNo === 1 || loading} onClick={() => setCursors([undefined])}>
            {t('audit.newest')}
          </button>
          <button type="button" id="audit-newer" disabled={pageNo === 1 || loading} onClick={() => setCursors((c) => c.slice(0, -1))}>
            {t('audit.newer')}
          </button>
          <button
            type="button"
            id="audit-older"
            disabled={!page || page.nextBefore === null || loading}
            onClick={() => page?.nextBefore != null && setCursors((c) => [...c, page.nextBefore as number])}
          >
            {t('audit.older')}
          </button>
        </div>
        {page && page.entries.length === 0 ? <p className="hint" id="audit-empty">{t('audit.empty')}</p> : null}
        {page && page.entries.length > 0 ? (
          <div className="table-scroll">
            <table className="admin-table audit-table" id="audit-table">
              <caption className="visually-hidden">{t('audit.title')}</caption>
              <thead>
                {table.getHeaderGroups().map((hg) => (
                  <tr key={hg.id}>
                    {hg.headers.map((h) => (
                      <th key={h.id} scope="col">
                        {flexRender(h.column.columnDef.header, h.getContext())}
                      </th>
                    ))}
                  </tr>
                ))}
              </thead>
              <tbody>
                {table.getRowModel().rows.map((row) => (
                  <tr key={row.id} data-audit-id={row.original.id} data-action={row.original.action} data-actor={row.original.actor}>
                    {row.getVisibleCells().map((cell) => (
                      <td key={cell.id} data-column={cell.column.id}>
                        {flexRender(cell.column.columnDef.cell, cell.getContext())}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </div>
    </section>
  );
}
