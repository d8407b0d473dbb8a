import { useTranslation } from 'react-i18next';
import { formatTime } from '../i18n';
import { useLive } from '../state/live';

/** Active alerts, for every role: a screen or camera offline, a feed stale. */
export function AlertsBar() {
  const { t } = useTranslation();
  const alerts = useLive((s) => s.alerts);
  if (alerts.length === 0) return null;
  return (
    <section className="alerts-bar" aria-live="polite" aria-label={t('alerts.title', { count: alerts.length })}>
      <strong className="alerts-count">{t('alerts.title', { count: alerts.length })}</strong>
      <ul>
        {alerts.map((a) => (
          <li key={a.id} data-alert-kind={a.kind} data-alert-id={a.id}>
            <span className="alert-kind">{t(`alerts.kind.${a.kind}`)}</span> <span className="alert-subject">{a.subject}</span>{' '}
            <span className="hint">{t('alerts.since', { time: formatTime(a.since) })}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
