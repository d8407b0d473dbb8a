import { useTranslation } from 'react-i18next';
import { ApiRequestError } from '../api';

/** What the user needs from a failure: its stable code, and the server's text for the record. */
export function errorCode(err: unknown): string {
  return err instanceof ApiRequestError ? err.code : 'INTERNAL';
}

/**
 * An error shown in place, in the user's language, with the server's code. The server's own
 * (English) message stays in the tooltip and the DOM for support, not in the visible text.
 */
export function ErrorNote({ error, id }: { error: unknown; id?: string }) {
  const { t } = useTranslation();
  if (!error) return null;
  const code = errorCode(error);
  const known = t(`errors.${code}`, { defaultValue: '' });
  const serverText = error instanceof Error ? error.message : String(error);
  return (
    <p className="error-note" role="alert" id={id} data-code={code} title={serverText}>
      <span className="error-text">{known || t('errors.INTERNAL')}</span> <code className="error-code">{code}</code>
    </p>
  );
}
