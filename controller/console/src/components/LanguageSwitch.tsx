import { useTranslation } from 'react-i18next';
import { LANGUAGES, setUiLanguage, type Language } from '../i18n';
import { api, sessionStore } from '../state/session';

/** Switches the UI language at once; for a signed-in user it is stored with their preferences. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  async function choose(lang: Language): Promise<void> {
    await setUiLanguage(lang);
    const s = sessionStore.getState();
    if (s.token && s.user) {
      sessionStore.setState({ user: { ...s.user, language: lang } });
      await api.setLanguage(lang).catch(() => undefined);
    }
  }
  return (
    <div className="language-switch" role="group" aria-label={t('header.language')}>
      {LANGUAGES.map((lang) => (
        <button key={lang} type="button" lang={lang} aria-pressed={i18n.language === lang} onClick={() => void choose(lang)}>
          {t(`languages.${lang}`)}
        </button>
      ))}
    </div>
  );
}
