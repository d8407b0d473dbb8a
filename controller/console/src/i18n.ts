import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import enCommon from './locales/en/common.json';
import viCommon from './locales/vi/common.json';
import enOperator from './locales/en/operator.json';
import viOperator from './locales/vi/operator.json';
import enDuty from './locales/en/duty.json';
import viDuty from './locales/vi/duty.json';
import enTechnician from './locales/en/technician.json';
import viTechnician from './locales/vi/technician.json';
import enAdmin from './locales/en/admin.json';
import viAdmin from './locales/vi/admin.json';

export type Language = 'vi' | 'en';
export const LANGUAGES: readonly Language[] = ['vi', 'en'];
const LANG_KEY = 'ioc.console.language';

/**
 * Every catalogue, by language and namespace: one namespace per workspace, so each can grow on
 * its own. `tests` compare the two languages' keys (controller/console/src/i18n.test.ts).
 */
export const catalogues = {
  en: { common: enCommon, operator: enOperator, duty: enDuty, technician: enTechnician, admin: enAdmin },
  vi: { common: viCommon, operator: viOperator, duty: viDuty, technician: viTechnician, admin: viAdmin },
} as const;

/** The language before anyone signs in: the last one used in this browser, else Vietnamese. */
export function initialLanguage(): Language {
  const saved = localStorage.getItem(LANG_KEY);
  return saved === 'en' || saved === 'vi' ? saved : 'vi';
}

export async function initI18n(): Promise<void> {
  await i18next.use(initReactI18next).init({
    resources: catalogues,
    lng: initialLanguage(),
    fallbackLng: false,
    ns: Object.keys(catalogues.en),
    defaultNS: 'common',
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  document.documentElement.lang = i18next.language;
  document.title = i18next.t('common:app.title');
}

/** Switches the UI language at once (and remembers it in this browser). */
export async function setUiLanguage(lang: Language): Promise<void> {
  localStorage.setItem(LANG_KEY, lang);
  await i18next.changeLanguage(lang);
  document.documentElement.lang = lang;
  document.title = i18next.t('common:app.title');
}

const locale = (): string => (i18next.language === 'vi' ? 'vi-VN' : 'en-GB');

/** A date and time in the UI language's conventions. */
export function formatDateTime(ms: number): string {
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'short', timeStyle: 'medium' }).format(ms);
}
export function formatTime(ms: number): string {
  return new Intl.DateTimeFormat(locale(), { timeStyle: 'medium' }).format(ms);
}
export function formatNumber(n: number, digits = 0): string {
  return new Intl.NumberFormat(locale(), { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(n);
}
/** "3 min 05 s"-style age, localised through the common catalogue's `age.*` keys. */
export function formatAge(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return i18next.t('common:age.seconds', { count: s });
  const m = Math.floor(s / 60);
  if (m < 60) return i18next.t('common:age.minutes', { count: m, seconds: String(s % 60).padStart(2, '0') });
  return i18next.t('common:age.hours', { count: Math.floor(m / 60), minutes: String(m % 60).padStart(2, '0') });
}
