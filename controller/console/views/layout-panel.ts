import { clearMessage, formatTime, guard, h, replaceKeepingFocus, showMessage } from '../dom';
import { ApiRequestError } from '../api';
import { showError } from '../describe-error';
import { can, deniedReason } from '../permissions';
import { roles, selectedLayout } from '../store';
import type { Actions } from '../actions';
import type { Store } from '../store';
import type { Layout } from '@ioc/protocol';
import { MAX_REASON } from '@ioc/protocol';

/** Presets and saved layouts of the wall; select one to preview, then apply it with a reason. */
export function renderLayoutPanel(store: Store, actions: Actions): HTMLElement {
  const list = h('div', { class: 'layout-list', role: 'group', 'aria-label': 'Layouts' });
  const detail = h('p', { class: 'layout-detail', id: 'layout-detail' });
  const seen = h('p', { class: 'hint', id: 'seen-version' });
  const reason = h('input', { id: 'apply-reason', name: 'reason', maxlength: MAX_REASON, placeholder: 'e.g. flood response, shift change' });
  const apply = h('button', { type: 'submit', id: 'apply', class: 'primary' }, 'Apply to wall');
  const del = h('button', { type: 'button', id: 'delete-layout' }, 'Delete saved layout');
  const message = h('div', { class: 'message', id: 'apply-message', hidden: true });
  const roleNote = h('p', { class: 'hint role-note', hidden: true });

  const applyForm = h(
    'form',
    { class: 'apply-form' },
    h('label', { for: 'apply-reason' }, 'Reason (optional)'),
    reason,
    h('div', { class: 'buttons' }, apply, del),
  );
  applyForm.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const layout = selectedLayout(store.get());
    if (!layout) return;
    clearMessage(message);
    apply.disabled = true;
    actions
      .apply(layout.id, reason.value)
      .then((res) => {
        reason.value = '';
        showMessage(message, 'success', `Applied “${layout.name}” as v${res.version}; the screens switch at ${formatTime(res.activateAt)}.`);
      })
      .catch(async (err: unknown) => {
        if (err instanceof ApiRequestError && err.code === 'VERSION_CONFLICT') {
          // Show what the wall looks like now, so the operator decides again with fresh eyes.
          await actions.refreshWall().catch(() => undefined);
          const now = store.get().wallState?.version ?? currentVersionOf(err.details);
          showMessage(message, 'error', `The wall changed meanwhile (now v${now ?? '?'}), review and apply again.`, [], err.code);
        } else showError(message, err);
      })
      .finally(() => updateButtons());
  });
  del.addEventListener('click', () => {
    const layout = selectedLayout(store.get());
    if (!layout || !confirm(`Delete the saved layout “${layout.name}”?`)) return;
    clearMessage(message);
    actions
      .deleteLayout(layout.id)
      .then(() => showMessage(message, 'success', `Deleted “${layout.name}”.`))
      .catch((err: unknown) => showError(message, err));
  });

  const saveName = h('input', { id: 'save-name', name: 'name', maxlength: 120, required: true, placeholder: 'Name' });
  const save = h('button', { type: 'submit', id: 'save-layout' }, 'Save current wall as layout');
  const saveForm = h('form', { class: 'save-form' }, h('label', { for: 'save-name' }, 'Save what the wall shows now'), saveName, save);
  saveForm.addEventListener('submit', (ev) => {
    ev.preventDefault();
    clearMessage(message);
    actions
      .saveCurrentAs(saveName.value.trim())
      .then(() => {
        showMessage(message, 'success', `Saved “${saveName.value.trim()}”.`);
        saveName.value = '';
      })
      .catch((err: unknown) => showError(message, err));
  });

  function updateButtons(): void {
    const s = store.get();
    const r = roles(s);
    const layout = selectedLayout(s);
    guard(apply, can(r, 'apply'), deniedReason('apply'));
    if (can(r, 'apply') && !layout) apply.disabled = true;
    guard(save, can(r, 'saveLayout'), deniedReason('saveLayout'));
    if (can(r, 'saveLayout') && !s.wallState) save.disabled = true;
    guard(del, can(r, 'deleteLayout'), deniedReason('deleteLayout'));
    del.hidden = !layout || layout.builtin;
    roleNote.hidden = can(r, 'apply');
    roleNote.textContent = `Signed in as ${r.join(', ') || 'no role'}: you can preview layouts but not apply or save them.`;
  }

  store.watch(
    (s) => [s.layouts, s.selectedLayoutId],
    (s) => {
      const presets = s.layouts.filter((l) => l.builtin);
      const saved = s.layouts.filter((l) => !l.builtin);
      replaceKeepingFocus(list, [
        group('Presets', presets, s.selectedLayoutId, actions),
        group('Saved layouts', saved, s.selectedLayoutId, actions),
      ]);
      const layout = selectedLayout(s);
      detail.textContent = layout
        ? `${layout.name}: ${layout.tiles.length} tile${layout.tiles.length === 1 ? '' : 's'}${layout.description ? ` — ${layout.description}` : ''}`
        : 'No layout selected.';
    },
  );
  store.watch(
    (s) => [s.wallState, s.session, s.selectedLayoutId, s.layouts],
    (s) => {
      seen.textContent = s.wallState
        ? `You are looking at v${s.wallState.version}; applying is refused if the wall has changed since.`
        : 'The wall has no state yet.';
      updateButtons();
    },
  );

  return h(
    'section',
    { class: 'panel layout-panel', 'aria-labelledby': 'layouts-title' },
    h('h2', { id: 'layouts-title' }, 'Layouts'),
    list,
    detail,
    seen,
    roleNote,
    applyForm,
    message,
    saveForm,
  );
}

function group(title: string, layouts: Layout[], selected: string | null, actions: Actions): HTMLElement {
  return h(
    'div',
    { class: 'layout-group' },
    h('h3', {}, title),
    layouts.length === 0
      ? h('p', { class: 'hint' }, 'None.')
      : h(
          'ul',
          {},
          ...layouts.map((l) => {
            const b = h(
              'button',
              { type: 'button', class: 'layout-item', 'data-layout-id': l.id, 'data-focus-key': `layout-${l.id}`, 'aria-pressed': String(l.id === selected) },
              l.name,
            );
            b.addEventListener('click', () => actions.selectLayout(l.id === selected ? null : l.id));
            return h('li', {}, b);
          }),
        ),
  );
}

function currentVersionOf(details: unknown): number | undefined {
  if (details && typeof details === 'object') {
    const d = details as Record<string, unknown>;
    for (const k of ['currentVersion', 'version', 'actual']) if (typeof d[k] === 'number') return d[k];
  }
  return undefined;
}
