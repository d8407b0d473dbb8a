import type { Camera } from '@ioc/protocol';
import { ApiRequestError } from '../api';
import type { CameraFormValues } from '../camera-body';
import { clearMessage, h } from '../dom';
import { showError } from '../describe-error';
import type { Actions } from '../actions';

type Key = keyof CameraFormValues;

const FIELDS: { key: Key; label: string; attrs: Record<string, string | boolean> }[] = [
  { key: 'id', label: 'Camera id', attrs: { required: true, maxlength: '64', autocomplete: 'off', spellcheck: 'false' } },
  { key: 'name', label: 'Name', attrs: { required: true, maxlength: '120', autocomplete: 'off' } },
  { key: 'district', label: 'District', attrs: { maxlength: '120', autocomplete: 'off' } },
  // Plain text, not type=url: the controller's validation (and its message) decides, not the browser's.
  { key: 'mainUrl', label: 'Main stream RTSP URL', attrs: { required: true, inputmode: 'url', placeholder: 'rtsp://10.0.0.5:554/stream1', autocomplete: 'off', spellcheck: 'false' } },
  { key: 'subUrl', label: 'Sub stream RTSP URL (optional)', attrs: { inputmode: 'url', placeholder: 'rtsp://10.0.0.5:554/stream2', autocomplete: 'off', spellcheck: 'false' } },
  { key: 'onvifAddress', label: 'ONVIF address (optional)', attrs: { inputmode: 'url', placeholder: 'http://10.0.0.5/onvif/device_service', autocomplete: 'off', spellcheck: 'false' } },
  { key: 'username', label: 'User name', attrs: { autocomplete: 'off', spellcheck: 'false' } },
  // Never prefilled, and the browser must not offer a saved console password here.
  { key: 'password', label: 'Password', attrs: { type: 'password', autocomplete: 'new-password' } },
];

export interface CameraForm {
  el: HTMLElement;
  /** Opens the form for a new camera (null) or an existing one; `opener` gets the focus back. */
  open(camera: Camera | null, opener?: HTMLElement): void;
}

/** Add/edit form for admins and technicians. Credentials are write-only: shown only as "set". */
export function renderCameraForm(actions: Actions, onSaved: (text: string) => void): CameraForm {
  const inputs = Object.fromEntries(
    FIELDS.map((f) => [f.key, h('input', { id: `camera-${f.key}`, name: f.key, type: 'text', ...f.attrs })]),
  ) as Record<Key, HTMLInputElement>;
  const title = h('h3', { id: 'camera-form-title' }, 'Add camera');
  const credState = h('span', { id: 'camera-credentials-state' });
  const clearCreds = h('button', { type: 'button', id: 'camera-clear-credentials' }, 'Clear credentials');
  const save = h('button', { type: 'submit', class: 'primary' }, 'Save camera');
  const cancel = h('button', { type: 'button' }, 'Cancel');
  const message = h('div', { class: 'message', id: 'camera-form-message', hidden: true });
  let editing: Camera | null = null;
  let returnTo: HTMLElement | null = null;

  const field = (f: (typeof FIELDS)[number]) =>
    h('label', { class: 'field', for: `camera-${f.key}` }, h('span', {}, f.label), inputs[f.key]);
  const form = h(
    'form',
    { class: 'camera-form', 'aria-labelledby': 'camera-form-title', hidden: true },
    title,
    h('div', { class: 'camera-fields' }, ...FIELDS.slice(0, 6).map(field)),
    h(
      'fieldset',
      { class: 'camera-credentials' },
      h('legend', {}, 'Credentials (write-only)'),
      h('p', { class: 'hint' }, credState, ' ', clearCreds),
      h('div', { class: 'camera-fields' }, ...FIELDS.slice(6).map(field)),
    ),
    message,
    h('div', { class: 'buttons' }, save, cancel),
  );

  function markInvalid(err: unknown): void {
    const issues = err instanceof ApiRequestError ? issuePaths(err.details) : [];
    let first: HTMLInputElement | null = null;
    for (const path of issues) {
      const input = inputs[path.split('.')[0] as Key] as HTMLInputElement | undefined;
      if (!input) continue;
      input.setAttribute('aria-invalid', 'true');
      input.setAttribute('aria-describedby', 'camera-form-message');
      first ??= input;
    }
    first?.focus();
  }

  function resetMarks(): void {
    for (const i of Object.values(inputs)) {
      i.removeAttribute('aria-invalid');
      i.removeAttribute('aria-describedby');
    }
    clearMessage(message);
  }

  function showCredentials(c: Camera | null): void {
    const set = c?.hasCredentials ?? false;
    credState.textContent = c ? (set ? 'credentials set' : 'no credentials stored') : 'Optional: stored on the controller, never shown again.';
    credState.className = set ? 'credentials-set' : 'hint';
    clearCreds.hidden = !set;
    inputs.username.placeholder = set ? 'unchanged unless typed' : '';
    inputs.password.placeholder = set ? 'unchanged unless typed' : '';
  }

  function close(): void {
    form.hidden = true;
    form.reset();
    editing = null;
    resetMarks();
    returnTo?.focus();
  }

  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    resetMarks();
    const values = Object.fromEntries(FIELDS.map((f) => [f.key, inputs[f.key].value])) as unknown as CameraFormValues;
    save.disabled = true;
    actions
      .saveCamera(editing, values)
      .then((saved) => {
        const verb = editing ? 'updated' : 'added';
        close();
        onSaved(`Camera ${saved.name} (${saved.id}) ${verb}${saved.hasCredentials ? ', credentials set' : ''}.`);
      })
      .catch((err: unknown) => {
        showError(message, err);
        markInvalid(err);
      })
      .finally(() => (save.disabled = false));
  });
  cancel.addEventListener('click', close);
  form.addEventListener('keydown', (ev) => {
    if (ev.key === 'Escape') close();
  });
  clearCreds.addEventListener('click', () => {
    const cam = editing;
    if (!cam || !confirm(`Clear the stored user name and password of ${cam.name} (${cam.id})?`)) return;
    resetMarks();
    actions
      .clearCredentials(cam.id)
      .then((saved) => {
        editing = saved;
        showCredentials(saved);
        inputs.username.focus();
      })
      .catch((err: unknown) => showError(message, err));
  });

  return {
    el: form,
    open(camera, opener) {
      form.reset();
      resetMarks();
      editing = camera;
      returnTo = opener ?? null;
      title.textContent = camera ? `Edit camera ${camera.name}` : 'Add camera';
      inputs.id.value = camera?.id ?? '';
      inputs.id.readOnly = camera !== null;
      inputs.name.value = camera?.name ?? '';
      inputs.district.value = camera?.district ?? '';
      inputs.mainUrl.value = camera?.mainUrl ?? '';
      inputs.subUrl.value = camera?.subUrl ?? '';
      inputs.onvifAddress.value = camera?.onvifAddress ?? '';
      showCredentials(camera);
      form.hidden = false;
      (camera ? inputs.name : inputs.id).focus();
    },
  };
}

function issuePaths(details: unknown): string[] {
  const issues = details && typeof details === 'object' ? (details as { issues?: unknown }).issues : undefined;
  if (!Array.isArray(issues)) return [];
  return issues.flatMap((i) => (i && typeof i === 'object' && typeof (i as { path?: unknown }).path === 'string' ? [(i as { path: string }).path] : []));
}
