import { Suspense, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AlertsBar } from './components/AlertsBar';
import { Header } from './components/Header';
import { Login } from './components/Login';
import { setUiLanguage } from './i18n';
import { startLive, stopLive } from './state/live';
import { useSession } from './state/session';
import { workspacesFor, type WorkspaceId } from './workspaces/registry';

const fromHash = (): string => location.hash.replace(/^#\/?/, '').split('?')[0] ?? '';

export function App() {
  const token = useSession((s) => s.token);
  const user = useSession((s) => s.user);

  useEffect(() => {
    if (!token) return;
    void startLive(token).catch(() => undefined);
    return () => stopLive();
  }, [token]);
  // The user's stored language wins over the browser's last one.
  useEffect(() => {
    if (user?.language) void setUiLanguage(user.language);
  }, [user?.language]);

  if (!token || !user) return <Login />;
  return <Console />;
}

function Console() {
  const { t } = useTranslation();
  const roles = useSession((s) => s.user?.roles ?? []);
  const workspaces = useMemo(() => workspacesFor(roles), [roles]);
  const [hash, setHash] = useState(fromHash);
  useEffect(() => {
    const on = () => setHash(fromHash());
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  const current = workspaces.find((w) => w.id === hash) ?? workspaces[0];
  const Current = current?.component;
  return (
    <>
      <Header />
      <AlertsBar />
      <nav className="workspace-nav" aria-label={t('nav.label')}>
        {workspaces.map((w) => (
          <a key={w.id} href={`#${w.id}`} id={`nav-${w.id}`} aria-current={w.id === current?.id ? 'page' : undefined}>
            {t(`nav.${w.id satisfies WorkspaceId}`)}
          </a>
        ))}
      </nav>
      <main id="main" className="console" tabIndex={-1}>
        <Suspense fallback={<p className="hint">{t('app.loading')}</p>}>{Current ? <Current /> : null}</Suspense>
      </main>
    </>
  );
}
