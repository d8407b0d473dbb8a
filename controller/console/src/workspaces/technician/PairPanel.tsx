import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNote } from '../../components/ErrorNote';
import { liveStore, reloadScreens, useLive } from '../../state/live';
import { api } from '../../state/session';
import type { Position } from './TechMimic';

const normaliseCode = (s: string) => s.toUpperCase().replace(/[^A-Z0-9]/g, '').slice(0, 6);

/**
 * Pending screens with their codes, and pairing one: the code the screen shows, then the wall,
 * column and row (or a click on an empty screen of the mimic).
 */
export function PairPanel(p: { position: Position; onPosition: (pos: Position) => void }) {
  const { t } = useTranslation('technician');
  const pending = useLive((s) => s.pending);
  const walls = useLive((s) => s.walls);
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<{ code: string; id: string } | null>(null);
  const wall = walls.find((w) => w.id === p.position.wallId);

  useEffect(() => {
    // Pushed on every change from now on; loaded once for what is pending already.
    void api.pendingScreens().then((list) => liveStore.setState({ pending: list }), setError);
  }, []);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const screen = (await api.pair({ code, ...p.position })) as { id?: string };
      setDone({ code, id: screen.id ?? '' });
      setCode('');
      void reloadScreens().catch(() => undefined);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const range = (n: number) => Array.from({ length: n }, (_, i) => i);
  return (
    <section className="panel tech-pair" aria-labelledby="tech-pair-title">
      <h2 id="tech-pair-title">{t('pair.title')}</h2>
      <h3>{t('pair.pending')}</h3>
      {pending.length === 0 ? (
        <p className="hint" id="tech-pending-none">{t('pair.noPending')}</p>
      ) : (
        <ul className="tech-pending" aria-label={t('pair.pending')}>
          {pending.map((s) => (
            <li key={s.code} data-code={s.code}>
              <code className="tech-code">{s.code}</code>
              <span className="hint">{[s.hostname, s.address].filter(Boolean).join(' · ') || s.deviceId}</span>
              <button type="button" onClick={() => setCode(s.code)}>
                {t('pair.useCode')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <form className="tech-form" onSubmit={submit}>
        <p className="hint">{t('pair.help')}</p>
        <label htmlFor="tech-pair-code">{t('pair.code')}</label>
        <input
          id="tech-pair-code"
          className="tech-code-input"
          value={code}
          onChange={(e) => setCode(normaliseCode(e.target.value))}
          autoComplete="off"
          spellCheck={false}
          required
          minLength={6}
          maxLength={6}
          placeholder="ABC234"
        />
        <div className="tech-row">
          <div>
            <label htmlFor="tech-pair-wall">{t('pair.wall')}</label>
            <select id="tech-pair-wall" value={p.position.wallId} onChange={(e) => p.onPosition({ wallId: e.target.value, col: 0, row: 0 })}>
              {walls.map((w) => (
                <option key={w.id} value={w.id}>
                  {w.name}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="tech-pair-col">{t('pair.col')}</label>
            <select id="tech-pair-col" value={p.position.col} onChange={(e) => p.onPosition({ ...p.position, col: Number(e.target.value) })}>
              {range(wall?.cols ?? 1).map((i) => (
                <option key={i} value={i}>
                  {i}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="tech-pair-row">{t('pair.row')}</label>
            <select id="tech-pair-row" value={p.position.row} onChange={(e) => p.onPosition({ ...p.position, row: Number(e.target.value) })}>
              {range(wall?.rows ?? 1).map((i) => (
                <option key={i} value={i}>
                  {i}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div className="tech-actions">
          <button id="tech-pair-submit" type="submit" className="primary" disabled={busy || code.length !== 6} aria-busy={busy}>
            {busy ? t('pair.busy') : t('pair.submit')}
          </button>
        </div>
        <ErrorNote error={error} />
        {done ? (
          <p className="info-note" role="status" id="tech-pair-done">
            {t('pair.done', { code: done.code, id: done.id })}
          </p>
        ) : null}
      </form>
    </section>
  );
}
