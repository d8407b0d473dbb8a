import { clearMessage, formatTime, guard, h, showMessage } from '../dom';
import { showError } from '../describe-error';
import { can, deniedReason } from '../permissions';
import { currentWall, roles, selectedLayout } from '../store';
import type { Actions } from '../actions';
import type { Store } from '../store';
import { legend, renderMiniMap } from './mini-map';

/** The live wall (tiles + per-screen sync), and the preview of the selected layout below it. */
export function renderWallView(store: Store, actions: Actions): HTMLElement {
  const title = h('h2', { id: 'wall-title' }, 'Wall');
  const live = h('div', { class: 'live' });
  const preview = h('div', { class: 'preview' });
  const message = h('div', { class: 'message', hidden: true });
  const identify = h('button', { type: 'button', id: 'identify' }, 'Identify screens');
  identify.addEventListener('click', () => {
    clearMessage(message);
    actions
      .identify()
      .then(() => showMessage(message, 'success', 'Each screen shows its position for 5 seconds.'))
      .catch((err: unknown) => showError(message, err));
  });

  store.watch(
    (s) => [s.walls, s.wallId, s.wallState, s.sync, s.session],
    (s) => {
      const wall = currentWall(s);
      title.textContent = wall ? `${wall.name} — ${wall.cols}×${wall.rows} screens` : 'No wall';
      guard(identify, can(roles(s), 'identify'), deniedReason('identify'));
      identify.hidden = !wall;
      if (!wall) return live.replaceChildren();
      const st = s.wallState;
      const caption = st
        ? `Live: v${st.version}${st.layoutId ? ` (${st.layoutId})` : ''}, by ${st.changedBy}${st.reason ? `: “${st.reason}”` : ''}, ${st.activateAt > Date.now() ? 'activates at' : 'active since'} ${formatTime(st.activateAt)}`
        : 'Live: no layout applied yet';
      live.replaceChildren(renderMiniMap(wall, st?.tiles ?? [], s.sync ?? { wallId: wall.id, version: 0, screens: [] }, caption, 'live-map'));
    },
  );
  store.watch(
    (s) => [s.walls, s.wallId, s.layouts, s.selectedLayoutId],
    (s) => {
      const wall = currentWall(s);
      const layout = selectedLayout(s);
      if (!wall || !layout) {
        preview.replaceChildren(h('p', { class: 'hint' }, 'Select a layout to preview it here before applying it.'));
        return;
      }
      preview.replaceChildren(renderMiniMap(wall, layout.tiles, null, `Preview: ${layout.name} (not applied)`, 'preview-map'));
    },
  );
  return h(
    'section',
    { class: 'panel wall-view', 'aria-labelledby': 'wall-title' },
    h('div', { class: 'panel-head' }, title, identify),
    live,
    legend(),
    message,
    preview,
  );
}
