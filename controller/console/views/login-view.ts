import { clearMessage, h } from '../dom';
import { showError } from '../describe-error';
import type { Actions } from '../actions';

export function renderLoginView(actions: Actions): HTMLElement {
  const username = h('input', { id: 'login-username', name: 'username', autocomplete: 'username', required: true, maxlength: 64 });
  const password = h('input', { id: 'login-password', name: 'password', type: 'password', autocomplete: 'current-password', required: true, maxlength: 256 });
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Sign in');
  const message = h('div', { class: 'message', id: 'login-message', hidden: true });
  const form = h(
    'form',
    { class: 'login-form', 'aria-labelledby': 'login-title' },
    h('h1', { id: 'login-title' }, 'IOC wall console'),
    h('label', { for: 'login-username' }, 'User name'),
    username,
    h('label', { for: 'login-password' }, 'Password'),
    password,
    submit,
    message,
  );
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    clearMessage(message);
    submit.disabled = true;
    actions
      .login(username.value.trim(), password.value)
      .catch((err: unknown) => {
        showError(message, err);
        password.select();
      })
      .finally(() => {
        submit.disabled = false;
      });
  });
  queueMicrotask(() => username.focus());
  return h('main', { class: 'login-page' }, form);
}
