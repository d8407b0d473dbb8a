type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | number | boolean | null | undefined | EventListener>;

/**
 * Builds an element. Text always goes through text nodes, never innerHTML, so names coming from
 * the controller (labels, hostnames, reasons) cannot inject markup.
 */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (typeof value === 'function') el.addEventListener(key.replace(/^on/, ''), value);
    else if (value === true) el.setAttribute(key, '');
    else el.setAttribute(key, String(value));
  }
  append(el, children);
  return el;
}

export function append(el: Element, children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

/**
 * Replaces a container's children and puts the keyboard focus back on the element with the
 * same `data-focus-key`, so live updates never throw a keyboard user out of a list.
 */
export function replaceKeepingFocus(container: Element, children: Child[]): void {
  const active = document.activeElement;
  const key = active && container.contains(active) ? (active as HTMLElement).dataset.focusKey : undefined;
  container.replaceChildren();
  append(container, children);
  if (key) container.querySelector<HTMLElement>(`[data-focus-key="${CSS.escape(key)}"]`)?.focus();
}

/** Disables a control the user's roles do not allow, and says why in its tooltip. */
export function guard(el: HTMLButtonElement | HTMLInputElement | HTMLSelectElement, allowed: boolean, why: string): void {
  el.disabled = !allowed;
  if (allowed) el.removeAttribute('title');
  else el.title = why;
}

export type MessageKind = 'error' | 'success' | 'info';

/** Shows a message in a panel's message area; errors are announced at once. */
export function showMessage(area: HTMLElement, kind: MessageKind, text: string, extra: string[] = [], code?: string): void {
  area.className = `message message-${kind}`;
  area.setAttribute('role', kind === 'error' ? 'alert' : 'status');
  area.replaceChildren();
  if (code) area.append(h('p', { class: 'message-code' }, code));
  area.append(h('p', { class: 'message-text' }, text));
  if (extra.length) area.append(h('ul', {}, ...extra.map((x) => h('li', {}, x))));
  area.hidden = false;
}

export function clearMessage(area: HTMLElement): void {
  area.hidden = true;
  area.replaceChildren();
}

export function formatTime(ms: number): string {
  return new Date(ms).toLocaleTimeString(undefined, { hour12: false });
}

export function formatDateTime(ms: number): string {
  return new Date(ms).toLocaleString(undefined, { hour12: false });
}

export function table(head: string[], rows: (string | Node)[][]): HTMLTableElement {
  return h(
    'table',
    {},
    h('thead', {}, h('tr', {}, ...head.map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, ...rows.map((r) => h('tr', {}, ...r.map((c) => h('td', {}, c))))),
  );
}
