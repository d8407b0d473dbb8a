import { useTranslation } from 'react-i18next';
import { formatTime } from '../i18n';
import { useLive } from '../state/live';
import { signOut, useSession } from '../state/session';
import { LanguageSwitch } from './LanguageSwitch';

export function Header() {
  const { t } = useTranslation();
  const user = useSession((s) => s.user);
  const expiresAt = useSession((s) => s.expiresAt);
  const connection = useLive((s) => s.connection);
  const gateway = useLive((s) => s.gatewayConnected);
  if (!user) return null;
  return (
    <header className="top">
      <a className="skip-link" href="#main">{t('app.skipToMain')}</a>
      <span className="brand">{t('app.title')}</span>
      <span className={`socket-status socket-${connection}`} id="socket-status" role="status">
        {t(`header.connection.${connection}`)}
      </span>
      <span className={`gateway-status ${gateway ? 'ok' : 'bad'}`} id="gateway-status">
        {t(gateway ? 'header.gateway.connected' : 'header.gateway.disconnected')}
      </span>
      <span className="spacer" />
      <LanguageSwitch />
      <span className="user">
        <span className="user-name" id="user-name">{user.username}</span>
        <span id="user-roles">
          {user.roles.map((r) => (
            <span key={r} className="role" data-role={r}>{t(`roles.${r}`)}</span>
          ))}
        </span>
        {expiresAt ? <span className="hint session-expiry">{t('header.expiresAt', { time: formatTime(expiresAt) })}</span> : null}
      </span>
      <button type="button" id="sign-out" onClick={() => void signOut()}>{t('header.signOut')}</button>
    </header>
  );
}
