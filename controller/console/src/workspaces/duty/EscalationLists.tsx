import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { compareEscalations, type Escalation } from '@ioc/protocol';
import { ApiRequestError } from '../../api';
import { ErrorNote } from '../../components/ErrorNote';
import { useNow } from '../../components/use-now';
import { formatAge, formatDateTime } from '../../i18n';
import { useLive } from '../../state/live';
import { acknowledge, closeEscalation, fetchClip, saveBlob } from './api';

const RECENT = 5;

function useCameraName(cameraId: string): string {
  return useLive((s) => s.cameras.find((c) => c.id === cameraId)?.name ?? cameraId);
}

/** The open escalations, highest priority then oldest, as the command wall shows them. */
export function EscalationQueue({ onShowCamera }: { onShowCamera: (cameraId: string) => void }) {
  const { t } = useTranslation('duty');
  const all = useLive((s) => s.escalations);
  const open = useMemo(() => all.filter((e) => e.state !== 'closed').sort(compareEscalations), [all]);
  const now = useNow(1000);
  return (
    <section className="panel duty-queue" aria-labelledby="duty-queue-title">
      <h2 id="duty-queue-title">
        {t('queue.title')} <span className="duty-count" data-count={open.length}>{open.length}</span>
      </h2>
      {open.length === 0 ? <p className="hint">{t('queue.empty')}</p> : null}
      <ol className="duty-escalations">
        {open.map((e, i) => (
          <OpenEscalation key={e.id} e={e} top={i === 0} now={now} onShowCamera={onShowCamera} />
        ))}
      </ol>
    </section>
  );
}

function OpenEscalation({ e, top, now, onShowCamera }: { e: Escalation; top: boolean; now: number; onShowCamera: (cameraId: string) => void }) {
  const { t } = useTranslation('duty');
  const camera = useCameraName(e.cameraId);
  const [busy, setBusy] = useState<'ack' | 'close' | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [closing, setClosing] = useState(false);
  const [note, setNote] = useState('');
  const noteId = `duty-close-note-${e.id}`;

  const run = async (what: 'ack' | 'close') => {
    setBusy(what);
    setError(null);
    try {
      if (what === 'ack') await acknowledge(e.id);
      else await closeEscalation(e.id, note);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(null);
    }
  };

  return (
    <li className={`duty-escalation p${e.priority}${top ? ' top' : ''}`} data-escalation-id={e.id} data-state={e.state} data-camera-id={e.cameraId}>
      <div className="duty-escalation-head">
        <span className={`duty-priority-badge p${e.priority}`} title={t(`priority.${e.priority}`)}>
          {t('priority.badge', { priority: e.priority })}
        </span>
        <span className="duty-escalation-camera">{camera}</span>
        <span className={`duty-state state-${e.state}`}>{t(`state.${e.state}`)}</span>
        <span className="duty-age" title={formatDateTime(e.createdAt)}>
          {formatAge(now - e.createdAt)}
        </span>
      </div>
      <p className="duty-escalation-reason">{e.reason}</p>
      <p className="hint">
        {t('queue.by', { user: e.createdBy, time: formatDateTime(e.createdAt) })}
        {e.acknowledgedBy && e.acknowledgedAt ? ` · ${t('queue.ackedBy', { user: e.acknowledgedBy, age: formatAge(now - e.acknowledgedAt) })}` : ''}
        {top ? ` · ${t('queue.onWall')}` : ''}
      </p>
      <div className="duty-escalation-actions">
        <button type="button" onClick={() => onShowCamera(e.cameraId)}>
          {t('queue.show')}
        </button>
        {e.state === 'open' ? (
          <button type="button" className="primary duty-ack" onClick={() => void run('ack')} disabled={busy !== null} aria-busy={busy === 'ack'}>
            {busy === 'ack' ? t('queue.acking') : t('queue.ack')}
          </button>
        ) : null}
        {!closing ? (
          <button type="button" className="duty-close-open" onClick={() => setClosing(true)}>
            {t('queue.close')}
          </button>
        ) : null}
      </div>
      {closing ? (
        <form
          className="duty-close-form"
          onSubmit={(ev) => {
            ev.preventDefault();
            void run('close');
          }}
        >
          <label htmlFor={noteId}>{t('queue.note')}</label>
          <input
            id={noteId}
            className="duty-close-note"
            value={note}
            maxLength={1000}
            onChange={(ev) => setNote(ev.target.value)}
            placeholder={t('queue.notePlaceholder')}
            autoFocus
          />
          <div className="duty-escalation-actions">
            <button type="submit" className="danger duty-close-confirm" disabled={busy !== null} aria-busy={busy === 'close'}>
              {busy === 'close' ? t('queue.closing') : t('queue.confirmClose')}
            </button>
            <button type="button" onClick={() => setClosing(false)} disabled={busy === 'close'}>
              {t('actions.cancel')}
            </button>
          </div>
        </form>
      ) : null}
      <ErrorNote error={error} />
    </li>
  );
}

