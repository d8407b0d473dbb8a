import { useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** A message shown after a command, kept as a key so it follows a language switch. */
export interface Note {
  key: string;
  vars?: Record<string, string | number>;
}

/**
 * An in-place confirmation (no modal: the rest of the console stays usable). Focus goes to the
 * confirm button; Escape cancels.
 */
export function Confirm(p: { message: ReactNode; confirmLabel: string; danger?: boolean; busy?: boolean; onConfirm: () => void; onCancel: () => void; id?: string }) {
  const { t } = useTranslation();
  const ok = useRef<HTMLButtonElement>(null);
  useEffect(() => ok.current?.focus(), []);
  return (
    <div className="tech-confirm" role="alertdialog" aria-modal="false" aria-label={p.confirmLabel} id={p.id} onKeyDown={(e) => e.key === 'Escape' && p.onCancel()}>
      <p>{p.message}</p>
      <div className="tech-actions">
        <button ref={ok} type="button" className={p.danger ? 'danger' : 'primary'} onClick={p.onConfirm} disabled={p.busy} aria-busy={p.busy}>
          {p.confirmLabel}
        </button>
        <button type="button" onClick={p.onCancel}>
          {t('actions.cancel')}
        </button>
      </div>
    </div>
  );
}
