import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Camera, Escalation } from '@ioc/protocol';
import { ErrorNote } from '../../components/ErrorNote';
import { escalate, fieldIssues } from './api';

export const REASON_MAX = 500;
const PRIORITIES = [1, 2, 3] as const;

type Field = 'reason' | 'priority' | 'cameraId';
type FieldErrors = Partial<Record<Field, string>>;

/**
 * Escalate the chosen camera with a reason (1–500 characters) and a priority (1 highest – 3).
 * Mistakes are shown next to the field they concern, in the user's language; whatever the
 * controller still refuses comes back the same way, with its code.
 */
export function EscalateForm({ camera, onEscalated }: { camera: Camera; onEscalated?: (e: Escalation) => void }) {
  const { t } = useTranslation('duty');
  const [reason, setReason] = useState('');
  const [priority, setPriority] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const [fields, setFields] = useState<FieldErrors>({});
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<Escalation | null>(null);

  const check = (): FieldErrors => {
    const out: FieldErrors = {};
    const r = reason.trim();
    if (!r) out.reason = t('form.errors.reasonRequired');
    else if (r.length > REASON_MAX) out.reason = t('form.errors.reasonTooLong', { max: REASON_MAX, count: r.length });
    if (priority === null) out.priority = t('form.errors.priorityRequired');
    return out;
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    setDone(null);
    setError(null);
    const local = check();
    setFields(local);
    if (Object.keys(local).length > 0) {
      document.getElementById(local.reason ? 'duty-reason' : 'duty-priority-1')?.focus();
      return;
    }
    setBusy(true);
    try {
      const created = await escalate({ cameraId: camera.id, reason: reason.trim(), priority: priority! });
      setDone(created);
      setReason('');
      setPriority(null);
      onEscalated?.(created);
    } catch (err) {
      const issues = fieldIssues(err);
      const next: FieldErrors = {};
      for (const f of ['reason', 'priority', 'cameraId'] as const) {
        if (issues[f] !== undefined) next[f] = t('form.errors.invalid', { field: t(`form.field.${f}`) });
      }
      setFields(next);
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const length = reason.trim().length;
  return (
    <form className="duty-escalate" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="duty-escalate-title">
      <h3 id="duty-escalate-title">{t('form.title', { camera: camera.name })}</h3>
      <label htmlFor="duty-reason">{t('form.field.reason')}</label>
      <textarea
        id="duty-reason"
        rows={3}
        value={reason}
        placeholder={t('form.reasonPlaceholder')}
        aria-invalid={fields.reason ? true : undefined}
        aria-describedby="duty-reason-count duty-reason-error"
        onChange={(e) => {
          setReason(e.target.value);
          if (fields.reason) setFields((f) => ({ ...f, reason: undefined }));
        }}
      />
      <div className="duty-field-foot">
        <span id="duty-reason-count" className={`hint${length > REASON_MAX ? ' over' : ''}`}>
          {t('form.count', { count: length, max: REASON_MAX })}
        </span>
      </div>
      {fields.reason ? (
        <p className="field-error" id="duty-reason-error" data-field="reason" role="alert">
          {fields.reason}
        </p>
      ) : null}
      <fieldset className="duty-priority" aria-invalid={fields.priority ? true : undefined} aria-describedby="duty-priority-error">
        <legend>{t('form.field.priority')}</legend>
        {PRIORITIES.map((p) => (
          <label key={p} className={`duty-priority-option p${p}${priority === p ? ' checked' : ''}`}>
            <input
              type="radio"
              id={`duty-priority-${p}`}
              name="duty-priority"
              value={p}
              checked={priority === p}
              onChange={() => {
                setPriority(p);
                setFields((f) => ({ ...f, priority: undefined }));
              }}
            />
            <span className="duty-priority-badge">{t('priority.badge', { priority: p })}</span> {t(`priority.${p}`)}
          </label>
        ))}
      </fieldset>
      {fields.priority ? (
        <p className="field-error" id="duty-priority-error" data-field="priority" role="alert">
          {fields.priority}
        </p>
      ) : null}
      {fields.cameraId ? (
        <p className="field-error" data-field="cameraId" role="alert">
          {fields.cameraId}
        </p>
      ) : null}
      <div className="duty-form-actions">
        <button type="submit" className="danger" id="duty-escalate" disabled={busy} aria-busy={busy}>
          {busy ? t('form.busy') : t('form.submit')}
        </button>
      </div>
      <ErrorNote error={error} />
      {done ? (
        <p className="info-note" role="status">
          {t('form.done', { camera: camera.name, priority: done.priority })}
        </p>
      ) : null}
    </form>
  );
}
