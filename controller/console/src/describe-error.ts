import { ApiRequestError } from './api';

export interface DescribedError {
  code: string;
  /** The controller's message, verbatim: for an invalid layout it names the tile and field. */
  text: string;
  /** One line per issue when the controller lists them in `details`. */
  extra: string[];
}

export function describeError(err: unknown): DescribedError {
  if (err instanceof ApiRequestError) {
    return { code: err.code, text: err.message, extra: issueLines(err.details, err.message) };
  }
  return { code: 'INTERNAL', text: err instanceof Error ? err.message : String(err), extra: [] };
}

function issueLines(details: unknown, message: string): string[] {
  const issues = Array.isArray(details)
    ? details
    : details && typeof details === 'object' && Array.isArray((details as { issues?: unknown }).issues)
      ? (details as { issues: unknown[] }).issues
      : [];
  const lines = issues.slice(0, 20).flatMap((raw) => {
    if (!raw || typeof raw !== 'object') return [];
    const i = raw as { tileId?: unknown; field?: unknown; path?: unknown; message?: unknown };
    const where = [typeof i.tileId === 'string' ? `tile ${i.tileId}` : '', typeof i.field === 'string' ? i.field : typeof i.path === 'string' ? i.path : '']
      .filter(Boolean)
      .join(' ');
    const what = typeof i.message === 'string' ? i.message : '';
    return where || what ? [where ? `${where}: ${what}` : what] : [];
  });
  // When the message already is the one issue, repeating it below adds nothing.
  return lines.length === 1 && lines[0] && message.includes(lines[0]) ? [] : lines;
}
