/**
 * Building DOM nodes without HTML strings: every piece of text (names, models, bodies that come
 * from the API) becomes a text node, so nothing from data is ever parsed as markup.
 */

/** What a child may be: a node, text, or nothing (skipped). */
export type Child = Node | string | number | null | undefined | false;

/** Attributes: strings set as attributes, functions under `on*` as listeners, false/null/undefined skipped. */
export type Attrs = Record<string, string | number | boolean | null | undefined | ((event: Event) => void)>;

/** Creates an element with attributes and children. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: (Child | Child[])[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (typeof value === 'function') el.addEventListener(name.slice(2).toLowerCase(), value);
    else if (name === 'style') throw new Error('set styles through el.style (the CSP forbids style attributes)');
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  append(el, ...children);
  return el;
}

/** Appends children (text as text nodes). */
export function append(parent: Node, ...children: (Child | Child[])[]): void {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
}

/** Replaces an element's children. */
export function replace(parent: Element, ...children: (Child | Child[])[]): void {
  parent.replaceChildren();
  append(parent, ...children);
}

let ids = 0;
/** A fresh element id for label/aria wiring. */
export function uid(prefix: string): string {
  ids += 1;
  return `${prefix}-${ids}`;
}

/** A labelled form field: label above the control. */
export function field(label: string, control: HTMLElement, hint?: string): HTMLElement {
  const id = control.id || uid('f');
  control.id = id;
  return h('div', { class: 'field' }, h('label', { for: id }, label), control, hint ? h('span', { class: 'hint' }, hint) : null);
}

/** A select with options [value, text]. */
export function select(name: string, options: [string, string][], value?: string): HTMLSelectElement {
  const el = h('select', { name }, ...options.map(([v, t]) => h('option', { value: v }, t)));
  el.value = value !== undefined && options.some(([v]) => v === value) ? value : (options[0]?.[0] ?? '');
  return el;
}

/** A scroll container for a table, so only the table scrolls sideways on a phone. */
export function tableWrap(table: HTMLTableElement, label: string): HTMLElement {
  return h('div', { class: 'table-wrap', role: 'region', 'aria-label': label, tabindex: 0 }, table);
}

/** A message box; errors are announced to screen readers. */
export function notice(kind: 'error' | 'info' | 'empty', text: string): HTMLElement {
  return h('p', { class: `notice notice-${kind}`, role: kind === 'error' ? 'alert' : 'status' }, text);
}
