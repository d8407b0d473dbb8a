import type { LayoutIssue } from './types';

/** One line per issue, e.g. `tile "cam-3" (tiles[2]) rect.w: extends past the wall's right edge (…)`. */
export function formatLayoutIssues(issues: readonly LayoutIssue[], separator = '\n'): string {
  return issues
    .map((i) => {
      const where =
        i.index === null ? '' : i.tileId === null ? `tiles[${i.index}] ` : `tile "${i.tileId}" (tiles[${i.index}]) `;
      return `${where}${i.field}: ${i.message}`;
    })
    .join(separator);
}
