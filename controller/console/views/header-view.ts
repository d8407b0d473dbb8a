import { h, replaceKeepingFocus } from '../dom';
import type { Actions } from '../actions';
import type { Store } from '../store';

/** Title, wall picker, live-link status, the signed-in user with roles, and logout. */
export function renderHeader(store: Store, actions: Actions, onError: (err: unknown) => void): HTMLElement {
  const picker = h('nav', { class: 'wall-picker', 'aria-label': 'Walls' });
  const status = h('span', { class: 'socket-status', role: 'status' });
  const user = h('div', { class: 'user' });
  const logout = h('button', { type: 'button', id: 'logout' }, 'Sign out');
  logout.addEventListener('click', () => void actions.logout().catch(onError));

  store.watch(
    (s) => [s.walls, s.wallId],
    (s) => {
      replaceKeepingFocus(
        picker,
        s.walls.map((w) => {
          const b = h(
            'button',
            { type: 'button', class: 'wall-tab', 'data-focus-key': `wall-${w.id}`, 'data-wall-id': w.id, 'aria-pressed': String(w.id === s.wallId) },
            `${w.name} (${w.cols}×${w.rows})`,
          );
          b.addEventListener('click', () => void actions.selectWall(w.id).catch(onError));
          return b;
        }),
      );
    },
  );
  store.watch(
    (s) => [s.socket],
    (s) => {
      status.className = `socket-status socket-${s.socket.status}`;
      status.textContent = `Live: ${s.socket.status}${s.socket.detail ? ` (${s.socket.detail})` : ''}`;
    },
  );
  store.watch(
    (s) => [s.session],
    (s) => {
      const u = s.session?.user;
      user.replaceChildren(
        h('span', { class: 'user-name', id: 'user-name' }, u?.username ?? ''),
        h('span', { class: 'roles', id: 'user-roles' }, ...(u?.roles ?? []).map((r) => h('span', { class: 'role' }, r))),
      );
    },
  );
  return h('header', { class: 'top' }, h('span', { class: 'brand' }, 'IOC wall console'), picker, status, user, logout);
}
