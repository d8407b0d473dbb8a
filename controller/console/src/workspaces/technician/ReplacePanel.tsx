import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNote } from '../../components/ErrorNote';
import { reloadScreens, useLive } from '../../state/live';
import { Confirm } from './Confirm';
import { techApi } from './api';
import { useScreenRows } from './ScreenHealth';

/**
 * A broken screen's position moves to a new device: pick the screen (offline ones first) and the
 * code the new device shows. Replacing a screen that is still online asks first.
 */
export function ReplacePanel(p: { selectedScreenId: string | null }) {
  const { t } = useTranslation('technician');
  const rows = useScreenRows();
  const pending = useLive((s) => s.pending);
  const [screenId, setScreenId] = useState('');
  const [code, setCode] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<{ id: string; code: string } | null>(null);

  useEffect(() => {
    if (p.selectedScreenId) setScreenId(p.selectedScreenId);
  }, [p.selectedScreenId]);
  useEffect(() => {
    if (pending.length === 1 && pending[0] && !pending.some((x) => x.code === code)) setCode(pending[0].code);
  }, [pending, code]);

  // A code that was paired meanwhile (here or elsewhere) is no longer a choice.
  const codeValue = pending.some((x) => x.code === code) ? code : '';
  const ordered = [...rows].sort((a, b) => Number(a.online) - Number(b.online) || a.id.localeCompare(b.id));
  const target = rows.find((r) => r.id === screenId);

  async function replace() {
    setConfirming(false);
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      await techApi.replace(screenId, code);
      setDone({ id: screenId, code });
      setCode('');
      void reloadScreens().catch(() => undefined);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  function submit(e: FormEvent) {
    e.preventDefault();
    if (target?.online) setConfirming(true);
    else void replace();
  }

  return (
    <section className="panel tech-replace" aria-labelledby="tech-replace-title">
      <h2 id="tech-replace-title">{t('replace.title')}</h2>
      <p className="hint">{t('replace.help')}</p>
      <form className="tech-form" onSubmit={submit}>
        <label htmlFor="tech-replace-screen">{t('replace.screen')}</label>
        <select id="tech-replace-screen" value={screenId} onChange={(e) => setScreenId(e.target.value)} required>
          <option value="" disabled>
            {t('replace.chooseScreen')}
          </option>
          {ordered.map((r) => (
            <option key={r.id} value={r.id}>
              {t(r.online ? 'replace.optionOnline' : 'replace.optionOffline', { id: r.id, wall: r.wallName, col: r.col, row: r.row })}
            </option>
          ))}
        </select>
        <label htmlFor="tech-replace-code">{t('replace.code')}</label>
        <select id="tech-replace-code" value={codeValue} onChange={(e) => setCode(e.target.value)} required>
          <option value="" disabled>
            {pending.length ? t('replace.chooseCode') : t('pair.noPending')}
          </option>
          {pending.map((s) => (
            <option key={s.code} value={s.code}>
              {[s.code, s.hostname, s.address].filter(Boolean).join(' · ')}
            </option>
          ))}
        </select>
        <div className="tech-actions">
          <button id="tech-replace-submit" type="submit" className="primary" disabled={busy || !screenId || !codeValue} aria-busy={busy}>
            {busy ? t('replace.busy') : t('replace.submit')}
          </button>
        </div>
      </form>
      {confirming && target ? (
        <Confirm
          id="tech-replace-confirm"
          danger
          message={t('replace.confirmOnline', { id: target.id })}
          confirmLabel={t('replace.submit')}
          onConfirm={() => void replace()}
          onCancel={() => setConfirming(false)}
        />
      ) : null}
      <ErrorNote error={error} />
      {done ? (
        <p className="info-note" role="status" id="tech-replace-done">
          {t('replace.done', done)}
        </p>
      ) : null}
    </section>
  );
}
