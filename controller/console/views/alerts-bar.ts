import type { AlertKind } from '@ioc/protocol';
import { formatTime, h } from '../dom';
import type { Store } from '../store';

const KIND: Record<AlertKind, string> = {
  'screen-offline': 'Screen offline',
  'camera-offline': 'Camera offline',
  'feed-stale': 'Feed stale',
};

/** The active alerts, under the header on every page and for every role; hidden when there are none. */
export function renderAlertsBar(store: Store): HTMLElement {
  const bar = h('section', { class: 'alerts-bar', id: 'alerts', 'aria-live': 'polite', 'aria-label': 'Active alerts', hidden: true });
  store.watch(
    (s) => [s.alerts],
    (s) => {
      bar.hidden = s.alerts.length === 0;
      bar.replaceChildren(
        h('strong', { class: 'alerts-count' }, `${s.alerts.length} active alert${s.alerts.length === 1 ? '' : 's'}`),
        h(
          'ul',
          {},
          ...s.alerts.map((a) =>
            h('li', { class: `alert alert-${a.kind}`, 'data-alert-id': a.id, 'data-kind': a.kind, 'data-subject': a.subject }, h('span', { class: 'alert-kind' }, KIND[a.kind]), ` ${a.message} · since ${formatTime(a.since)}`),
          ),
        ),
      );
    },
  );
  return bar;
}
