import { formatDateTime, h, table } from '../dom';
import type { Store } from '../store';

/** Recent versions of the wall: who changed it, why and when. */
export function renderHistoryPanel(store: Store): HTMLElement {
  const body = h('div', { class: 'history-list' });
  store.watch(
    (s) => [s.history],
    (s) => {
      body.replaceChildren(
        s.history.length === 0
          ? h('p', { class: 'hint' }, 'No versions yet.')
          : table(
              ['Version', 'When', 'Who', 'Why', 'Layout'],
              s.history.map((v) => [`v${v.version}`, formatDateTime(v.createdAt), v.changedBy, v.reason ?? '–', v.layoutId ?? 'custom tiles']),
            ),
      );
    },
  );
  return h('section', { class: 'panel history-panel', 'aria-labelledby': 'history-title' }, h('h2', { id: 'history-title' }, 'History'), body);
}
