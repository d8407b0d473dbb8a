import { clearMessage, formatDateTime, guard, h, replaceKeepingFocus, showMessage, table } from '../dom';
import { showError } from '../describe-error';
import { can, deniedReason } from '../permissions';
import { roles } from '../store';
import type { Actions } from '../actions';
import type { Store } from '../store';

/** Pending screens waiting for a place on a wall, and the paired screens (technicians, admins). */
export function renderTechnicianPanel(store: Store, actions: Actions): HTMLElement {
  const pendingList = h('div', { class: 'pending-list' });
  const code = h('select', { id: 'pair-code', name: 'code', required: true });
  const wall = h('select', { id: 'pair-wall', name: 'wallId', required: true });
  const col = h('input', { id: 'pair-col', name: 'col', type: 'number', min: 0, step: 1, value: 0, required: true });
  const row = h('input', { id: 'pair-row', name: 'row', type: 'number', min: 0, step: 1, value: 0, required: true });
  const pair = h('button', { type: 'submit', id: 'pair', class: 'primary' }, 'Pair screen');
  const message = h('div', { class: 'message', id: 'tech-message', hidden: true });
  const screens = h('div', { class: 'screen-list' });
  const refresh = h('button', { type: 'button' }, 'Refresh');
  refresh.addEventListener('click', () => void actions.refreshTechnician().catch((err: unknown) => showError(message, err)));

  const form = h(
    'form',
    { class: 'pair-form' },
    field('Pairing code', code),
    field('Wall', wall),
    field('Column (from 0)', col),
    field('Row (from 0)', row),
    pair,
  );
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    clearMessage(message);
    const place = `${wall.value} column ${col.value}, row ${row.value}`;
    actions
      .pair(code.value, wall.value, Number(col.value), Number(row.value))
      .then(() => showMessage(message, 'success', `Screen ${code.value} paired at ${place}.`))
      .catch((err: unknown) => showError(message, err));
  });
  wall.addEventListener('change', () => bound());

  function bound(): void {
    const w = store.get().walls.find((x) => x.id === wall.value);
    if (!w) return;
    col.max = String(w.cols - 1);
    row.max = String(w.rows - 1);
  }

  store.watch(
    (s) => [s.pending, s.walls, s.wallId, s.session],
    (s) => {
      const r = roles(s);
      replaceKeepingFocus(
        pendingList,
        s.pending.length === 0
          ? [h('p', { class: 'hint' }, 'No screen is waiting to be paired.')]
          : [
              table(
                ['Code', 'Host name', 'Address'],
                s.pending.map((p) => [h('span', { class: 'pairing-code' }, p.code), p.hostname ?? '–', p.address ?? '–']),
              ),
            ],
      );
      const keep = code.value;
      code.replaceChildren(...s.pending.map((p) => h('option', { value: p.code }, `${p.code} — ${p.hostname ?? p.deviceId}`)));
      if (s.pending.some((p) => p.code === keep)) code.value = keep;
      const keepWall = wall.value || s.wallId || '';
      wall.replaceChildren(...s.walls.map((w) => h('option', { value: w.id }, `${w.name} (${w.cols}×${w.rows})`)));
      wall.value = keepWall;
      bound();
      guard(pair, can(r, 'pair'), deniedReason('pair'));
      if (can(r, 'pair') && s.pending.length === 0) pair.disabled = true;
    },
  );
  store.watch(
    (s) => [s.screens, s.walls, s.session],
    (s) => {
      const allowed = can(roles(s), 'unpair');
      replaceKeepingFocus(
        screens,
        s.screens.length === 0
          ? [h('p', { class: 'hint' }, 'No paired screens.')]
          : [
              table(
                ['Screen', 'Wall', 'Col, row', 'Host name', 'Paired', ''],
                s.screens.map((sc) => {
                  const b = h('button', { type: 'button', 'data-focus-key': `unpair-${sc.id}` }, 'Unpair');
                  guard(b, allowed, deniedReason('unpair'));
                  b.addEventListener('click', () => {
                    if (!confirm(`Unpair ${sc.id} (${sc.wallId} ${sc.col},${sc.row})? It will show a new pairing code.`)) return;
                    clearMessage(message);
                    actions
                      .unpair(sc.id)
                      .then(() => showMessage(message, 'success', `Unpaired ${sc.id}.`))
                      .catch((err: unknown) => showError(message, err));
                  });
                  return [sc.id, sc.wallId, `${sc.col}, ${sc.row}`, sc.hostname ?? '–', formatDateTime(sc.pairedAt), b];
                }),
              ),
            ],
      );
    },
  );

  return h(
    'section',
    { class: 'panel technician-panel', 'aria-labelledby': 'tech-title' },
    h('div', { class: 'panel-head' }, h('h2', { id: 'tech-title' }, 'Screens'), refresh),
    h('h3', {}, 'Waiting to be paired'),
    pendingList,
    form,
    message,
    h('h3', {}, 'Paired'),
    screens,
  );
}

function field(label: string, control: HTMLInputElement | HTMLSelectElement): HTMLElement {
  return h('label', { class: 'field' }, h('span', {}, label), control);
}
