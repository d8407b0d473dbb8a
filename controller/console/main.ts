import './console.css';
import { createApi } from './api';
import { createActions } from './actions';
import { connectConsoleSocket } from './socket';
import { createStore } from './store';
import { h, showMessage } from './dom';
import { showError } from './describe-error';
import { can } from './permissions';
import { renderLoginView } from './views/login-view';
import { renderAlertsBar } from './views/alerts-bar';
import { renderHeader } from './views/header-view';
import { renderWallView } from './views/wall-view';
import { renderLayoutPanel } from './views/layout-panel';
import { renderTechnicianPanel } from './views/technician-panel';
import { renderHistoryPanel } from './views/history-panel';
import { renderAuditPanel } from './views/audit-panel';
import { renderCameraPanel } from './views/camera-panel';

const root = document.getElementById('app') ?? document.body;
const store = createStore();
const api = createApi({ getToken: () => store.get().session?.token ?? null });
/** Messages no panel owns: a session that ended, a wall that failed to load. */
const notice = h('div', { class: 'message', id: 'notice', hidden: true });
const notify = (kind: 'error' | 'info', text: string) => showMessage(notice, kind, text);
const actions = createActions({ store, api, connect: (token, handlers) => connectConsoleSocket(token, handlers), notify });
const onError = (err: unknown) => showError(notice, err);

let shownFor: string | null | undefined;
let views: ReturnType<typeof store.scoped> | null = null;

/** Swaps between the login page and the console when the signed-in user changes. */
store.watch(
  (s) => [s.session?.token ?? null],
  (s) => {
    const token = s.session?.token ?? null;
    if (token === shownFor) return;
    shownFor = token;
    views?.dispose();
    views = store.scoped();
    const vs = views;
    if (!s.session) {
      root.replaceChildren(notice, renderLoginView(actions));
      return;
    }
    notice.hidden = true;
    const r = s.session.user.roles;
    root.replaceChildren(
      renderHeader(vs, actions, onError),
      renderAlertsBar(vs),
      notice,
      h(
        'main',
        { class: 'console' },
        h('div', { class: 'col-main' }, renderWallView(vs, actions), renderLayoutPanel(vs, actions), renderCameraPanel(vs, actions)),
        h(
          'div',
          { class: 'col-side' },
          renderHistoryPanel(vs),
          can(r, 'pair') ? renderTechnicianPanel(vs, actions) : null,
          can(r, 'audit') ? renderAuditPanel(vs) : null,
        ),
      ),
    );
  },
);

void actions.resume().catch(onError);
