import { formatDateTime, h, table } from '../dom';
import type { Store } from '../store';

/** The controller's audit log (admins only; the panel is not mounted for others). */
export function renderAuditPanel(store: Store): HTMLElement {
  const body = h('div', { class: 'audit-list' });
  store.watch(
    (s) => [s.audit],
    (s) => {
      body.replaceChildren(
        s.audit.length === 0
          ? h('p', { class: 'hint' }, 'No entries.')
          : table(
              ['When', 'Who', 'What', 'Target'],
              s.audit.map((a) => [formatDateTime(a.at), a.actor, a.action, a.target ?? '–']),
            ),
      );
    },
  );
  return h('section', { class: 'panel audit-panel', 'aria-labelledby': 'audit-title' }, h('h2', { id: 'audit-title' }, 'Audit log'), body);
}
