import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, startSession, useSession } from '../state/session';
import { ErrorNote } from './ErrorNote';
import { LanguageSwitch } from './LanguageSwitch';

export function Login() {
  const { t } = useTranslation();
  const ended = useSession((s) => s.endedBecause);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function submit(e: FormEvent): Promise<void> {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await startSession(await api.login(username.trim(), password));
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }

  return (
    <main className="login" id="main">
      <form className="login-form" onSubmit={(e) => void submit(e)} aria-labelledby="login-title">
        <h1 id="login-title">{t('app.title')}</h1>
        <h2>{t('signIn.title')}</h2>
        {ended ? <p className="hint" role="status">{t(`signIn.${ended}`)}</p> : null}
        <label htmlFor="login-username">{t('signIn.username')}</label>
        <input id="login-username" autoComplete="username" autoFocus required value={username} onChange={(e) => setUsername(e.target.value)} />
        <label htmlFor="login-password">{t('signIn.password')}</label>
        <input id="login-password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        <ErrorNote error={error} id="login-message" />
        <button type="submit" className="primary" disabled={busy} aria-busy={busy}>
          {busy ? t('signIn.busy') : t('signIn.submit')}
        </button>
        <LanguageSwitch />
      </form>
    </main>
  );
}
