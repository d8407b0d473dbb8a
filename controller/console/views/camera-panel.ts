import type { Camera } from '@ioc/protocol';
import { clearMessage, h, replaceKeepingFocus, showMessage, table } from '../dom';
import { showError } from '../describe-error';
import { can, deniedReason } from '../permissions';
import { roles, streamKey } from '../store';
import type { ConsoleState, Store } from '../store';
import type { Actions } from '../actions';
import { renderCameraForm } from './camera-form';
import { streamBadge } from './stream-badge';

/**
 * The camera registry with each stream's live health, for every role. Admins and technicians
 * also add, edit and delete cameras; everyone else sees the list read-only.
 */
export function renderCameraPanel(store: Store, actions: Actions): HTMLElement {
  const editor = can(roles(store.get()), 'editCameras');
  const gateway = h('p', { class: 'gateway-status', id: 'gateway-status', role: 'status' });
  const list = h('div', { class: 'camera-list' });
  const message = h('div', { class: 'message', id: 'camera-message', hidden: true });
  const refresh = h('button', { type: 'button' }, 'Refresh');
  refresh.addEventListener('click', () => {
    clearMessage(message);
    void actions.refreshCameras().catch((err: unknown) => showError(message, err));
  });
  const form = editor ? renderCameraForm(actions, (text) => showMessage(message, 'success', text)) : null;
  const add = form ? h('button', { type: 'button', id: 'camera-add' }, 'Add camera') : null;
  add?.addEventListener('click', () => {
    clearMessage(message);
    form?.open(null, add);
  });

  function remove(cam: Camera): void {
    if (!confirm(`Delete camera ${cam.name} (${cam.id})? Tiles showing it lose their picture.`)) return;
    clearMessage(message);
    actions
      .deleteCamera(cam.id)
      .then(() => showMessage(message, 'success', `Camera ${cam.name} (${cam.id}) deleted.`))
      .catch((err: unknown) => showError(message, err));
  }

  function row(s: ConsoleState, cam: Camera): (string | Node)[] {
    const status = (p: 'main' | 'sub') => s.streams[streamKey(cam.id, p)] ?? cam.status?.[p] ?? undefined;
    const cells: (string | Node)[] = [
      h('span', { class: 'camera-name' }, cam.name, h('small', { class: 'camera-id' }, cam.id)),
      cam.district || '–',
      streamBadge(cam.id, 'main', status('main')),
      cam.subUrl || status('sub') ? streamBadge(cam.id, 'sub', status('sub')) : h('span', { class: 'hint' }, 'no sub stream'),
      cam.hasCredentials ? h('span', { class: 'credentials-set' }, 'credentials set') : '–',
    ];
    if (!form) return cells;
    const edit = h('button', { type: 'button', 'data-focus-key': `edit-${cam.id}`, 'aria-label': `Edit ${cam.name}` }, 'Edit');
    edit.addEventListener('click', () => {
      clearMessage(message);
      form.open(cam, edit);
    });
    const del = h('button', { type: 'button', class: 'danger', 'data-focus-key': `delete-${cam.id}`, 'aria-label': `Delete ${cam.name}` }, 'Delete');
    del.addEventListener('click', () => remove(cam));
    return [...cells, h('span', { class: 'row-buttons' }, edit, del)];
  }

  store.watch(
    (s) => [s.cameras, s.streams],
    (s) => {
      const head = ['Camera', 'District', 'Main stream', 'Sub stream', 'Credentials', ...(form ? ['Actions'] : [])];
      replaceKeepingFocus(
        list,
        s.cameras === null
          ? [h('p', { class: 'hint' }, 'Loading cameras…')]
          : s.cameras.length === 0
            ? [h('p', { class: 'hint' }, 'No camera is registered.')]
            : [table(head, s.cameras.map((c) => row(s, c)))],
      );
    },
  );
  store.watch(
    (s) => [s.gatewayConnected],
    (s) => {
      const g = s.gatewayConnected;
      gateway.dataset.connected = g === null ? 'unknown' : String(g);
      gateway.textContent =
        g === null ? 'Media gateway: unknown' : g ? 'Media gateway: connected' : 'Media gateway: not connected (its streams count as offline)';
    },
  );

  return h(
    'section',
    { class: 'panel camera-panel', 'aria-labelledby': 'camera-title' },
    h('div', { class: 'panel-head' }, h('h2', { id: 'camera-title' }, 'Cameras'), h('span', { class: 'buttons' }, add, refresh)),
    gateway,
    list,
    message,
    form?.el ?? h('p', { class: 'hint', id: 'camera-read-only' }, `Read-only. ${deniedReason('editCameras')} to manage cameras.`),
  );
}