/** The last few closed escalations, each with its evidence clip to download. */
export function RecentClosed() {
  const { t } = useTranslation('duty');
  const all = useLive((s) => s.escalations);
  const closed = useMemo(
    () => all.filter((e) => e.state === 'closed').sort((a, b) => (b.closedAt ?? 0) - (a.closedAt ?? 0)).slice(0, RECENT),
    [all],
  );
  return (
    <section className="panel duty-recent" aria-labelledby="duty-recent-title">
      <h2 id="duty-recent-title">{t('recent.title')}</h2>
      {closed.length === 0 ? <p className="hint">{t('recent.empty')}</p> : null}
      <ol className="duty-escalations">
        {closed.map((e) => (
          <ClosedEscalation key={e.id} e={e} />
        ))}
      </ol>
    </section>
  );
}

function ClosedEscalation({ e }: { e: Escalation }) {
  const { t } = useTranslation('duty');
  const camera = useCameraName(e.cameraId);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const notReady = error instanceof ApiRequestError && error.code === 'CLIP_NOT_READY';

  const download = async () => {
    setBusy(true);
    setError(null);
    setSaved(false);
    try {
      const blob = await fetchClip(e.id);
      saveBlob(blob, `escalation-${e.id}.mp4`);
      setSaved(true);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <li className={`duty-escalation closed p${e.priority}`} data-escalation-id={e.id} data-state={e.state}>
      <div className="duty-escalation-head">
        <span className={`duty-priority-badge p${e.priority}`} title={t(`priority.${e.priority}`)}>
          {t('priority.badge', { priority: e.priority })}
        </span>
        <span className="duty-escalation-camera">{camera}</span>
        <span className={`duty-state state-${e.state}`}>{t('state.closed')}</span>
      </div>
      <p className="duty-escalation-reason">{e.reason}</p>
      <p className="hint">
        {t('recent.closedBy', { user: e.closedBy ?? '–', time: formatDateTime(e.closedAt ?? e.createdAt) })} ·{' '}
        {t('recent.lasted', { age: formatAge((e.closedAt ?? e.createdAt) - e.createdAt) })}
      </p>
      {e.closeNote ? <p className="duty-close-note-text">{t('recent.note', { note: e.closeNote })}</p> : null}
      <div className="duty-escalation-actions">
        <button type="button" className="duty-clip" onClick={() => void download()} disabled={busy} aria-busy={busy}>
          {busy ? t('recent.fetching') : error ? t('recent.retry') : t('recent.download')}
        </button>
        {saved ? <span className="duty-saved" role="status">{t('recent.saved')}</span> : null}
      </div>
      {notReady ? <p className="hint">{t('recent.notReadyHint')}</p> : null}
      <ErrorNote error={error} />
    </li>
  );
}
